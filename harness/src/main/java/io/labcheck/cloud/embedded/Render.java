package io.labcheck.cloud.embedded;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Shared pieces of EC2's XML: tag sets, timestamps. */
final class Render {

    static void tags(Xml parent, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        Xml set = parent.child("tagSet");
        tags.forEach((k, v) -> set.item().add("key", k).add("value", v));
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private Render() {}
}
