package io.labcheck.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of results: results files are shared (CI artifacts, reports), and a step's evidence
 * can easily carry a key pair's private key or AWS credentials the step printed.
 */
public final class Redactor {
    static final String PRIVATE_KEY = "[redacted: private key]";
    static final String ACCESS_KEY_ID = "[redacted: AWS access key id]";
    static final String SECRET_KEY = "[redacted: AWS secret key]";

    private static final Pattern PEM_PATTERN = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:.*?-----END [A-Z0-9 ]*PRIVATE KEY-----|.*\\z)", Pattern.DOTALL);
    private static final Pattern ACCESS_KEY_ID_PATTERN = Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");
    // an AWS secret access key is 40 characters of base64's alphabet; requiring upper, lower and a digit
    // keeps lowercase hex digests (a git commit, a SHA-1) out of it
    private static final Pattern SECRET_KEY_PATTERN = Pattern.compile(
            "(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

    private Redactor() {
    }

    /** The value with secrets replaced by a marker saying what was there; null stays null. */
    public static String redact(String value) {
        if (value == null) {
            return null;
        }
        // A PEM block from its BEGIN line to its END line, or to the end of the value when it was cut off;
        // OpenSSH's "UNPROTECTED PRIVATE KEY FILE" warning is words about a key, not a key, and stays.
        String out = PEM_PATTERN.matcher(value).replaceAll(Matcher.quoteReplacement(PRIVATE_KEY));
        out = ACCESS_KEY_ID_PATTERN.matcher(out).replaceAll(Matcher.quoteReplacement(ACCESS_KEY_ID));
        return SECRET_KEY_PATTERN.matcher(out).replaceAll(Matcher.quoteReplacement(SECRET_KEY));
    }
}
