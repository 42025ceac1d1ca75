package io.labcheck.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    @Test
    void privateKeysAreReplacedWhole() {
        assertThat(Redactor.redact("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"))
                .isEqualTo(Redactor.PRIVATE_KEY);
    }

    @Test
    void aKeyInsideOtherTextGoesAndTheTextStays() {
        assertThat(Redactor.redact("before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\nafter"))
                .isEqualTo("before\n" + Redactor.PRIVATE_KEY + "\nafter");
        assertThat(Redactor.redact("cut: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA"))
                .as("a key cut off before its END line still goes").isEqualTo("cut: " + Redactor.PRIVATE_KEY);
    }

    @Test
    void openSshsWarningAboutAKeyIsNotAKey() {
        String warning = "@ WARNING: UNPROTECTED PRIVATE KEY FILE! @ Permissions 0644 for 'my_app.pem' are too open.";
        assertThat(Redactor.redact(warning)).isEqualTo(warning);
    }

    @Test
    void awsAccessKeyIdsAndSecretsAreReplacedInPlace() {
        assertThat(Redactor.redact("id AKIAIOSFODNN7EXAMPLE secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY."))
                .isEqualTo("id " + Redactor.ACCESS_KEY_ID + " secret=" + Redactor.SECRET_KEY + ".");
        assertThat(Redactor.redact("ASIAY34FZKBOKMUTVV7A")).isEqualTo(Redactor.ACCESS_KEY_ID);
    }

    @Test
    void ordinaryEvidenceIsLeftAlone() {
        String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        String fingerprint = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
        for (String text : new String[] {sha1, fingerprint, "fastapi 0.92.0", "i-0123456789abcdef0", "", "ubuntu@127.77.0.5"}) {
            assertThat(Redactor.redact(text)).isEqualTo(text);
        }
        assertThat(Redactor.redact(null)).isNull();
    }
}
