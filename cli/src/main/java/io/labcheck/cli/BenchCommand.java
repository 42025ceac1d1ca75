package io.labcheck.cli;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshFailure;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures labcheck's own speed, each figure beside its floor measured in the same run (the same"
                + " work without labcheck) and their ratio. It never fails on a time. Benchmarks:",
                "  startup    the embedded cloud's start to its first answered SDK call, warm (in this JVM) and cold (a"
                        + " fresh JVM each run); floor: a bare WireMock server's start to its first answered request",
                "  first-ssh  RunInstances to the first command over SSH at the public address (container hosts);"
                        + " floor: a plain docker run of the same image with sshd alone, to OpenSSH's first ssh true",
                "  ssh-exec   a command's round trip on an open SSH session, labcheck's MINA client; floor: OpenSSH's"
                        + " ssh over a ControlMaster connection to the same sshd",
                "  diagnosis  the blind diagnosis of each catalogue fault on a deployed lab (" + LabBench.LAB + ", from its"
                        + " document); floor: a student's naive ssh + curl with their defaults (a dropped connect"
                        + " waits the kernel's connect timeout, computed from tcp_syn_retries)",
                "  grade      classes of servers graded at once (--classes), each server's time; floor: OpenSSH's ssh"
                        + " true and curl to each, as many at a time",
                "  validate   labcheck validate of each lab (--labs, default every one), whole; floor: its steps"
                        + " alone; and the JVM's peak memory. Minutes a lab: not part of all",
                "  all        startup, first-ssh, ssh-exec, diagnosis and grade"},
        footer = {"", "Examples:", "  ./labcheck bench startup --runs 20", "  ./labcheck bench all --runs 5 --json bench.json",
                "  ./labcheck bench diagnosis --faults app-not-running,loopback-bind",
                "  ./labcheck bench validate --labs fastapi-nohup,fastapi-systemd --validate-runs 3"})
final class BenchCommand implements Callable<Integer> {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Parameters(index = "0", paramLabel = "BENCHMARK", arity = "0..1", defaultValue = "all",
            description = "startup, first-ssh, ssh-exec or all (default: ${DEFAULT-VALUE})")
    String benchmark;

    @Option(names = "--runs", defaultValue = "10", description = "runs of each figure and of its floor (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--cold-runs", defaultValue = "3", description = "fresh JVMs for the cold start and its floor"
            + " (default ${DEFAULT-VALUE})")
    int coldRuns;

    @Option(names = "--faults", paramLabel = "FAULTS", split = ",",
            description = "diagnosis: only these faults (ids as 'labcheck list' shows them; default every one that applies)")
    List<String> faults = List.of();

    @Option(names = "--classes", paramLabel = "SIZES", split = ",", defaultValue = "1,20,100",
            description = "grade: the class sizes (default ${DEFAULT-VALUE})")
    List<Integer> classes;

    @Option(names = "--labs", paramLabel = "LABS", split = ",",
            description = "validate: these labs (default every one 'validate all' runs)")
    List<String> labs = List.of();

    @Option(names = "--validate-runs", defaultValue = "1", description = "validate: runs of each lab (default ${DEFAULT-VALUE})")
    int validateRuns;

    @Option(names = "--json", paramLabel = "FILE", description = "also write every sample to FILE")
    Path json;

    /** In a fresh JVM: start one thing, say "ready", exit (the cold start's child). */
    @Option(names = "--cold-probe", hidden = true)
    String coldProbe;

