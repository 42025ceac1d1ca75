package io.labcheck.cli;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.diagnose.Rule;
import io.labcheck.fault.FaultKind;
import io.labcheck.grade.ClassGrade;
import io.labcheck.grade.EndState;
import io.labcheck.grade.Expectation;
import io.labcheck.grade.Roster;
import io.labcheck.host.ContainerHosts;
import io.labcheck.host.Datacenter;
import io.labcheck.lab.LabStep;
import io.labcheck.run.LabChaos;
import io.labcheck.run.LabRun;
import io.labcheck.run.RunSettings;
import io.labcheck.run.RunnableLab;
import io.labcheck.run.StepResult;
import io.labcheck.scenarios.labs.Labs;
import io.labcheck.ssh.KnownHosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The figures that need a finished lab: one shipped lab deployed once from its document, then each catalogue fault
 * that applies to it diagnosed {@code runs} times, and classes of servers graded at once. Each beside a student's
 * naive way to the same answer: OpenSSH and curl with their own defaults.
 */
final class LabBench {
    /** A shipped lab (no seed needed) whose end state grading can check: a systemd unit, ports 22 and 8000. */
    static final String LAB = "fastapi-systemd";
    /** Past this, a naive check waits on the kernel's connect timeout, which is then computed, not waited out. */
    private static final Duration NAIVE_CAP = Duration.ofSeconds(10);
    /** Logins at once against the one server: sshd drops unauthenticated logins past 10 (MaxStartups 10:30:100). */
    private static final int PARALLEL = 8;

    private final int runs;
    private final Set<String> faults;
    private final List<Integer> classes;

    LabBench(int runs, Set<String> faults, List<Integer> classes) {
        this.runs = runs;
        this.faults = faults;
        this.classes = classes;
    }

