package io.labcheck.report;

import com.samskivert.mustache.Template;

import java.io.IOException;
import java.nio.file.Path;

/** Renders a {@link ScorecardReport} as one offline page (no scripts, CSS inline, every value escaped). */
final class ScorecardHtml {
    private static final Template TEMPLATE = Templates.compile("scorecard.html.mustache");

    static Path write(ScorecardReport card, Path dir) throws IOException {
        return Templates.write(TEMPLATE, card, dir, ScorecardReport.HTML);
    }

    private ScorecardHtml() {}
}
