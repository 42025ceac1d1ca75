package io.labcheck.report;

/** A place in a lab document in words, the same in every report: "section · line 12". */
final class Places {
    private Places() {
    }

    /** The place in words, or null when neither its section nor its line is known. */
    static String where(DocumentFinding.Place place) {
        String line = place.line() == null ? null : "line " + place.line();
        if (place.section() == null) {
            return line;
        }
        return line == null ? place.section() : place.section() + " · " + line;
    }
}
