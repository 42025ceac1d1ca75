package io.labcheck.cloud.embedded;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Resource ids in AWS's shapes: a prefix and 17 hex digits ({@code i-0a1b2c...}). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    static String next(String prefix) {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return prefix + "-0" + HexFormat.of().formatHex(bytes).substring(0, 16);
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }

    /** True when {@code id} has the prefix and a hex body of 8 or 17 digits, as EC2 checks. */
    static boolean wellFormed(String id, String prefix) {
        if (id == null || !id.startsWith(prefix + "-")) {
            return false;
        }
        String body = id.substring(prefix.length() + 1);
        return (body.length() == 8 || body.length() == 17) && body.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private Ids() {}
}
