package io.labcheck.diagnose;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an app runs on, read from the command a lab starts it with, and from its log when the command does not say. */
class AppProgramTest {

    @Test
    void aServerProgramIsTheModuleToLookFor() {
        assertThat(AppProgram.of("python3 -m uvicorn main:app --host 0.0.0.0"))
                .isEqualTo(new AppProgram("uvicorn", List.of("uvicorn")));
        assertThat(AppProgram.of("sudo nohup uvicorn main:app --host 0.0.0.0 --port 8000"))
                .isEqualTo(new AppProgram("uvicorn", List.of("uvicorn")));
        assertThat(AppProgram.of("gunicorn -b 0.0.0.0:8000 app:app"))
                .isEqualTo(new AppProgram("gunicorn", List.of("gunicorn")));
        assertThat(AppProgram.of("flask run --host=0.0.0.0")).isEqualTo(new AppProgram("flask", List.of("flask")));
        assertThat(AppProgram.of("python -m flask --app hello run")).isEqualTo(new AppProgram("flask", List.of("flask")));
        assertThat(AppProgram.of("/home/ubuntu/notes/venv/bin/gunicorn -w 2 app:app"))
                .isEqualTo(new AppProgram("gunicorn", List.of("gunicorn")));
        assertThat(AppProgram.of("FLASK_APP=app.py python3.11 -m flask run").modules()).containsExactly("flask");
        // a unit's ExecStart names its python by path: the module it runs is still the one to look for, whatever
        // the log has said yet (a unit restarting shows a fresh journal with no error in it for a moment)
        assertThat(AppProgram.of("/usr/bin/python3 -m uvicorn main:app --host 0.0.0.0 --port 8000"))
                .isEqualTo(new AppProgram("uvicorn", List.of("uvicorn")));
        assertThat(AppProgram.of("/home/ubuntu/notes/venv/bin/python -m gunicorn app:app"))
                .isEqualTo(new AppProgram("gunicorn", List.of("gunicorn")));
    }

    /** A fix's start command, as a student gives it to doctor: the app is the chain's last command, not its cd. */
    @Test
    void ofAChainTheAppIsTheLastCommandThatIsNotSetup() {
        assertThat(AppProgram.of("cd ~/hello && source venv/bin/activate && nohup python3 -m uvicorn main:app --host 0.0.0.0"
                + " > app.log 2>&1 &")).isEqualTo(new AppProgram("uvicorn", List.of("uvicorn")));
        assertThat(AppProgram.of("cd ~/hello && . venv/bin/activate && { nohup gunicorn app:app > g.log 2>&1 & }"))
                .isEqualTo(new AppProgram("gunicorn", List.of("gunicorn")));
        assertThat(AppProgram.of("pkill -f uvicorn; cd ~/app && python3 app.py")).isEqualTo(new AppProgram("app.py", List.of()));
        assertThat(AppProgram.of("cd ~/app && sudo systemctl restart notes")).isEqualTo(new AppProgram("", List.of()));
        assertThat(AppProgram.of("cd ~/app")).isEqualTo(new AppProgram("", List.of()));
    }

    @Test
    void restartingAUnitNamesNoProgramItsExecStartDoes() {
        assertThat(AppProgram.of("sudo systemctl restart notes")).isEqualTo(new AppProgram("", List.of()));
        assertThat(AppProgram.of("sudo service notes restart")).isEqualTo(new AppProgram("", List.of()));
    }

    @Test
    void aScriptNamesNoModule() {
        assertThat(AppProgram.of("python3 app.py")).isEqualTo(new AppProgram("app.py", List.of()));
        assertThat(AppProgram.of("venv/bin/python server.py --port 8000")).isEqualTo(new AppProgram("server.py", List.of()));
        assertThat(AppProgram.of("./app.py")).isEqualTo(new AppProgram("app.py", List.of()));
        assertThat(AppProgram.of("")).isEqualTo(new AppProgram("", List.of()));
        assertThat(AppProgram.of(null).modules()).isEmpty();
    }

    @Test
    void aScriptsLogNamesTheModuleItLacks() {
        AppProgram script = AppProgram.of("python3 app.py");
        assertThat(script.withLog("ModuleNotFoundError: No module named 'flask'").modules()).containsExactly("flask");
        assertThat(script.withLog("ModuleNotFoundError: No module named 'flask_sqlalchemy.model'").modules())
                .containsExactly("flask_sqlalchemy");
        assertThat(script.withLog("nohup: failed to run command 'python3': No such file or directory").modules()).isEmpty();
        assertThat(script.withLog(null)).isEqualTo(script);
    }

    @Test
    void theLogAddsToTheProgramOnlyWhatItDoesNotHave() {
        AppProgram uvicorn = AppProgram.of("python3 -m uvicorn main:app");
        assertThat(uvicorn.withLog("/usr/bin/python3: No module named uvicorn").modules()).containsExactly("uvicorn");
        assertThat(uvicorn.withLog("ModuleNotFoundError: No module named 'fastapi'").modules())
                .containsExactly("uvicorn", "fastapi");
    }

    @Test
    void whatIsNoPythonIdentifierIsNoModule() {
        assertThat(AppProgram.of("9lives serve").modules()).isEmpty();
        assertThat(AppProgram.missingModule("No module named 'x;rm'")).contains("x");
    }
}
