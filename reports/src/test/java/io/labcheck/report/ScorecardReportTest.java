package io.labcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ScorecardReportTest {
    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";

    private static ScorecardReport shortOfFull() {
        return new ScorecardReport("notes-lab.md", "ubuntu@203.0.113.10", 3, 8,
                List.of(new ScorecardReport.Check("unit-notes", "the notes service is enabled and active", 1, 2,
                                "notes is enabled and inactive", "Part D"),
                        new ScorecardReport.Check("listens-8000", "the app listens on port 8000", 0, 2,
                                "nothing listens on port 8000 <script>alert(1)</script>", "Part C"),
                        new ScorecardReport.Check("ssh", "ssh logs in with the key", 1, 1, "logged in as ubuntu", "")),
                List.of(new ScorecardReport.NotChecked("key", "the key file is yours alone", 1, "it is on your computer")),
                "findings", "found: [app-not-running]",
                List.of(new ScorecardReport.Cause("app-not-running", "nothing listens on port 8000: the app is not running",
                        "sudo systemctl restart notes", List.of("server: nothing listens on port 8000", "leaked: " + KEY), "Part D")),
                List.of());
    }

    @Test
    void writesTheJsonTheCommandPrintsAndAPageThatShowsEachCheckAndTheFix(@TempDir Path dir) throws Exception {
        ScorecardReport card = shortOfFull();
        Path html = card.write(dir);

        JsonNode json = new ObjectMapper().readTree(dir.resolve(ScorecardReport.JSON).toFile());
        assertThat(json.get("earned").asInt()).isEqualTo(3);
        assertThat(json.get("points").asInt()).isEqualTo(8);
        assertThat(json.get("findings").get(0).get("code").asText()).isEqualTo("app-not-running");
        assertThat(Files.readString(dir.resolve(ScorecardReport.JSON))).isEqualTo(card.json());

        String page = Files.readString(html);
        assertThat(page).contains("<span id=\"earned\">3</span> / <span id=\"points\">8</span>")
                .contains("<span class=\"points part\">1/2</span>").contains("<span class=\"points none\">0/2</span>")
                .contains("<span class=\"points all\">1/1</span>")
                .contains("fix: <code>sudo systemctl restart notes</code>")
                .contains("Not checked from here, and left out of the total: the key file is yours alone (1)")
                .contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void aPrivateKeyInWhatWasSeenIsNeverWritten(@TempDir Path dir) throws Exception {
        shortOfFull().write(dir);
        assertThat(Files.readString(dir.resolve(ScorecardReport.JSON))).doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA");
        assertThat(Files.readString(dir.resolve(ScorecardReport.HTML))).doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA");
    }

    @Test
    void aFullScoreHasNoWhySection(@TempDir Path dir) throws Exception {
        ScorecardReport full = new ScorecardReport("notes-lab.md", "this server, as ubuntu", 2, 2,
                List.of(new ScorecardReport.Check("listens-8000", "the app listens on port 8000", 2, 2, "0.0.0.0:8000", "")),
                List.of(), "", "", List.of(), List.of());
        String page = Files.readString(full.write(dir));
        assertThat(full.full()).isTrue();
        assertThat(page).contains("class=\"card full\"").doesNotContain("id=\"why\"").doesNotContain("Not checked from here");
    }
}
