package io.labcheck.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ClassReportTest {

    @Test
    void oneRowAServerAsMarkdownAndAPageLinkingEachScorecard(@TempDir Path dir) throws Exception {
        ClassReport r = new ClassReport("notes-lab.md", 8, 4200, List.of(
                new ClassReport.Row("13.125.1.2", "ubuntu", 8, 8, "", 1200, "13.125.1.2-line1/scorecard.html"),
                new ClassReport.Row("13.125.1.3", "ubuntu", 3, 8, "app-not-running", 2500, "13.125.1.3-line2/scorecard.html"),
                new ClassReport.Row("13.125.1.4", "ec2|user", 0, 8, "", 31000, "13.125.1.4-line3/scorecard.html")));
        assertThat(r.markdown()).startsWith("# notes-lab.md: 1 of 3 servers at full score\n")
                .contains("| 13.125.1.2 | ubuntu | 8/8 | - | 1.2 s |")
                .contains("| 13.125.1.3 | ubuntu | 3/8 | app-not-running | 2.5 s |")
                .contains("| 13.125.1.4 | ec2\\|user | 0/8 | (no cause named) | 31.0 s |")
                .endsWith("3 servers, 8 at a time, in 4.2 s\n");
        String page = Files.readString(r.write(dir));
        assertThat(Files.readString(dir.resolve(ClassReport.MARKDOWN))).isEqualTo(r.markdown());
        assertThat(page).contains("<span id=\"full\">1</span> of <span id=\"servers\">3</span>")
                .contains("<a href=\"13.125.1.3-line2/scorecard.html\">13.125.1.3</a>")
                .contains("<td class=\"short\">3/8</td>").contains("<td class=\"full\">8/8</td>");
    }
}
