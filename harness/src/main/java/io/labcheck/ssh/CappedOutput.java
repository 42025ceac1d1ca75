package io.labcheck.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a command's output up to a limit, so a runaway command ({@code yes}) cannot exhaust the harness's
 * memory before its timeout; what is dropped is counted and said at the end of the text.
 */
final class CappedOutput extends OutputStream {
    static final int DEFAULT_LIMIT = 16 * 1024 * 1024;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private long dropped;

    CappedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < limit) {
            kept.write(b);
        } else {
            dropped++;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.min(len, limit - kept.size());
        if (room > 0) {
            kept.write(b, off, room);
        }
        dropped += len - Math.max(room, 0);
    }

    /** The output as UTF-8 text, with a note if some of it was dropped. */
    synchronized String text(String streamName) {
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? text
                : text + "\n[labcheck: " + dropped + " more bytes of " + streamName + " were not kept]";
    }
}
