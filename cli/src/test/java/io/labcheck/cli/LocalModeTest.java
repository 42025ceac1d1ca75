package io.labcheck.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code grade --local} and {@code doctor --local} on the machine the test runs on, as a student runs them on their
 * server: what the server shows of itself is looked at through its own shell, and what only the outside sees is
 * left out, saying so. The "app" here is a real listening socket of this JVM.
 */
class LocalModeTest {

    @Test
    void doctorHereNamesAnAppBoundToLoopbackFromTheServersOwnListeners() throws Exception {
        try (ServerSocket app = new ServerSocket()) {
            app.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = app.getLocalPort();
            Cli.Outcome found = Cli.run("doctor", "--local", "--app-port", String.valueOf(port));
            assertThat(found.exitCode()).as(found.all()).isEqualTo(1);
            assertThat(found.out()).contains("labcheck doctor: this server, as " + System.getProperty("user.name"))
                    .contains("FOUND loopback-bind: the app listens on 127.0.0.1:" + port + " only")
                    .contains("skipped  the key file: run on the server itself")
                    .contains("ok  a login to the server: on the server itself");
        }
    }

    @Test
    void doctorHereSaysNothingListensWhenTheAppIsNotRunning() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // free again once closed
        }
        Cli.Outcome found = Cli.run("doctor", "--local", "--app-port", String.valueOf(port), "--json");
        assertThat(found.exitCode()).as(found.all()).isEqualTo(1);
        assertThat(found.out()).contains("\"code\" : \"app-not-running\"");
    }

    @Test
    void gradeHereLeavesOutWhatOnlyTheStudentsComputerShowsAndSaysSo(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // a port nothing listens on once closed (8000 may be anyone's on this machine)
        }
        Path doc = dir.resolve("demo-lab.md");
        Files.writeString(doc, """
                # A demo lab
                ## Connect
                ```bash
                chmod 400 demo-key.pem
                ssh -i demo-key.pem ubuntu@203.0.113.10
                ```
                ## Serve it
                ```bash
                sudo systemctl enable --now demo
                ```
                ## Try it from your computer
                ```bash
                curl http://203.0.113.10:PORT/
                ```
                """.replace("PORT", String.valueOf(port)));
        Cli.Outcome graded = Cli.run("grade", doc.toString(), "--local", "--report-dir", dir.resolve("report").toString());
        // nothing of that lab runs on this machine: the server's own checks score 0, and the key and the login are
        // not checked from here at all
        assertThat(graded.exitCode()).as(graded.all()).isEqualTo(1);
        assertThat(graded.out()).contains("labcheck grade demo-lab.md: this server, as " + System.getProperty("user.name"))
                .contains("[not checked] the key file demo-key.pem")
                .contains("[not checked] ssh logs in")
                .contains("curl http://127.0.0.1:" + port + "/ on the server: curl: (7)")
                .containsPattern("score: 0/\\d+ \\(\\d+ points not checked from here\\)")
                .contains("why: found: [app-not-running]")
                .contains("scorecard: " + dir.resolve("report").resolve("scorecard.html"));
        // the page shows the same card: the score, the check the app failed, and the diagnosis's fix
        String page = Files.readString(dir.resolve("report").resolve("scorecard.html"));
        assertThat(page).contains("<span id=\"earned\">0</span>").contains("data-code=\"app-not-running\"")
                .contains("curl http://127.0.0.1:" + port + "/ on the server: curl: (7)");
    }

    @Test
    void localWithAServerToReachIsBadUsageAndNeitherIsToo() {
        Cli.Outcome both = Cli.run("doctor", "--local", "--host", "13.125.1.2");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--local looks at this machine: leave out --host, --key and --endpoint");
        Cli.Outcome neither = Cli.run("grade", "fastapi-systemd");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give the server with --host HOST --key KEY.pem", "or --local");
        // --local runs as whoever runs it: another --user is refused, not silently ignored
        String me = System.getProperty("user.name");
        Cli.Outcome other = Cli.run("doctor", "--local", "--user", me + "-not");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("--local looks at this server as you (" + me + "), not as " + me + "-not",
                "sudo -u " + me + "-not -i");
    }
}
