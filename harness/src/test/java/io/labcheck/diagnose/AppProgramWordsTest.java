package io.labcheck.diagnose;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a bare interpreter runs: no script and no module, said without failing on the command's shape. */
class AppProgramWordsTest {

    @Test
    void aBareOrInlinePythonIsItsOwnProgramWithNoModule() {
        assertThat(AppProgram.of("python3")).isEqualTo(new AppProgram("python3", List.of()));
        assertThat(AppProgram.of("python3 -c 'import app; app.run()'")).isEqualTo(new AppProgram("python3", List.of()));
        assertThat(AppProgram.of("python3.11 -u server.py")).isEqualTo(new AppProgram("python3.11", List.of()));
    }
}
