package io.labcheck.grade;

import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Listeners;
import io.labcheck.diagnose.ServerShell;
import io.labcheck.diagnose.Subject;
import io.labcheck.run.ExpectedOutput;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.KeyFileMode;
import io.labcheck.ssh.KnownHosts;
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
    /** What the login's TCP connection alone is given: far beyond any real round trip, so a dropped port costs this. */
    private static final Duration TCP_CONNECT = Duration.ofSeconds(3);
    private static final Duration HTTP_BOUND = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    /** Where the student's finished lab is and how they reach it. */
    public record Target(String host, int sshPort, java.nio.file.Path key, String user, Ec2Client ec2, KnownHosts knownHosts) {
        /** A target whose host keys are trusted for this grading only. */
        public Target(String host, int sshPort, java.nio.file.Path key, String user, Ec2Client ec2) {
            this(host, sshPort, key, user, ec2, new KnownHosts());
        }
    }

    /** One expectation's outcome: the points earned of its points, and what was seen. */
    public record Result(Expectation expectation, int earned, String seen) {
        public boolean full() {
            return earned == expectation.points();
        }
    }

    /** An expectation that could not be checked from where the grading ran, and why. */
    public record NotChecked(Expectation expectation, String why) {}

    /**
     * The scorecard: every result, the diagnosis when anything fell short (null when all scored full), and what was
     * not checked from where the grading ran (its points are left out of the total).
     */
    public record Scorecard(List<Result> results, Diagnosis.Report diagnosis, List<NotChecked> notChecked) {
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
        List<NotChecked> notChecked = new ArrayList<>();
        try (SshConnector ssh = new SshConnector(t.knownHosts())) {
            Optional<SshSession> session = Optional.empty();
            String noLogin = "";
            try {
                session = Optional.of(ssh.connect(new SshTarget(t.host(), t.sshPort(), t.user(), t.key()), TCP_CONNECT,
                        SSH_LOGIN));
            } catch (SshFailure e) {
                noLogin = "ssh could not log in: " + e.forStudent();
            }
            CloudSide cloud = t.ec2() == null ? null : new CloudSide(t.ec2(), t.host());
            for (Expectation e : expectations) {
                if (!e.kind().cloudSide()) {
                    results.add(check(e, t, session, noLogin));
                } else if (cloud == null) {
                    notChecked.add(new NotChecked(e, "no cloud credentials: the account was not looked at (credentials"
                            + " in the SDK's default chain, or --endpoint, let it be)"));
                } else {
                    results.add(checked(e, cloud));
                }
            }
            session.ifPresent(SshSession::close);
        }
        Diagnosis.Report why = null;
        if (results.stream().anyMatch(r -> !r.full())) {
            try (Diagnosis d = new Diagnosis(t.knownHosts())) {
                why = d.run(subject(expectations, t.ec2(), t.host(), t.sshPort(), t.key(), t.user()));
            }
        }
        return new Scorecard(List.copyOf(results), why, List.copyOf(notChecked));
    }

    private static Result checked(Expectation e, CloudSide cloud) {
        try {
            return cloud.check(e);
        } catch (software.amazon.awssdk.core.exception.SdkException x) {
            return new Result(e, 0, "could not check: the cloud's API said: " + x.getMessage());
        }
    }

    /** What the diagnosis is given: the lab's app port, and how its fixes say to start the app again. */
    private static Subject subject(List<Expectation> expectations, Ec2Client ec2, String host, int sshPort,
                                   java.nio.file.Path key, String user) {
        int appPort = expectations.stream().filter(e -> e.kind() == Expectation.Kind.APP_LISTENS)
                .mapToInt(Expectation::port).findFirst().orElse(0);
        String unit = expectations.stream().filter(e -> e.kind() == Expectation.Kind.UNIT_RUNNING)
                .map(Expectation::subject).findFirst().orElse(null);
        String start = unit != null ? "sudo systemctl restart " + unit
                : "start the app again so that it listens on 0.0.0.0:" + appPort;
        return new Subject(ec2, null, host, sshPort, key, user, appPort, start, "", java.util.Map.of());
    }

    private static Result check(Expectation e, Target t, Optional<SshSession> session, String noLogin) {
        try {
            return switch (e.kind()) {
                case KEY_PROTECTED -> KeyFileMode.tooOpen(t.key())
                        ? new Result(e, 0, t.key().getFileName() + " can be read by others: ssh refuses it")
                        : new Result(e, e.points(), t.key().getFileName() + " is yours alone");
                case SSH_LOGIN -> session.isPresent() ? new Result(e, e.points(), "logged in as " + t.user())
                        : new Result(e, 0, noLogin);
                case APP_LISTENS -> session.map(s -> listens(e, s::exec)).orElse(new Result(e, 0, "not looked at: " + noLogin));
                case UNIT_RUNNING -> session.map(s -> unit(e, s::exec)).orElse(new Result(e, 0, "not looked at: " + noLogin));
                case APP_ANSWERS -> answers(e, t);
                case PORT_ADMITTED, EIP_ASSOCIATED -> throw new IllegalArgumentException(e.kind() + " is the cloud's");
            };
        } catch (IOException | RuntimeException x) {
            return new Result(e, 0, "could not check: " + x.getMessage());
        }
    }

    /**
     * Grades on the server itself ({@code --local}) through {@code shell}, as {@code user}: what the server shows of
     * itself (its listeners, its units, its app answering on 127.0.0.1). The key file and the login are the student's
     * computer's and are not checked here, saying so; nor is the view from outside.
     */
    public static Scorecard gradeHere(List<Expectation> expectations, ServerShell shell, String user) {
        List<Result> results = new ArrayList<>();
        List<NotChecked> notChecked = new ArrayList<>();
        for (Expectation e : expectations) {
            try {
                switch (e.kind()) {
                    case KEY_PROTECTED -> notChecked.add(new NotChecked(e, "the key file is on your computer, not on the"
                            + " server: grade from your computer (--host, --key) to check it"));
                    case SSH_LOGIN -> notChecked.add(new NotChecked(e, "you are on the server already: grade from your"
                            + " computer (--host, --key) to check the login from outside"));
                    case APP_LISTENS -> results.add(listens(e, shell));
                    case UNIT_RUNNING -> results.add(unit(e, shell));
                    case APP_ANSWERS -> results.add(answersHere(e, shell));
                    case PORT_ADMITTED, EIP_ASSOCIATED -> notChecked.add(new NotChecked(e, "the cloud's account is read"
                            + " from your computer, with its credentials: grade from there (--host, --key) to check it"));
                }
            } catch (RuntimeException x) {
                results.add(new Result(e, 0, "could not check: " + x.getMessage()));
            }
        }
        Diagnosis.Report why = null;
        if (results.stream().anyMatch(r -> !r.full())) {
            try (Diagnosis d = new Diagnosis()) {
                why = d.runHere(subject(expectations, null, "localhost", 22, null, user), shell);
            }
        }
        return new Scorecard(List.copyOf(results), why, List.copyOf(notChecked));
    }

    /** The app asked on the server itself, with the server's curl: what it answers on 127.0.0.1. */
    private static Result answersHere(Expectation e, ServerShell shell) {
        String url = "http://127.0.0.1:" + e.port() + e.subject();
        String out = exec(shell, "curl -sS -m " + HTTP_BOUND.toSeconds() + " -w '\n%{http_code}' '" + url.replace("'", "")
                + "' 2>&1");
        int cut = out.stripTrailing().lastIndexOf('\n');
        String status = (cut < 0 ? out : out.substring(cut + 1)).strip();
        String body = cut < 0 ? "" : out.substring(0, cut);
        if (!status.matches("\\d{3}") || status.equals("000")) {
            return new Result(e, 0, "curl " + url + " on the server: " + (body.isBlank() ? "no answer" : body.strip()));
        }
        if (status.charAt(0) != '2') {
            return new Result(e, 0, "curl " + url + " on the server -> HTTP " + status);
        }
        Optional<String> differs = ExpectedOutput.differs(e.expected(), body);
        String seen = "curl " + url + " on the server -> HTTP " + status;
        return differs.map(d -> new Result(e, e.points() / 2, seen + ", but " + d))
                .orElse(new Result(e, e.points(), seen + (e.expected().isBlank() ? "" : ", as the document shows")
                        + " (from outside: not checked here)"));
    }

    private static Result listens(Expectation e, ServerShell s) {
        String l = Listeners.read(exec(s, Listeners.command(e.port())));
        if (l.isEmpty()) {
            return new Result(e, 0, "nothing listens on port " + e.port());
        }
        boolean everywhere = Listeners.reachable(l);
        return everywhere ? new Result(e, e.points(), "listens on " + l.replace('\n', ' '))
                : new Result(e, e.points() / 2, "listens on " + l.replace('\n', ' ') + " only: refused from outside");
    }

    private static Result unit(Expectation e, ServerShell s) {
        String enabled = exec(s, "systemctl is-enabled " + e.subject() + " 2>&1").strip();
        String active = exec(s, "systemctl is-active " + e.subject() + " 2>&1").strip();
        int earned = (enabled.equals("enabled") ? e.points() / 2 : 0) + (active.equals("active") ? e.points() - e.points() / 2 : 0);
        if (!enabled.matches("[a-z-]+") || !active.matches("[a-z-]+")) {
            // not a state word: systemctl itself could not answer (no systemd here, no such unit, no bus)
            String said = (enabled.matches("[a-z-]+") ? active : enabled).lines().findFirst().orElse("");
            return new Result(e, earned, "systemctl cannot say what " + e.subject() + " is: " + said);
        }
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

    private static String exec(ServerShell s, String command) {
        try {
            ExecResult r = s.exec(command, COMMAND);
            return r.stdout();
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    private Grader() {}
}