    @Override
    public Integer call() throws IOException {
        if (coldProbe != null) {
            startOnce(coldProbe);
            System.out.println("ready");
            return Labcheck.PASSED;
        }
        if (runs < 1 || coldRuns < 1 || validateRuns < 1) {
            throw new Labcheck.UserError("--runs, --cold-runs and --validate-runs must be at least 1");
        }
        if (classes.stream().anyMatch(c -> c < 1)) {
            throw new Labcheck.UserError("--classes are class sizes, each at least 1: got " + classes);
        }
        List<String> unknown = faults.stream().filter(f -> java.util.Arrays.stream(io.labcheck.fault.FaultKind.values())
                .noneMatch(k -> k.id().equals(f))).toList();
        if (!unknown.isEmpty()) {
            throw new Labcheck.UserError("unknown faults " + unknown + ": use " + java.util.Arrays.stream(
                    io.labcheck.fault.FaultKind.values()).map(io.labcheck.fault.FaultKind::id).toList());
        }
        List<String> chosen = switch (benchmark) {
            case "all" -> List.of("startup", "first-ssh", "ssh-exec", "lab");
            case "startup", "first-ssh", "ssh-exec", "validate" -> List.of(benchmark);
            case "diagnosis", "grade" -> List.of("lab");
            default -> throw new Labcheck.UserError("unknown benchmark '" + benchmark + "': use startup, first-ssh,"
                    + " ssh-exec, diagnosis, grade, validate or all");
        };
        List<Measure> measures = new ArrayList<>();
        String memory = null;
        for (String b : chosen) {
            List<Measure> m = switch (b) {
                case "startup" -> startup();
                case "first-ssh" -> List.of(firstSsh());
                case "ssh-exec" -> List.of(sshExec());
                case "validate" -> new ValidateBench(validateRuns, labs).measure();
                // one deployment of the lab for both: diagnosis, grade or all of them
                default -> new LabBench(runs, java.util.Set.copyOf(faults), classes)
                        .measure(!benchmark.equals("grade"), !benchmark.equals("diagnosis"));
            };
            if (b.equals("validate")) {
                memory = ValidateBench.peakMemory();
            }
            m.forEach(x -> System.out.print(x.describe()));
            measures.addAll(m);
        }
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "os", System.getProperty("os.name")
                    + " " + System.getProperty("os.version"), "java", System.getProperty("java.version")));
            doc.put("benchmarks", Measure.json(measures));
            if (memory != null) {
                doc.put("memory", memory);
            }
            Files.createDirectories(json.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
            System.out.println("samples: " + json.toAbsolutePath());
        }
        return Labcheck.PASSED;
    }

    private List<Measure> startup() {
        startOnce("embedded"); // class loading out of the warm figures
        startOnce("wiremock");
        double[] warm = new double[runs];
        double[] floor = new double[runs];
        for (int n = 0; n < runs; n++) {
            warm[n] = timed(() -> startOnce("embedded"));
            floor[n] = timed(() -> startOnce("wiremock"));
        }
        double[] cold = new double[coldRuns];
        double[] coldFloor = new double[coldRuns];
        for (int n = 0; n < coldRuns; n++) {
            cold[n] = freshJvm("embedded");
            coldFloor[n] = freshJvm("wiremock");
        }
        return List.of(new Measure("startup, warm", "embedded cloud start to its first answered SDK call", warm,
                        "a WireMock server's start to its first answered request", floor),
                new Measure("startup, cold", "a fresh JVM to the embedded cloud's first answered SDK call", cold,
                        "a fresh JVM to a WireMock server's first answered request", coldFloor));
    }

    private Measure firstSsh() {
        double[] measured = FirstSshBench.measure(runs);
        double[] floor = new double[runs];
        try (FloorServer server = new FloorServer()) {
            for (int n = 0; n < runs; n++) {
                floor[n] = server.boot();
            }
        } catch (IOException e) {
            throw new Labcheck.UserError("cannot make the floor's key: " + e.getMessage());
        }
        return new Measure("first-ssh", "RunInstances to the first command over SSH (systemd boots, behind the gateway)",
                measured, "docker run of the same image with sshd alone, to OpenSSH's first ssh true", floor);
    }

    private Measure sshExec() {
        try (FloorServer server = new FloorServer()) {
            server.boot();
            double[] mina = new double[runs];
            try (SshConnector ssh = new SshConnector();
                 SshSession session = ssh.connect(SshTarget.ubuntu(server.address(), server.key()), Duration.ofSeconds(10))) {
                session.exec("true", Duration.ofSeconds(10)); // the first channel's setup out of the figures
                for (int n = 0; n < runs; n++) {
                    long t0 = System.nanoTime();
                    session.exec("true", Duration.ofSeconds(10));
                    mina[n] = (System.nanoTime() - t0) / 1e6;
                }
            } catch (SshFailure e) {
                throw new Labcheck.UserError("labcheck's SSH client could not log in to the floor's sshd: " + e.getMessage());
            }
            double[] openssh = server.execRoundTrips(runs);
            return new Measure("ssh-exec", "`true` on an open session, labcheck's MINA client", mina,
                    "`ssh true` over an OpenSSH ControlMaster connection", openssh);
        } catch (IOException e) {
            throw new Labcheck.UserError("the ssh-exec bench failed: " + e.getMessage());
        }
    }

    /** Starts the embedded cloud or a bare WireMock server, has one call answered, stops it. */
    private static void startOnce(String what) {
        if (what.equals("embedded")) {
            try (EmbeddedCloud cloud = EmbeddedCloud.start(CloudSettings.defaults())) {
                cloud.ec2().describeRegions();
            }
            return;
        }
        // configured as the embedded cloud's server is, less what makes it EC2: one stub answering 200
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .jettyAcceptors(1).dynamicPort().templatingEnabled(false).globalTemplating(false)
                .extensionScanningEnabled(false).gzipDisabled(true)
                .notifier(new com.github.tomakehurst.wiremock.common.Slf4jNotifier(false)));
        server.start();
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.ok()));
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new Labcheck.UserError("the WireMock floor did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop();
        }
    }

    private static double timed(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Milliseconds from starting a fresh JVM until it says {@code what} answered. The JVM gets this one's class-data
     * sharing archive, if the launcher gave it one, so the figure is a cold start as {@code ./labcheck} has it.
     */
    private static double freshJvm(String what) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-Xlog:cds")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Labcheck.class.getName(), "bench",
                "--cold-probe", what));
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.equals("ready")) {
                        double ms = (System.nanoTime() - t0) / 1e6;
                        p.waitFor(30, TimeUnit.SECONDS);
                        return ms;
                    }
                    seen.append(line).append('\n');
                }
                p.waitFor(30, TimeUnit.SECONDS);
                throw new Labcheck.UserError("the cold-start JVM (" + what + ") ended without answering: " + seen);
            }
        } catch (IOException e) {
            throw new Labcheck.UserError("cannot start a fresh JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Labcheck.UserError("interrupted");
        }
    }
}
