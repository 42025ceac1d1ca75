package io.labcheck.cloud.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPoolTest {

    @Test
    void twoPoolsStartingAtTheSameAddressNeverHandOutTheSameOne() {
        // a range no other test uses; the second pool meets the first one's locks, as another process's would
        AddressPool first = new AddressPool("127.93.0.0/16", 300);
        AddressPool second = new AddressPool("127.93.0.0/16", 300);
        String a = first.nextAddress();
        String b = second.nextAddress();
        String c = first.nextAddress();
        assertThat(a).startsWith("127.93.1."); // .44, unless another run of this test holds it
        assertThat(b).isNotEqualTo(a);
        assertThat(c).isNotIn(a, b);
    }

    @Test
    void skipsNetworkAndBroadcastLookingAddresses() {
        AddressPool pool = new AddressPool("127.94.0.0/16", 255);
        assertThat(pool.nextAddress()).startsWith("127.94.1.").isNotEqualTo("127.94.1.0"); // .1, unless another run holds it
    }

    @Test
    void aRangeThatIsNotASlash16IsRefusedNamingTheForm() {
        assertThatThrownBy(() -> new AddressPool("127.0.0.0/8")).hasMessageContaining("must be an IPv4 /16");
    }
}
