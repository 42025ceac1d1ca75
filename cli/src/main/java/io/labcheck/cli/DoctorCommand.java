package io.labcheck.cli;

import io.labcheck.cloud.ReadOnlyEc2;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Finding;
import io.labcheck.diagnose.LocalShell;
import io.labcheck.diagnose.Probe;
import io.labcheck.diagnose.Subject;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Says what is wrong with a deployment that does not work, the way the labs' troubleshooting"
                + " sections walk it: the key file as OpenSSH judges it, the instance's state and security groups"
                + " (with cloud credentials, Describe calls only), ports 22 and the app's from outside, ssh and curl"
                + " as you would type them, and on the server what listens, memory, the app's log and its venv."
                + " Every finding comes with its cause, the command that fixes it and the evidence.",
                "Read-only: it never writes, installs or restarts anything on the server or in the account.",
                "Exits 0 when every check answered and showed health, 1 when something is wrong or could not be"
                        + " checked, 2 on bad usage."},
        footer = {"", "Examples:", "  ./labcheck doctor --host 13.125.1.2 --key my_app.pem",
                "  ./labcheck doctor --host 13.125.1.2 --key my_app.pem --app-port 8000 --json",
                "  ./labcheck doctor --host 127.77.0.5 --key lab.pem --endpoint http://127.0.0.1:4566",
                "  ./labcheck doctor --local --app-port 8000          (on the server itself)"})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--app-port", defaultValue = "8000", paramLabel = "PORT",
            description = "the port the app serves on; 0 for a server without an app (default: ${DEFAULT-VALUE})")
    int appPort;

    @Option(names = "--start", paramLabel = "COMMAND",
            description = "how you start the app, for the fixes (e.g. 'sudo systemctl restart myapp')")
    String start;

    @Option(names = "--json", description = "print the diagnosis as JSON")
    boolean json;

    @Mixin
    ServerOptions server;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        server.check();
        if (appPort < 0 || appPort > 65535) {
            throw new Labcheck.UserError("--app-port " + appPort + ": ports are 1-65535, or 0 for a server without an app");
        }
        ReadOnlyEc2.Connection cloud = server.local ? new ReadOnlyEc2.Connection(java.util.Optional.empty(),
                "not looked at from the server itself") : server.cloud();
        String startAdvice = start != null && !start.isBlank() ? start
                : "start the app again so that it listens on 0.0.0.0:" + appPort + " (uvicorn: --host 0.0.0.0 --port "
                + appPort + ")";
        Subject subject = new Subject(cloud.client().orElse(null), null, server.host, server.sshPort,
                server.local ? null : server.key.toAbsolutePath(), server.user,
                appPort, startAdvice, start == null ? "" : start, Map.of());
        Diagnosis.Report report;
        try (Diagnosis diagnosis = new Diagnosis(server.knownHosts())) {
            report = server.local ? diagnosis.runHere(subject, LocalShell.here()) : diagnosis.run(subject);
        } finally {
            cloud.client().ifPresent(c -> c.close());
        }
        if (json) {
            out.println(json(report, cloud.said()));
        } else {
            print(report, cloud.said());
        }
        return report.healthy() ? Labcheck.PASSED : Labcheck.FAILED;
    }

    private void print(Diagnosis.Report report, String cloud) {
        out.println("labcheck doctor: " + (server.local ? "this server, as " + server.user : server.user + "@"
                + server.host + " (ssh port " + server.sshPort + ")") + " (" 
                + (appPort > 0 ? "app port " + appPort : "no app") + "); cloud: " + cloud);
        for (Finding f : report.findings()) {
            out.println();
            out.println("FOUND " + f.toString().replace("\n", "\n  "));
        }
        out.println();
        out.println("checks:");
        for (Probe p : report.observations().probes()) {
            String mark = switch (p.outcome()) {
                case ANSWERED -> p.showsHealth() ? "ok" : "PROBLEM";
                case SKIPPED -> "skipped";
                default -> "COULD NOT CHECK (" + p.outcome() + ")";
            };
            out.println("  " + mark + "  " + p.name() + (p.detail().isEmpty() ? "" : ": " + p.detail()));
        }
        out.println();
        out.println((report.healthy() ? "OK: " : "NOT OK: ") + report.summary() + " (" + report.took().toMillis() + " ms)");
    }

    static String json(Diagnosis.Report report, String cloud) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("verdict", report.verdict().name().toLowerCase(java.util.Locale.ROOT));
        doc.put("summary", report.summary());
        doc.put("cloud", cloud);
        doc.put("findings", report.findings());
        doc.put("probes", report.observations().probes().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("outcome", p.outcome().toString());
            m.put("showsHealth", p.showsHealth());
            m.put("detail", p.detail());
            return m;
        }).toList());
        doc.put("couldNotCheck", report.couldNotCheck());
        doc.put("tookMs", report.took().toMillis());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the diagnosis as JSON", e);
        }
    }
}