    /** The diagnosis figures (one per fault), then the grading figures (one per class size). */
    List<Measure> measure(boolean diagnosis, boolean grade) {
        CloudSettings settings = CloudSettings.defaults().withHosts(HostKind.CONTAINER);
        Availability availability = Datacenter.availability(settings);
        if (!availability.available()) {
            throw new Labcheck.UserError("the diagnosis and grade benchmarks need container hosts: " + availability.reason());
        }
        RunnableLab lab = new Labs().labs().stream().filter(l -> l.id().equals(LAB)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the shipped lab " + LAB + " is missing"));
        List<Measure> measures = new ArrayList<>();
        try (Cloud cloud = Datacenter.start(settings);
             LabRun run = new LabRun(lab.plan().get(), lab.sidecar().get(), cloud, RunSettings.defaults())) {
            long t0 = System.nanoTime();
            for (LabStep step : run.plan().steps()) {
                StepResult r = run.execute(step);
                if (r.status() == StepResult.Status.FAILED || r.status() == StepResult.Status.SKIPPED) {
                    throw new Labcheck.UserError("the bench's lab " + LAB + " did not deploy: step " + step.number()
                            + " " + r.status() + ": " + r.reason());
                }
            }
            System.out.printf("(%s deployed from its document in %.1f s)%n", LAB, (System.nanoTime() - t0) / 1e9);
            ContainerHosts hosts = ((EmbeddedCloud) cloud).attachment(ContainerHosts.class).orElseThrow();
            if (diagnosis) {
                measures.addAll(diagnoses(run, hosts));
            }
            if (grade) {
                measures.addAll(classes(run, cloud));
            }
        } catch (IOException e) {
            throw new Labcheck.UserError("the bench's lab could not run: " + e.getMessage());
        }
        return measures;
    }

    private List<Measure> diagnoses(LabRun run, ContainerHosts hosts) {
        List<Measure> measures = new ArrayList<>();
        boolean app = run.app().isPresent();
        try (LabChaos chaos = LabChaos.of(run, hosts, EnumSet.allOf(Rule.class), runs)) {
            for (FaultKind kind : FaultKind.values()) {
                if (!faults.isEmpty() && !faults.contains(kind.id())) {
                    continue;
                }
                if (chaos.notApplicable(kind).isPresent()) {
                    System.out.println("(" + kind.id() + ": not applicable to " + LAB + ", " + chaos.notApplicable(kind).get() + ")");
                    continue;
                }
                Naive naive = new Naive();
                List<LabChaos.Cycle> cycles = new ArrayList<>();
                // where the student knows the server is: a stop and start (a fault's revert) moves a plain public IP
                String ip = publicIp(run);
                try {
                    chaos.cycle(List.of(kind), () -> naive.time(run.keyFile(), run.loginUser(), ip,
                            app ? run.app().get().port() : 0), cycles::add);
                } catch (AssertionError wrong) {
                    System.out.println("(" + kind.id() + ": the diagnosis was wrong, its times still count: "
                            + wrong.getMessage().lines().findFirst().orElse("") + ")");
                }
                if (cycles.isEmpty() || cycles.get(0).diagnoses().isEmpty()) {
                    continue;
                }
                double[] took = cycles.get(0).diagnoses().stream().mapToDouble(d -> d.toNanos() / 1e6).toArray();
                measures.add(new Measure("diagnosis, " + kind.id(), "the blind diagnosis of " + LAB + " with "
                        + kind.id() + " in", took, naive.what(), new double[] {naive.ms}));
            }
        }
        return measures;
    }

    /**
     * A student's naive check, once, with the fault in: {@code ssh -i KEY USER@HOST true}, then {@code curl} of the
     * app, each with its own defaults (no connect timeout but the kernel's). One that is still waiting at
     * {@link #NAIVE_CAP} waits on the kernel's SYN retries, whose total is computed instead of waited out.
     */
    private static final class Naive {
        double ms;
        boolean computed;

        void time(Path key, String user, String host, int appPort) {
            long t0 = System.nanoTime();
            boolean hung = !check(key, user, host, appPort);
            ms = (System.nanoTime() - t0) / 1e6;
            if (hung) {
                computed = true;
                ms = kernelConnectTimeout().toMillis();
            }
        }

        String what() {
            return computed ? "a naive ssh + curl with their defaults: they wait out the kernel's connect timeout ("
                    + "computed from tcp_syn_retries, not waited)" : "a naive ssh + curl with their defaults, measured";
        }

        /** ssh then curl, as the student types them; whether both ended within {@link #NAIVE_CAP}. */
        static boolean check(Path key, String user, String host, int appPort) {
            boolean ended = finishes(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes", "-o",
                    "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                    user + "@" + host, "true"));
            return (appPort <= 0 || finishes(List.of("curl", "-s", "-o", "/dev/null", "http://" + host + ":" + appPort
                    + "/"))) && ended;
        }

        private static boolean finishes(List<String> command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                if (p.waitFor(NAIVE_CAP.toMillis(), TimeUnit.MILLISECONDS)) {
                    return true;
                }
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return false;
            } catch (IOException e) {
                throw new Labcheck.UserError(command.get(0) + " is needed for the naive floor: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }

    /**
     * How long a connect to an address that drops SYNs waits before the kernel gives up: the first SYN and
     * {@code tcp_syn_retries} retransmissions, the wait doubling from 1 s, and a last wait as long as the one before.
     */
    static Duration kernelConnectTimeout() {
        int retries = 6; // Linux's default
        try {
            retries = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/tcp_syn_retries"),
                    StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            // not Linux, or not readable: the default
        }
        return Duration.ofSeconds((1L << (retries + 1)) - 1);
    }

    /**
     * Classes of each size graded at once: the finished server behind that many roster lines, {@value #PARALLEL} at a
     * time, each server's grading time a sample; the floor is OpenSSH's {@code ssh true} and curl to each, as many at
     * a time. Wall time and p95 are printed beside.
     */
    private List<Measure> classes(LabRun run, Cloud cloud) throws IOException {
        List<Expectation> expectations = EndState.of(run.plan());
        String ip = publicIp(run);
        int appPort = run.app().map(a -> a.port()).orElse(0);
        List<Measure> measures = new ArrayList<>();
        for (int size : classes) {
            List<Roster.Server> servers = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                servers.add(new Roster.Server(ip, run.keyFile(), run.loginUser(), i + 1));
            }
            ClassGrade.Outcome outcome = ClassGrade.grade(expectations, new Roster(run.keyFile().getParent(), servers),
                    22, cloud.ec2(), PARALLEL, new KnownHosts());
            if (!outcome.allFull()) {
                System.out.println("(a class of " + size + ": not every server graded full, the times still count)");
            }
            double[] each = outcome.graded().stream().mapToDouble(g -> g.took().toNanos() / 1e6).toArray();
            long w0 = System.nanoTime();
            double[] naive = naiveClass(size, run.keyFile(), run.loginUser(), ip, appPort);
            double naiveWall = (System.nanoTime() - w0) / 1e6;
            System.out.printf("(a class of %d, %d at a time: wall %.2f s, p95 per server %.2f s; the floor's wall %.2f s)%n",
                    size, PARALLEL, outcome.wall().toNanos() / 1e9, outcome.percentile(95).toNanos() / 1e9, naiveWall / 1e3);
            measures.add(new Measure("grade, class of " + size, "one server's grading (" + expectations.size()
                    + " end-state checks and, where one fails, the diagnosis), " + PARALLEL + " at a time", each,
                    "OpenSSH's ssh true and curl to each server, as many at a time", naive));
        }
        return measures;
    }

    /** The instance's public address now, from the API (the run's own note of it is from before any stop and start). */
    private static String publicIp(LabRun run) {
        String ip = run.cloud().ec2().describeInstances(r -> r.instanceIds(run.instanceId())).reservations().get(0)
                .instances().get(0).publicIpAddress();
        return ip == null ? run.publicIpSeen() : ip;
    }

    private static double[] naiveClass(int size, Path key, String user, String host, int appPort) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, size));
        try {
            List<Future<Double>> each = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                each.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    Naive.check(key, user, host, appPort);
                    return (System.nanoTime() - t0) / 1e6;
                }));
            }
            double[] ms = new double[size];
            for (int i = 0; i < size; i++) {
                ms[i] = each.get(i).get(2, TimeUnit.MINUTES);
            }
            return ms;
        } catch (Exception e) {
            throw new Labcheck.UserError("the naive floor of grading failed: " + e.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }
}
