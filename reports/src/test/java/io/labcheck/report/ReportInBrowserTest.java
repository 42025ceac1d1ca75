package io.labcheck.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report as a person sees it in a real browser: visible text and what opens on a click, not the
 * HTML source. The second test checks a report some run already wrote (CI points it at one).
 */
@Timeout(120)
class ReportInBrowserTest {
    /** {@code -Dlabcheck.report.check=DIR}: a directory with results.json and index.html to check. */
    static final String CHECK_DIR = "labcheck.report.check";

    @TempDir
    Path profile;

    @Test
    void aPersonSeesTheVerdictTheFailureAndTheEvidence(@TempDir Path dir) throws IOException {
        Results results = ReportFixture.results();
        new ResultsWriter().write(results, dir);
        Path html = new HtmlReport().write(results, dir);
        try (Browser browser = Browser.open(profile)) {
            browser.load(html);
            browser.screenshot(Path.of(System.getProperty("basedir", ".")).resolve("target/browser/report.png"));
            ReportPage page = new ReportPage(browser);

            assertThat(page.verdict()).isEqualTo("FAILED");
            assertThat(page.verdictIsAtTheTop()).isTrue();
            assertThat(page.count("count-labs")).isEqualTo("2");
            assertThat(page.count("count-steps")).isEqualTo("4/1/1");
            assertThat(page.count("count-faults")).isEqualTo("2/1");
            assertThat(page.count("count-findings")).isEqualTo("1");
            assertThat(page.labTitles()).containsExactly(ReportFixture.KOREAN_TITLE, ReportFixture.FAILING_TITLE);

            WebElement failed = page.step(ReportFixture.FAILED_STEP);
            assertThat(failed.findElement(By.className("step-reason")).getText()).isEqualTo(ReportFixture.FAILED_REASON);
            assertThat(failed.findElement(By.className("output")).getText())
                    .as("a failed step's evidence is open").isEqualTo(ReportFixture.FAILED_OUTPUT);

            WebElement passed = page.step(ReportFixture.PASSED_STEP);
            WebElement output = passed.findElement(By.className("output"));
            assertThat(output.isDisplayed()).as("a passed step's evidence waits for a click").isFalse();
            passed.findElement(By.tagName("summary")).click();
            assertThat(output.isDisplayed()).isTrue();
            assertThat(output.getText()).isEqualTo(ReportFixture.PASSED_OUTPUT);

            WebElement missed = page.faultRow(ReportFixture.MISSED_FAULT);
            assertThat(missed.findElement(By.cssSelector("td.cell.missed")).getText()).isEqualTo("✗ missed");
            assertThat(missed.getText()).contains("MISSED");
            assertThat(page.faultRow("loopback-bind").getText()).contains("✓ caught", "CAUGHT");

            WebElement quote = browser.find(By.cssSelector(".finding blockquote"));
            assertThat(quote.isDisplayed()).isTrue();
            assertThat(quote.getText()).isEqualTo(ReportFixture.QUOTE);
        }
    }

    @Test
    void anExistingReportShowsWhatItsResultsSay() throws IOException {
        String configured = System.getProperty(CHECK_DIR);
        Assumptions.assumeTrue(configured != null && !configured.isBlank(),
                "checks an existing report: -D" + CHECK_DIR + "=DIR (with DIR/index.html and DIR/results.json)");
        Path dir = Path.of(configured).toAbsolutePath();
        Results results = new ResultsReader().read(dir.resolve(ResultsWriter.FILE_NAME));
        try (Browser browser = Browser.open(profile)) {
            browser.load(dir.resolve(HtmlReport.FILE_NAME));
            browser.screenshot(dir.resolve("report.png"));
            ReportPage page = new ReportPage(browser);

            assertThat(page.verdict()).isEqualTo(failed(results) ? "FAILED" : "PASSED");
            assertThat(page.labTitles()).containsExactlyElementsOf(
                    results.labs().stream().map(lab -> ReportPage.words(lab.title().isBlank() ? lab.id() : lab.title())).toList());
            List<Step> steps = results.labs().stream().flatMap(lab -> lab.steps().stream()).toList();
            assertThat(page.count("count-steps")).isEqualTo(count(steps, StepStatus.State.PASSED) + "/"
                    + count(steps, StepStatus.State.FAILED) + "/" + count(steps, StepStatus.State.SKIPPED));
            for (int i = 0; i < results.labs().size(); i++) {
                for (Step step : results.labs().get(i).steps()) {
                    if (step.status().state() == StepStatus.State.FAILED) {
                        WebElement shown = page.step(i, step.title());
                        assertThat(shown.getAttribute("class")).contains("failed");
                        assertThat(shown.findElement(By.className("step-reason")).getText())
                                .isEqualTo(ReportPage.words(step.status().reason()));
                    }
                }
            }
        }
    }

    /** The verdict rule, said again here from the file so the page is checked against it, not against itself. */
    private static boolean failed(Results results) {
        return results.labs().stream().anyMatch(lab -> lab.status().state() == StepStatus.State.FAILED
                || lab.steps().stream().anyMatch(s -> s.status().state() == StepStatus.State.FAILED)
                || lab.faults().stream().anyMatch(f -> !f.applied() || !f.caught() || !f.reverted()));
    }

    private static long count(List<Step> steps, StepStatus.State state) {
        return steps.stream().filter(s -> s.status().state() == state).count();
    }
}
