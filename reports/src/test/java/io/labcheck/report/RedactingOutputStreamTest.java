package io.labcheck.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingOutputStreamTest {

    private static String through(String... prints) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PrintStream log = new PrintStream(new RedactingOutputStream(sink), true, StandardCharsets.UTF_8)) {
            for (String p : prints) {
                log.print(p);
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPrivateKeyPrintedInPiecesBecomesOneMarkerLine() throws IOException {
        String out = through("[step] wrote my_app.pem:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow",
                "IBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\n", "[step] done\n");

        assertThat(out).isEqualTo("[step] wrote my_app.pem:\n" + Redactor.PRIVATE_KEY + "\n[step] done\n");
    }

    @Test
    void awsKeysAreReplacedAndEverythingElseIsKept() throws IOException {
        String out = through("key AKIAIOSFODNN7EXAMPLE in use\n", "한글 ✓ WARNING: UNPROTECTED PRIVATE KEY FILE!\n", "no newline");

        assertThat(out).isEqualTo("key " + Redactor.ACCESS_KEY_ID + " in use\n"
                + "한글 ✓ WARNING: UNPROTECTED PRIVATE KEY FILE!\nno newline");
    }

    @Test
    void aKeyCutOffBeforeItsEndStaysHidden() throws IOException {
        assertThat(through("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"))
                .isEqualTo(Redactor.PRIVATE_KEY + "\n");
    }
}
