package io.labcheck.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's source: escaping, redaction, nothing fetched from elsewhere, the atomic write. */
class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void writesIndexHtmlBesideResultsJsonAndLeavesNoTemporaryFile() throws IOException {
        Path json = new ResultsWriter().write(ReportFixture.results(), dir);
        Path html = new HtmlReport().write(ReportFixture.results(), dir);
        assertThat(html).isEqualTo(dir.resolve("index.html")).hasParent(json.getParent());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(json, html);
        }
    }

    @Test
    void rewritingReplacesThePreviousPage() throws IOException {
        new HtmlReport().write(Results.of(ReportFixture.results().run(), List.of(), Environment.current()), dir);
        String page = write(ReportFixture.results());
        assertThat(page).contains(ReportFixture.FAILING_TITLE).doesNotContain("No labs ran");
    }

    @Test
    void markupInAStepsOutputIsShownAsText() throws IOException {
        String page = write(ReportFixture.results());
        assertThat(page).doesNotContain(ReportFixture.SCRIPT).doesNotContain("<script")
                .contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;");
    }

    @Test
    void aPrivateKeyInAnOutputTailNeverReachesThePage() throws IOException {
        String page = write(ReportFixture.results());
        assertThat(page).doesNotContain("PRIVATE KEY-----", ReportFixture.SampleKey.BODY).contains(Redactor.PRIVATE_KEY);
    }

    @Test
    void thePageFetchesNothingFromElsewhere() throws IOException {
        String page = write(ReportFixture.results());
        assertThat(Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(page).find())
                .as("a src or href to another host").isFalse();
        assertThat(page).doesNotContainIgnoringCase("<link").doesNotContainIgnoringCase("@import")
                .doesNotContainIgnoringCase("url(").doesNotContainIgnoringCase("<script");
        assertThat(page).contains("<meta charset=\"utf-8\">").contains(ReportFixture.KOREAN_TITLE);
    }

    @Test
    void anEmptyRunSaysNoLabsRan() throws IOException {
        String page = write(Results.of(ReportFixture.results().run(), List.of(), Environment.current()));
        assertThat(page).contains("No labs ran").contains(">PASSED<");
    }

    @Test
    void aFailedStepsEvidenceStartsOpenAndAPassedOnesClosed() throws IOException {
        String page = write(ReportFixture.results());
        assertThat(Pattern.compile("<details class=\"evidence-details\" open>").matcher(page).results().count()).isEqualTo(1);
        assertThat(Pattern.compile("<details class=\"evidence-details\">").matcher(page).results().count()).isEqualTo(4);
    }

    private String write(Results results) throws IOException {
        return Files.readString(new HtmlReport().write(results, dir));
    }
}
