package io.labcheck.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A log that keeps secrets out as it is written, line by line: a PEM private key block (from its BEGIN
 * line to its END line) becomes one marker line, and each other line goes through {@link Redactor}.
 * For the output of a run (its scenarios print what they do), which is shared like its results.
 */
public final class RedactingOutputStream extends OutputStream {
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");
    private static final Pattern END = Pattern.compile("-----END [A-Z0-9 ]*PRIVATE KEY-----");

    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean inKey;

    public RedactingOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emitLine();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            emitLine();
        }
        out.close();
    }

    private void emitLine() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        String shown;
        if (inKey) {
            inKey = !END.matcher(text).find();
            shown = null;
        } else if (BEGIN.matcher(text).find()) {
            inKey = !END.matcher(text).find();
            shown = text.substring(0, BEGIN.matcher(text).results().findFirst().orElseThrow().start())
                    + Redactor.PRIVATE_KEY + (text.endsWith("\n") ? "\n" : "");
        } else {
            shown = Redactor.redact(text);
        }
        if (shown != null) {
            out.write(shown.getBytes(StandardCharsets.UTF_8));
        }
    }
}
