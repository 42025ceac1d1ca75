package io.labcheck.run;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How an app the lab started is started again, from what the run saw. */
class AppStartTest {

    @Test
    void theServerPartOfACommandLineLosesNohupRedirectionsAndTheAmpersand() {
        assertThat(LabRun.serverPart("cd ~/hello && nohup python3 -m uvicorn main:app --host 0.0.0.0 --port 8000 > app.log 2>&1 &"))
                .isEqualTo("python3 -m uvicorn main:app --host 0.0.0.0 --port 8000");
        assertThat(LabRun.serverPart("uvicorn main:app --host 0.0.0.0")).isEqualTo("uvicorn main:app --host 0.0.0.0");
    }

    @Test
    void aVenvIsActivatedFromItsParentAndTheAppRunsWhereItRan() {
        RunningApp app = new RunningApp(8000, List.of("0.0.0.0:8000"), "python3 -m uvicorn main:app --host 0.0.0.0",
                "/home/ubuntu/hello", "/home/ubuntu/hello/venv", "");
        assertThat(AppStart.command(app)).isEqualTo("cd /home/ubuntu/hello && source venv/bin/activate && cd"
                + " /home/ubuntu/hello && { nohup python3 -m uvicorn main:app --host 0.0.0.0 > ~/app.log 2>&1 < /dev/null & }");
        assertThat(AppStart.match(app)).isEqualTo("uvicorn main:app");
    }

    @Test
    void aUnitIsRestartedThroughSystemd() {
        RunningApp app = new RunningApp(8000, List.of("0.0.0.0:8000"), "/home/ubuntu/notes/venv/bin/uvicorn main:app",
                "/home/ubuntu/notes", "", "notes");
        assertThat(AppStart.command(app)).isEqualTo("sudo systemctl restart notes");
    }
}
