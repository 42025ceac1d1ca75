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

    /** A place in the document: its section heading and line, either null when unknown. */
    public record Place(String section, Integer line) {
    }
}
