package io.labcheck.grade;

import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Subject;
import io.labcheck.run.ExpectedOutput;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.KeyFileMode;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshFailure;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Grades a finished lab on a server nobody provisioned for us, read-only: each expectation of the lab's end state is
 * checked the way a student could (their key file, ssh, HTTP from outside, {@code ss} and {@code systemctl} on the
 * server), with partial credit where it is half done; when anything is short, the blind diagnosis says why.
 */
public final class Grader {
    private static final Duration SSH_LOGIN = Duration.ofSeconds(15);
    private static final Duration COMMAND = Duration.ofSeconds(10);
    private static final Duration HTTP_BOUND = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    /** Where the student's finished lab is and how they reach it. */
    public record Target(String host, int sshPort, java.nio.file.Path key, String user, Ec2Client ec2) {}

    /** One expectation's outcome: the points earned of its points, and what was seen. */
    public record Result(Expectation expectation, int earned, String seen) {
        public boolean full() {
            return earned == expectation.points();
        }
    }

    /** The scorecard: every result, and the diagnosis when anything fell short (null when all scored full). */
    public record Scorecard(List<Result> results, Diagnosis.Report diagnosis) {
        public int earned() {
            return results.stream().mapToInt(Result::earned).sum();
        }

        public int points() {
            return results.stream().mapToInt(r -> r.expectation().points()).sum();
        }

        public boolean full() {
            return !results.isEmpty() && earned() == points();
        }
    }

    public static Scorecard grade(List<Expectation> expectations, Target t) {
        List<Result> results = new ArrayList<>();
        try (SshConnector ssh = new SshConnector()) {
            Optional<SshSession> session = Optional.empty();
            String noLogin;
            try {
                session = Optional.of(ssh.connect(new SshTarget(t.host(), t.sshPort(), t.user(), t.key()), SSH_LOGIN));
                noLogin = "";
            } catch (SshFailure e) {
                noLogin = "ssh could not log in (" + e.kind() + "): " + e.getMessage().lines().reduce((a, b) -> b).orElse("");
            }
            for (Expectation e : expectations) {
                results.add(check(e, t, session, noLogin));
            }
            session.ifPresent(SshSession::close);
        }
        int appPort = expectations.stream().filter(e -> e.kind() == Expectation.Kind.APP_LISTENS)
                .mapToInt(Expectation::port).findFirst().orElse(0);
        Diagnosis.Report why = null;
        if (results.stream().anyMatch(r -> !r.full())) {
            String unit = expectations.stream().filter(e -> e.kind() == Expectation.Kind.UNIT_RUNNING)
                    .map(Expectation::subject).findFirst().orElse(null);
            String start = unit != null ? "sudo systemctl restart " + unit
                    : "start the app again so that it listens on 0.0.0.0:" + appPort;
            try (Diagnosis d = new Diagnosis()) {
                why = d.run(new Subject(t.ec2(), null, t.host(), t.sshPort(), t.key(), t.user(), appPort, start, "",
                        java.util.Map.of()));
            }
        }
        return new Scorecard(List.copyOf(results), why);
    }

    private static Result check(Expectation e, Target t, Optional<SshSession> session, String noLogin) {
        try {
            return switch (e.kind()) {
                case KEY_PROTECTED -> KeyFileMode.tooOpen(t.key())
                        ? new Result(e, 0, t.key().getFileName() + " can be read by others: ssh refuses it")
                        : new Result(e, e.points(), t.key().getFileName() + " is yours alone");
                case SSH_LOGIN -> session.isPresent() ? new Result(e, e.points(), "logged in as " + t.user())
                        : new Result(e, 0, noLogin);
                case APP_LISTENS -> session.map(s -> listens(e, s)).orElse(new Result(e, 0, "not looked at: " + noLogin));
                case UNIT_RUNNING -> session.map(s -> unit(e, s)).orElse(new Result(e, 0, "not looked at: " + noLogin));
                case APP_ANSWERS -> answers(e, t);
            };
        } catch (IOException | RuntimeException x) {
            return new Result(e, 0, "could not check: " + x.getMessage());
        }
    }

    private static Result listens(Expectation e, SshSession s) {
        String l = exec(s, "ss -Hltn 'sport = :" + e.port() + "' | awk '{print $4}'").strip();
        if (l.isEmpty()) {
            return new Result(e, 0, "nothing listens on port " + e.port());
        }
        boolean everywhere = l.lines().anyMatch(a -> !a.startsWith("127.") && !a.startsWith("[::1]"));
        return everywhere ? new Result(e, e.points(), "listens on " + l.replace('\n', ' '))
                : new Result(e, e.points() / 2, "listens on " + l.replace('\n', ' ') + " only: refused from outside");
    }

    private static Result unit(Expectation e, SshSession s) {
        String enabled = exec(s, "systemctl is-enabled " + e.subject() + " 2>&1").strip();
        String active = exec(s, "systemctl is-active " + e.subject() + " 2>&1").strip();
        int earned = (enabled.equals("enabled") ? e.points() / 2 : 0) + (active.equals("active") ? e.points() - e.points() / 2 : 0);
        return new Result(e, earned, e.subject() + " is " + enabled + " and " + active);
    }

    private static Result answers(Expectation e, Target t) throws IOException {
        URI uri = URI.create("http://" + t.host() + ":" + e.port() + e.subject());
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(uri).timeout(HTTP_BOUND).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return new Result(e, 0, "interrupted");
        } catch (java.net.http.HttpConnectTimeoutException x) {
            return new Result(e, 0, "GET " + uri + ": the connect timed out (dropped, as a closed security group does)");
        } catch (java.net.http.HttpTimeoutException x) {
            return new Result(e, 0, "GET " + uri + ": no answer within " + HTTP_BOUND.toSeconds() + " s");
        } catch (java.net.ConnectException x) {
            return new Result(e, 0, "GET " + uri + ": connection refused");
        } catch (IOException x) {
            return new Result(e, 0, "GET " + uri + ": " + (x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage()));
        }
        if (r.statusCode() / 100 != 2) {
            return new Result(e, 0, "GET " + uri + " -> HTTP " + r.statusCode());
        }
        Optional<String> differs = ExpectedOutput.differs(e.expected(), r.body());
        return differs.map(d -> new Result(e, e.points() / 2, "GET " + uri + " -> HTTP " + r.statusCode() + ", but " + d))
                .orElse(new Result(e, e.points(), "GET " + uri + " -> HTTP " + r.statusCode()
                        + (e.expected().isBlank() ? "" : ", as the document shows")));
    }

    private static String exec(SshSession s, String command) {
        try {
            ExecResult r = s.exec(command, COMMAND);
            return r.stdout();
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    private Grader() {}
}
