package io.labcheck.cloud.embedded;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 {@code Authorization} header as AWS does: the signature is computed again from the
 * request and the caller's secret key and must be the one sent. The algorithm is AWS's published one (canonical request,
 * string to sign, a signing key derived by HMAC over date, region, service); nothing of the secret is ever logged.
 */
final class SigV4 {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** AWS refuses a request signed further than this from its own clock. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /** The parts of an {@code Authorization} header. */
    record Credential(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
                      String signature) {}

    static Optional<Credential> parse(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Credential(m.group(1), m.group(2), m.group(3), m.group(4),
                List.of(m.group(5).split(";")), m.group(6)));
    }

    /**
     * Verifies {@code request} against {@code secret}: answers EC2's error when the date is missing or too far from
     * {@code now}, or when the signature is not the one the secret gives.
     */
    static void verify(SignedRequest request, Credential credential, String secret, Instant now) {
        String amzDate = request.header("x-amz-date");
        if (amzDate == null || !credential.signedHeaders().contains("host")) {
            throw new Ec2Error("AuthFailure", "The request must be signed with SigV4 over host and x-amz-date", 401);
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new Ec2Error("AuthFailure", "X-Amz-Date '" + amzDate + "' is not in the form 20261126T090000Z", 401);
        }
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new Ec2Error("RequestExpired", "Request has expired: it was signed at " + amzDate
                    + ", more than 15 minutes from this endpoint's clock", 400);
        }
        if (!amzDate.startsWith(credential.date())) {
            throw new Ec2Error("AuthFailure", "The credential's date " + credential.date()
                    + " is not the date of X-Amz-Date " + amzDate, 401);
        }
        String expected = signature(request, credential, secret, amzDate);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                credential.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new Ec2Error("SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                    + "documentation for details.", 403);
        }
    }

    static String signature(SignedRequest request, Credential credential, String secret, String amzDate) {
        String scope = credential.date() + "/" + credential.region() + "/" + credential.service() + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical(request, credential)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), credential.date());
        key = hmac(key, credential.region());
        key = hmac(key, credential.service());
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    private static byte[] canonical(SignedRequest request, Credential credential) {
        StringBuilder headers = new StringBuilder();
        for (String name : credential.signedHeaders()) {
            String value = request.header(name);
            headers.append(name).append(':').append(value == null ? "" : value.trim().replaceAll("\\s+", " ")).append('\n');
        }
        String canonical = request.method() + "\n" + canonicalPath(request.path()) + "\n"
                + canonicalQuery(request.rawQuery()) + "\n" + headers + "\n" + String.join(";", credential.signedHeaders())
                + "\n" + hex(sha256(request.body()));
        return canonical.getBytes(StandardCharsets.UTF_8);
    }

    /** Each segment encoded once more than it arrived, as every service but S3 signs the path. */
    private static String canonicalPath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            segments.add(encode(s));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(new String[] {encode(k), encode(v)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return String.join("&", pairs.stream().map(p -> p[0] + "=" + p[1]).toList());
    }

    /** RFC 3986 unreserved characters kept, everything else percent-encoded in upper-case hex. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private SigV4() {}
}
