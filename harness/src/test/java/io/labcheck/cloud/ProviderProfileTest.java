package io.labcheck.cloud;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderProfileTest {

    @Test
    void gabiasConsoleWordsMapOntoTheInstanceModel() {
        ProviderProfile gabia = ProviderProfile.named("gabia");
        assertThat(gabia.name()).isEqualTo("Gabia Cloud Gen2");
        assertThat(gabia.shown("pending")).isEqualTo("Creating → Starting");
        assertThat(gabia.shown("running")).isEqualTo("Running");
        assertThat(gabia.shown("rebooting")).as("a state the profile does not name is shown as EC2 names it").isEqualTo("rebooting");
        assertThat(gabia.availabilityZone("가산B", "ap-northeast-2")).contains("ap-northeast-2b");
        assertThat(gabia.availabilityZone("판교C", "ap-northeast-2")).isEmpty();
        assertThat(gabia.offers(2, 4)).isTrue();
        assertThat(gabia.offers(2, 8)).as("not in its spec table").isFalse();
        assertThat(gabia.isAws()).isFalse();
    }

    @Test
    void theProviderIsTheConsoleTheDocumentOpensElseTheOneItNamesElseAws() {
        assertThat(ProviderProfile.recognise(List.of("https://www.gabiacloud.com/console"), "").id()).isEqualTo("gabia");
        assertThat(ProviderProfile.recognise(List.of("https://console.aws.amazon.com/ec2"), "가비아 콘솔").id())
                .as("the console it opens wins over a word").isEqualTo("aws");
        assertThat(ProviderProfile.recognise(List.of(), "open the Gabia console").id()).isEqualTo("gabia");
        assertThat(ProviderProfile.recognise(List.of("http://203.0.113.10:8000/"), "launch an instance").id()).isEqualTo("aws");
        ProviderProfile aws = ProviderProfile.aws();
        assertThat(aws.offers(3, 7)).as("AWS offers types by name: no spec table to hold a size against").isTrue();
        assertThat(aws.shown("pending")).isEqualTo("Pending");
    }

    @Test
    void anUnknownProfileNamesTheKnownOnes() {
        assertThatThrownBy(() -> ProviderProfile.named("azure")).hasMessageContaining("no provider profile 'azure'")
                .hasMessageContaining("aws, gabia");
    }
}
