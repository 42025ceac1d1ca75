package io.labcheck.cloud.embedded;

import java.util.Map;

/**
 * An HTTP request as it reached the endpoint, with what AWS Signature Version 4 covers: the method, the path, the raw
 * query string, the headers (names in lower case) and the body.
 */
record SignedRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
