package io.labcheck.report;

import java.util.List;
import java.util.Objects;

/** Something wrong with the lab document itself, with the places in it that show it. */
public record DocumentFinding(String code, String message, List<Place> places) {
    public DocumentFinding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        places = List.copyOf(places);
    }

    /**
     * A place in the document: its section heading and line, either null when unknown.
     *
     * @param quote the document's own lines at that place, so a reader sees what is wrong without opening
     *              the document; null when not known
     */
    public record Place(String section, Integer line, String quote) {
        /** A place without a quote (what callers wrote before quotes existed). */
        public Place(String section, Integer line) {
            this(section, line, null);
        }
    }
}
