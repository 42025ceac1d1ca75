package io.labcheck.substitute;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipInstallTest {

    private static PipInstall only(String line) {
        List<PipInstall> found = PipInstall.in(line);
        assertThat(found).as("pip installs in %s", line).hasSize(1);
        return found.get(0);
    }

    @Test
    void aRequirementsFileIsNamedNotRead() {
        PipInstall p = only("pip install -r requirements.txt");
        assertThat(p.files()).containsExactly("requirements.txt");
        assertThat(p.requirements()).isEmpty();
        assertThat(p.cdBefore()).isEmpty();
    }

    @Test
    void inlineSpecifiersLoseTheirQuotes() {
        PipInstall p = only("pip3 install fastapi \"uvicorn[standard]\"");
        assertThat(p.requirements()).containsExactly("fastapi", "uvicorn[standard]");
        assertThat(p.files()).isEmpty();
    }

    @Test
    void pythonDashMPipIsPipAndItsOptionsAreNotRequirements() {
        assertThat(only("python3 -m pip install --upgrade pip").requirements()).containsExactly("pip");
        assertThat(only("sudo -H pip3 install --index-url http://mirror/simple/ --timeout 30 requests").requirements())
                .containsExactly("requests");
    }

    @Test
    void optionsBeforeAndBetweenAndACdBeforeInTheSameLine() {
        PipInstall p = only("cd ~/app && source venv/bin/activate && pip install -q 'pydantic==2.5.0' -r reqs.txt --no-cache-dir");
        assertThat(p.requirements()).containsExactly("pydantic==2.5.0");
        assertThat(p.files()).containsExactly("reqs.txt");
        assertThat(p.cdBefore()).containsExactly("~/app");
        assertThat(only("pip install --requirement=a.txt -rb.txt -c constraints.txt").files())
                .containsExactly("a.txt", "b.txt", "constraints.txt");
    }

    @Test
    void pathsUrlsArchivesAndEditablesAreNotSpecifiers() {
        PipInstall p = only("venv/bin/pip install -e . ./pkg dist/app-1.0-py3-none-any.whl git+https://x/y.git 'flask>=2,<3'");
        assertThat(p.requirements()).containsExactly("flask>=2,<3");
    }

    @Test
    void insideASubshellGroupAsTheRunTypesACommandShownOutsideTheVenv() {
        PipInstall p = only("( PATH=$(printf %s \"$PATH\" | tr : '\\n' | grep -vxF \"$VIRTUAL_ENV/bin\" | paste -sd:);"
                + " unset VIRTUAL_ENV; hash -r; pip3 install fastapi==0.104.1 )");
        assertThat(p.requirements()).containsExactly("fastapi==0.104.1");
    }

    @Test
    void notAPipInstall() {
        assertThat(PipInstall.in("pip list")).isEmpty();
        assertThat(PipInstall.in("pip show fastapi && echo pip install fastapi")).isEmpty();
        assertThat(PipInstall.in("python3 -m venv venv")).isEmpty();
        assertThat(PipInstall.in("apt-get install -y python3-pip  # pip install later")).isEmpty();
    }

    @Test
    void severalLinesAndContinuations() {
        List<PipInstall> found = PipInstall.in("pip install fastapi \\\n  uvicorn\npip3 install python-dotenv");
        assertThat(found).hasSize(2);
        assertThat(found.get(0).requirements()).containsExactly("fastapi", "uvicorn");
        assertThat(found.get(1).requirements()).containsExactly("python-dotenv");
    }

    @Test
    void aRequirementsFileAsPipReadsIt() {
        PipInstall.RequirementsFile f = PipInstall.read("""
                # the app's dependencies
                fastapi==0.104.1
                uvicorn[standard]==0.24.0   # the server
                pydantic==2.5.0 \\
                    --hash=sha256:abc
                python-dotenv==1.0.0
                -e .
                --index-url http://mirror/simple/
                -r dev-requirements.txt
                -c constraints.txt
                requests; python_version >= "3.8"
                ./local-package
                """);
        assertThat(f.requirements()).containsExactly("fastapi==0.104.1", "uvicorn[standard]==0.24.0", "pydantic==2.5.0",
                "python-dotenv==1.0.0", "requests; python_version >= \"3.8\"");
        assertThat(f.includes()).containsExactly("dev-requirements.txt", "constraints.txt");
    }
}
