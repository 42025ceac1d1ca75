package io.labcheck.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The document's stand-ins for the server's address and the key file, bound to the run's values. */
class BindingsTest {

    @Test
    void aPageIsTheServerWhenItsHostIsAnAddressOrAPlaceholderForIt() {
        assertThat(Bindings.pointsAtServer("http://123.456.789.10:8000/docs")).isTrue();
        assertThat(Bindings.pointsAtServer("http://<public-ip>:8000/")).isTrue();
        assertThat(Bindings.pointsAtServer("http://YOUR_EC2_PUBLIC_IP:8000/")).isTrue();
        assertThat(Bindings.pointsAtServer("http://localhost:8000/health")).isTrue();
        assertThat(Bindings.pointsAtServer("https://www.gabiacloud.com")).isFalse();
        assertThat(Bindings.pointsAtServer("https://console.aws.amazon.com/ec2/")).isFalse();
    }

    @Test
    void placeholdersBecomeTheInstancesAddressAndAreRemembered() {
        Bindings b = new Bindings();
        b.publicIp("127.77.0.9");
        assertThat(b.bind("ssh -i k.pem ubuntu@<public-ip>", false)).isEqualTo("ssh -i k.pem ubuntu@127.77.0.9");
        assertThat(b.bind("ssh ubuntu@my_server_ip", false)).isEqualTo("ssh ubuntu@127.77.0.9");
        assertThat(b.bind("curl http://YOUR_EC2_PUBLIC_IP:8000/", true)).isEqualTo("curl http://127.77.0.9:8000/");
        assertThat(b.bind("curl http://<퍼블릭-IP>:8000", true)).isEqualTo("curl http://127.77.0.9:8000");
        assertThat(b.used()).containsKeys("<public-ip>", "my_server_ip", "YOUR_EC2_PUBLIC_IP", "<퍼블릭-IP>");
    }

    @Test
    void anExampleAddressIsBoundOnlyFromOutside() {
        Bindings b = new Bindings();
        b.publicIp("127.77.0.9");
        assertThat(b.bind("http://43.200.244.121:8000/", true)).isEqualTo("http://127.77.0.9:8000/");
        assertThat(b.bind("uvicorn main:app --host 0.0.0.0", true)).isEqualTo("uvicorn main:app --host 0.0.0.0");
        assertThat(b.bind("curl http://127.0.0.1:8000/", true)).isEqualTo("curl http://127.0.0.1:8000/");
        assertThat(b.bind("echo 43.200.244.121", false)).isEqualTo("echo 43.200.244.121");
    }

    @Test
    void htmlIsNotAPlaceholder() {
        Bindings b = new Bindings();
        b.publicIp("127.77.0.9");
        assertThat(b.bind("<script>x</script> <description>", false)).isEqualTo("<script>x</script> <description>");
    }
}
