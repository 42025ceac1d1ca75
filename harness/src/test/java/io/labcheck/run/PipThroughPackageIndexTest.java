package io.labcheck.run;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.host.ContainerHosts;
import io.labcheck.host.DockerRequirement;
import io.labcheck.host.HostImage;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshTarget;
import io.labcheck.substitute.PackageIndex;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ec2.Ec2Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lab's own pip commands, typed in a student's terminal on a fresh instance, against the package index that
 * stands in for PyPI: seed 000's pinned requirements.txt (pins Debian cannot meet, served as {@code +debian.}
 * stand-ins and reported), and seed 001's unpinned line.
 */
class PipThroughPackageIndexTest {
    private static final String REQUIREMENTS = """
            fastapi==0.104.1
            uvicorn[standard]==0.24.0
            pydantic==2.5.0
            python-dotenv==1.0.0
            """;
    private static final String APP = """
            import os
            from dotenv import load_dotenv
            from fastapi import FastAPI
            from pydantic import BaseModel

            load_dotenv()
            app = FastAPI()

            class Item(BaseModel):
                name: str
                price: float

            @app.post("/items")
            def create(item: Item):
                return {"greeting": os.getenv("GREETING"), "name": item.name, "price": item.price * 2}
            """;

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.require();
    }

    private static Terminal.Outcome ok(Terminal t, String command) throws Exception {
        Terminal.Outcome o = t.type(command);
        assertThat(o.exitCode()).as("'%s' exits 0; it printed:\n%s", command, o.output()).isZero();
        return o;
    }

    @Test
    void seed000sPinsInstallAsDebianStandInsEachReportedAndTheAppAnswers(@TempDir Path dir) throws Exception {
        CloudSettings settings = CloudSettings.defaults();
        ContainerHosts hosts = ContainerHosts.create(settings.runId(), HostImage.configuredName());
        try (EmbeddedCloud cloud = EmbeddedCloud.start(settings, hosts); SshConnector ssh = new SshConnector()) {
            cloud.attach(hosts);
            Ec2Client ec2 = cloud.ec2();
            io.labcheck.host.TestInstances.Launched instance = io.labcheck.host.TestInstances.launch(ec2, hosts, dir, "my_app", "t2.micro");
            String id = instance.id();
            Path pem = instance.pem();
            PackageIndex index = hosts.packageIndex().orElseThrow();
            String address = instance.address();
            assertThat(hosts.execAsRoot(id, Duration.ofSeconds(10), "cat", "/etc/pip.conf").stdout())
                    .contains("index-url = " + index.indexUrl());

            try (Terminal t = new Terminal(ssh.connect(SshTarget.ubuntu(address, pem), Duration.ofSeconds(20)), 1,
                    RunSettings.defaults(), index)) {
                ok(t, "python3 -m venv venv");
                ok(t, "source venv/bin/activate");
                ok(t, "cat > requirements.txt <<'EOF'\n" + REQUIREMENTS + "EOF");
                long t0 = System.nanoTime();
                Terminal.Outcome install = ok(t, "pip install -r requirements.txt");
                double first = (System.nanoTime() - t0) / 1e9;
                assertThat(install.output()).contains("Successfully installed");
                List<PackageIndex.Served> served = t.substitutes();
                assertThat(served).as("what the index served during pip install").isNotEmpty();
                PackageIndex.Served fastapi = served.stream().filter(s -> s.project().equals("fastapi")).findFirst().orElseThrow();
                assertThat(fastapi.asked()).isEqualTo("fastapi==0.104.1");
                assertThat(fastapi.served()).startsWith("0.104.1+debian.");
                assertThat(fastapi.relaxed()).isTrue();
                assertThat(served).filteredOn(s -> s.project().equals("pydantic")).singleElement()
                        .satisfies(s -> assertThat(s.served()).startsWith("2.5.0+debian.1."));
                assertThat(served).filteredOn(s -> s.project().equals("uvicorn")).singleElement()
                        .satisfies(s -> assertThat(s.changes()).anyMatch(c -> c.startsWith("relaxed httptools")));
                assertThat(index.served()).as("/served lists every wheel, relaxations included")
                        .extracting(PackageIndex.Served::project).contains("fastapi", "uvicorn", "pydantic", "python-dotenv",
                                "starlette", "uvloop");
                assertThat(ok(t, "pip show fastapi").output()).contains("Version: 0.104.1+debian.");
                // Compiled extensions whose Debian libraries a fresh instance lacks load from the wheel's bundled copy.
                assertThat(ok(t, "python -c 'import uvloop, yaml, httptools; print(yaml.__with_libyaml__)'").output()).contains("True");
                // (libyaml: the host image's bind9-dnsutils brings libuv1, as on Ubuntu, so uvloop's is no proof)
                assertThat(ok(t, "dpkg -s libyaml-0-2 >/dev/null 2>&1 || echo 'no libyaml installed'").output())
                        .contains("no libyaml installed");

                ok(t, "cat > main.py <<'EOF'\n" + APP + "EOF");
                ok(t, "echo GREETING=hello-from-dotenv > .env");
                Terminal.Outcome server = t.type("uvicorn main:app --host 0.0.0.0 --port 8000");
                assertThat(server.stillRunning()).as("uvicorn keeps running; it printed:\n%s", server.output()).isTrue();
                assertThat(server.listeners()).anyMatch(l -> l.endsWith(":8000"));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + address + ":8000/items"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"pen\", \"price\": 1.5}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("POST /items: %s", answer.body()).isEqualTo(200);
                assertThat(answer.body()).contains("\"greeting\":\"hello-from-dotenv\"").contains("\"price\":3.0");
                HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(URI.create("http://" + address + ":8000/items"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"pen\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(invalid.statusCode()).as("pydantic validates: %s", invalid.body()).isEqualTo(422);

                ok(t, "python3 -m venv v2 && source v2/bin/activate");
                long t1 = System.nanoTime();
                ok(t, "pip install -r requirements.txt");
                double second = (System.nanoTime() - t1) / 1e9;
                assertThat(t.substitutes()).as("the second install is served from the index's cache")
                        .allMatch(PackageIndex.Served::cached);

                // Seed 001's line, unpinned: the newest installable Debian versions, not the earlier pins.
                ok(t, "python3 -m venv v3 && source v3/bin/activate");
                ok(t, "pip install fastapi \"uvicorn[standard]\"");
                assertThat(t.substitutes()).filteredOn(s -> s.project().equals("fastapi")).singleElement()
                        .satisfies(s -> {
                            assertThat(s.asked()).isEqualTo("fastapi");
                            assertThat(s.served()).doesNotContain("+debian.");
                        });
                assertThat(ok(t, "uvicorn --version && python -c 'import fastapi; print(fastapi.__version__)'").output())
                        .contains("Running uvicorn");
                System.out.printf("pip install -r requirements.txt (seed 000's pins): first %.1f s (%d wheels, %d built now),"
                        + " second %.1f s (from the index's cache)%n", first, served.size(),
                        served.stream().filter(s -> !s.cached()).count(), second);
                served.forEach(s -> System.out.println("  " + s.describe()));
            }
        }
    }
}
