package io.labcheck.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.cloud.embedded.InstanceLifecycle;
import io.labcheck.cloud.embedded.InstanceView;
import io.labcheck.substitute.PackageIndex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import static org.awaitility.Awaitility.await;

/**
 * Instances as containers: each launch boots a fresh container from the host image, systemd as PID 1
 * as on a VM (so {@code systemctl} and {@code journalctl} behave; {@link SystemdBoot} has the container
 * settings that needs), with the key pair's public key in the login user's authorized_keys and the
 * instance type's memory as its hard limit (so out-of-memory is real); it is running once sshd answers
 * on its address. Stop and start keep its disk and boot it again (units the lab enabled come back);
 * terminate removes it. Everything is labelled with the run id and its owner (this machine and
 * process): closing removes the run's containers; a JVM that is stopped (Ctrl-C, SIGTERM) has
 * Testcontainers' JVM-hook reaper remove them (Ryuk is off here); and containers whose owner process
 * is gone without either (kill -9) are swept by
 * the next run on the machine.
 */
public final class ContainerHosts implements InstanceLifecycle, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerHosts.class);
    public static final String LABEL_MANAGED = "org.labcheck.managed";
    public static final String LABEL_RUN_ID = "org.labcheck.run-id";
    public static final String LABEL_INSTANCE_ID = "org.labcheck.instance-id";
    /** {@code <host name>/<pid>} of the JVM that made the container. */
    public static final String LABEL_OWNER = "org.labcheck.owner";
    private static final String OWNER = Owner.current();
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(25);
    private static final Duration DIAGNOSIS_BOUND = Duration.ofSeconds(5);

    private final String runId;
    private final HostImage image;
    private final DockerClient docker;
    private final String cgroupVersion;
    private final Map<String, ContainerHost> hosts = new ConcurrentHashMap<>();
    private final ExecutorService work;
    private PackageIndex packageIndex;
    private io.labcheck.substitute.Downloads downloads;
    private io.labcheck.substitute.RunCa ca;
    private Internet internet;
    private final List<String> standIns = new java.util.ArrayList<>();

    private ContainerHosts(String runId, HostImage image, DockerClient docker, String cgroupVersion) {
        this.runId = runId;
        this.image = image;
        this.docker = docker;
        this.cgroupVersion = cgroupVersion;
        AtomicInteger n = new AtomicInteger();
        this.work = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "labcheck-host-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects to the Docker engine and checks the host image; both failures say what to do. */
    public static ContainerHosts create(String runId, String imageName) {
        DockerClient docker;
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new HostException("no Docker engine answers: container hosts need one; start it with"
                        + " fixtures/docker-engine.sh (as root), or run without container hosts");
            }
            docker = DockerClientFactory.instance().client();
        } catch (HostException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HostException("cannot reach the Docker engine (" + e.getMessage() + "): start it with"
                    + " fixtures/docker-engine.sh (as root)", e);
        }
        int orphans = sweepOrphans(docker);
        if (orphans > 0) {
            LOG.info("removed {} containers left behind by labcheck runs whose process is gone", orphans);
        }
        HostImage image = HostImage.inspect(docker, imageName);
        PackageIndex.requireImage(docker, PackageIndex.configuredImage());
        return new ContainerHosts(runId, image, docker, cgroupVersion(docker));
    }

    /** "1" or "2"; an engine too old to say is taken for cgroup v1. */
    private static String cgroupVersion(DockerClient docker) {
        String version = docker.infoCmd().exec().getCGroupVersion();
        if ("2".equals(version)) {
            LOG.warn("the Docker engine uses cgroup v2: instances boot systemd with the host's cgroup namespace and"
                    + " /sys/fs/cgroup bound writable, an arrangement not verified on the machines labcheck was measured on");
            return "2";
        }
        return "1";
    }

    /**
     * Removes the containers that a labcheck process on this machine made and that process is gone
     * (killed before it could clean up); those of live processes and of other machines are left alone.
     */
    public static int sweepOrphans(DockerClient docker) {
        List<com.github.dockerjava.api.model.Container> managed = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL_MANAGED, "true")).exec();
        int removed = 0;
        for (var c : managed) {
            String owner = c.getLabels() == null ? null : c.getLabels().get(LABEL_OWNER);
            if (Owner.isGoneOnThisMachine(owner)) {
                removeQuietly(docker, c.getId());
                removed++;
            }
        }
        return removed;
    }

    public HostImage image() {
        return image;
    }

    public Optional<ContainerHost> host(String instanceId) {
        return Optional.ofNullable(hosts.get(instanceId));
    }

    /** The package index the cloud's instances use for pip, when the cloud runs its instances as containers. */
    public static Optional<PackageIndex> packageIndexOf(Cloud cloud) {
        return cloud instanceof EmbeddedCloud e
                ? e.attachment(ContainerHosts.class).flatMap(ContainerHosts::packageIndex) : Optional.empty();
    }

    /** The package index the instances' pip uses, once the first instance has launched. */
    public synchronized Optional<PackageIndex> packageIndex() {
        return Optional.ofNullable(packageIndex);
    }

    /**
     * The substitute for PyPI, one for this cloud's instances, started with the first launch (it answers at once;
     * it reads Debian's package lists while the instance boots). Labelled as the instances are, so the same sweeps
     * remove it.
     */
    private synchronized PackageIndex startedPackageIndex() {
        if (packageIndex == null) {
            packageIndex = PackageIndex.start(docker, Map.of(LABEL_MANAGED, "true", LABEL_RUN_ID, runId, LABEL_OWNER, OWNER),
                    "labcheck-" + runId + "-package-index");
            LOG.info("package index (the stand-in for PyPI) at {}", packageIndex.indexUrl());
        }
        return packageIndex;
    }

    /** The stand-in for downloads from the internet the cloud's instances use, when they are containers. */
    public static Optional<io.labcheck.substitute.Downloads> downloadsOf(Cloud cloud) {
        return cloud instanceof EmbeddedCloud e
                ? e.attachment(ContainerHosts.class).flatMap(ContainerHosts::downloads) : Optional.empty();
    }

    /** The downloads' stand-in, once the first instance has launched. */
    public synchronized Optional<io.labcheck.substitute.Downloads> downloads() {
        return Optional.ofNullable(downloads);
    }

    /** The stand-in for downloads, on the engine's bridge gateway (the address instances reach this machine at). */
    private synchronized io.labcheck.substitute.Downloads startedDownloads() {
        if (downloads == null) {
            String gateway = gateway();
            try {
                downloads = io.labcheck.substitute.Downloads.start(gateway, runCa());
            } catch (IOException e) {
                throw new HostException("could not start the stand-in for downloads on " + gateway + ": " + e.getMessage(), e);
            }
        }
        return downloads;
    }

    /** The address instances reach this machine at: the engine's bridge gateway. */
    private String gateway() {
        return docker.inspectNetworkCmd().withNetworkId("bridge").exec().getIpam().getConfig().stream()
                .map(c -> c.getGateway()).filter(g -> g != null && !g.isBlank()).findFirst()
                .orElseThrow(() -> new HostException("the engine's bridge network has no gateway address for the"
                        + " instances to reach this machine at"));
    }

    private synchronized io.labcheck.substitute.RunCa runCa() {
        if (ca == null) {
            try {
                ca = io.labcheck.substitute.RunCa.create();
            } catch (IOException e) {
                throw new HostException(e.getMessage(), e);
            }
        }
        return ca;
    }

    /** The public DNS and the ACME authority standing in for the internet, one pair per run. */
    public record Internet(io.labcheck.substitute.PublicDns dns, io.labcheck.substitute.AcmeServer acme) {}

    /** The internet's stand-ins of the cloud's instances, when they are containers and a step has needed them. */
    public static Optional<Internet> internetOf(Cloud cloud) {
        return cloud instanceof EmbeddedCloud e
                ? e.attachment(ContainerHosts.class).flatMap(ContainerHosts::internetIfStarted) : Optional.empty();
    }

    public synchronized Optional<Internet> internetIfStarted() {
        return Optional.ofNullable(internet);
    }

    /**
     * The public DNS and the ACME authority, started the first time a lab needs them (a DNS record set, certbot
     * about to run): every instance then resolves through that DNS and its certbot asks that authority, as an
     * instance does through its VPC's resolver and Let's Encrypt. Instances launched later get the same.
     */
    public synchronized Internet internet() {
        if (internet == null) {
            Map<String, String> labels = Map.of(LABEL_MANAGED, "true", LABEL_RUN_ID, runId, LABEL_OWNER, OWNER);
            io.labcheck.substitute.PublicDns dns = io.labcheck.substitute.PublicDns.start(docker, labels,
                    "labcheck-" + runId + "-dns");
            try {
                io.labcheck.substitute.AcmeServer acme = io.labcheck.substitute.AcmeServer.start(gateway(), dns, runCa(),
                        labels, "labcheck-" + runId + "-acme");
                internet = new Internet(dns, acme);
            } catch (RuntimeException e) {
                dns.close();
                throw e;
            }
            LOG.info("public DNS at {}, ACME directory at {}", dns.address(), internet.acme().directoryUrl());
            for (Map.Entry<String, ContainerHost> h : hosts.entrySet()) {
                connectToInternet(h.getKey(), h.getValue());
            }
        }
        return internet;
    }

    /** Points an instance's resolver at the public DNS and its certbot at the ACME authority, once they run. */
    private void connectToInternet(String instanceId, ContainerHost host) {
        Internet i;
        synchronized (this) {
            i = internet;
        }
        if (i == null) {
            return;
        }
        String ini = Base64.getEncoder().encodeToString(i.acme().certbotConfig().getBytes(StandardCharsets.UTF_8));
        ExecResult r = execAsRoot(host, Duration.ofSeconds(15), "sh", "-c",
                "printf 'nameserver %s\\n' " + i.dns().address() + " > /etc/resolv.conf"
                        + " && mkdir -p /root/.config/letsencrypt && printf '%s' " + ini
                        + " | base64 -d > /root/.config/letsencrypt/cli.ini");
        if (r.exitCode() != 0) {
            throw new HostException("could not point " + instanceId + " at the public DNS and the ACME authority: "
                    + r.stdout().strip() + r.stderr().strip());
        }
    }

    @Override
    public CompletionStage<Void> launch(InstanceView instance) {
        return CompletableFuture.runAsync(() -> boot(instance), work);
    }

    private void boot(InstanceView instance) {
        if (instance.authorizedKey() == null) {
            LOG.info("{} launched without a key pair: nobody can log in over SSH, as on EC2", instance.instanceId());
        }
        long memory = instance.memoryMiB() * 1024L * 1024L;
        String user = instance.loginUser();
        @SuppressWarnings("resource") // removed by terminate() or close(), not here
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image.name()))
                .withImagePullPolicy(name -> false)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName("labcheck-" + runId + "-" + instance.instanceId());
                    cmd.withHostName("ip-" + instance.privateIp().replace('.', '-'));
                    cmd.getHostConfig().withMemory(memory).withMemorySwap(memory); // no swap, as on a fresh VM
                    SystemdBoot.configure(cmd.getHostConfig(), cgroupVersion);
                    cmd.withVolumes(new com.github.dockerjava.api.model.Volume(SystemdBoot.ENGINE_DATA));
                })
                .withEnv(SystemdBoot.environment())
                .withLabels(Map.of(LABEL_MANAGED, "true", LABEL_RUN_ID, runId,
                        LABEL_INSTANCE_ID, instance.instanceId(), LABEL_OWNER, OWNER))
                .waitingFor(started()); // ready is sshd answering, awaited below
        if (instance.authorizedKey() != null) {
            container.withCopyToContainer(Transferable.of(instance.authorizedKey() + "\n", 0600),
                    "/home/" + user + "/.ssh/authorized_keys");
        }
        // PyPI is unreachable here: pip's index is the local one (a substitute, declared in every report).
        container.withCopyToContainer(Transferable.of(startedPackageIndex().pipConf(), 0644), "/etc/pip.conf");
        // so are the installers' downloads: curl reaches their stand-in (each one served is declared)
        io.labcheck.substitute.Downloads files = startedDownloads();
        container.withCopyToContainer(Transferable.of(files.caPem(), 0644),
                "/usr/local/share/ca-certificates/labcheck-substitutes.crt");
        container.withCopyToContainer(Transferable.of(files.curlrc(), 0644), "/root/.curlrc");
        container.withCopyToContainer(Transferable.of(files.curlrc(), 0644), "/home/" + user + "/.curlrc");
        try {
            container.start();
        } catch (RuntimeException e) {
            String id = container.getContainerId();
            String why = e.getMessage();
            if (id != null) {
                why += " (" + exitState(id) + "); its log ends:\n" + logTail(id);
                removeQuietly(id);
            }
            throw new HostException("the container for " + instance.instanceId() + " did not boot: " + why, e);
        }
        ContainerHost host = new ContainerHost(instance.instanceId(), container.getContainerId());
        hosts.put(instance.instanceId(), host);
        // cloud-init leaves the file owned by the user; the copy above made it root's. Run while systemd boots and
        // sshd is awaited (docker exec needs only the container to run); the instance is running in the API, and
        // so reachable, only once both are done.
        String owns = (instance.authorizedKey() == null ? "" : " /home/" + user + "/.ssh/authorized_keys")
                + " /home/" + user + "/.curlrc";
        CompletableFuture<Void> owned = CompletableFuture.runAsync(() -> {
            ExecResult r = execAsRoot(host, Duration.ofSeconds(30), "sh", "-c",
                    "chown " + user + ":" + user + owns
                    // not in /tmp, which systemd is mounting and cleaning while this runs
                    + " && mkdir -p /var/lib/labcheck && TMPDIR=/var/lib/labcheck update-ca-certificates 2>&1");
            if (r.exitCode() != 0) {
                throw new HostException("preparing " + instance.instanceId() + " failed (chown, update-ca-certificates): "
                        + r.stdout().strip() + r.stderr().strip());
            }
        }, work);
        InetAddress address;
        try {
            address = bridgeAddress(host.containerId());
            awaitSshd(instance.instanceId(), host.containerId(), address);
            owned.join();
        } catch (HostException e) {
            owned.cancel(false);
            discard(instance.instanceId(), host.containerId());
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            HostException failure = running(host.containerId())
                    ? new HostException("the container for " + instance.instanceId() + " did not boot: "
                            + cause.getMessage(), cause)
                    : exited(instance.instanceId(), host.containerId(), "while it booted",
                            cause instanceof Exception ex ? ex : e);
            discard(instance.instanceId(), host.containerId());
            throw failure;
        }
        host.initPid(initPid(host.containerId()));
        connectToInternet(instance.instanceId(), host);
        host.bridgeAddress(address);
        LOG.info("{} boots in container {} at {}", instance.instanceId(), host.containerId().substring(0, 12),
                host.bridgeAddress().map(InetAddress::getHostAddress).orElse("?"));
    }

    private void discard(String instanceId, String containerId) {
        hosts.remove(instanceId);
        removeQuietly(containerId);
    }

    @Override
    public CompletionStage<Void> stop(InstanceView instance) {
        return CompletableFuture.runAsync(() -> {
            ContainerHost host = required(instance.instanceId());
            host.bridgeAddress(null);
            docker.stopContainerCmd(host.containerId()).withTimeout((int) STOP_GRACE.toSeconds()).exec();
        }, work);
    }

    @Override
    public CompletionStage<Void> start(InstanceView instance) {
        return CompletableFuture.runAsync(() -> {
            ContainerHost host = required(instance.instanceId());
            // the type may have changed while stopped (ModifyInstanceAttribute): its memory, no swap, as launched
            long memory = instance.memoryMiB() * 1024L * 1024L;
            docker.updateContainerCmd(host.containerId()).withMemory(memory).withMemorySwap(memory).exec();
            docker.startContainerCmd(host.containerId()).exec();
            booted(instance.instanceId(), host);
        }, work);
    }

    /** A container that (re)started: its sshd answering at its (maybe new) bridge address, which the gateway then uses. */
    private void booted(String instanceId, ContainerHost host) {
        InetAddress address = bridgeAddress(host.containerId());
        awaitSshd(instanceId, host.containerId(), address);
        host.initPid(initPid(host.containerId()));
        connectToInternet(instanceId, host); // the engine writes a fresh resolv.conf when the container starts
        host.bridgeAddress(address);
    }

    /** The machine restarts (systemd halts and boots again); the address is unreachable until sshd is back. */
    @Override
    public CompletionStage<Void> reboot(InstanceView instance) {
        return CompletableFuture.runAsync(() -> {
            ContainerHost host = required(instance.instanceId());
            host.bridgeAddress(null);
            docker.restartContainerCmd(host.containerId()).withTimeout((int) STOP_GRACE.toSeconds()).exec();
            booted(instance.instanceId(), host);
        }, work);
    }

    /**
     * What the machine's console showed of this boot: systemd's journal of it (a container has no serial console,
     * and systemd writes there nothing without a terminal), else the container's own log.
     */
    @Override
    public String consoleOutput(InstanceView instance) {
        ContainerHost host = hosts.get(instance.instanceId());
        if (host == null) {
            return "";
        }
        try {
            ExecResult r = exec(host.containerId(), "root", DIAGNOSIS_BOUND, "journalctl", "-b", "--no-pager", "-n", "200");
            if (r.exitCode() == 0 && !r.stdout().isBlank()) {
                return r.stdout();
            }
        } catch (RuntimeException e) {
            // stopped, or no journal: the container's log is what there is
        }
        return consoleLog(host.containerId(), 200);
    }

    @Override
    public CompletionStage<Void> terminate(InstanceView instance) {
        return CompletableFuture.runAsync(() -> {
            ContainerHost host = hosts.remove(instance.instanceId());
            if (host != null) {
                host.bridgeAddress(null);
                removeQuietly(host.containerId());
            }
        }, work);
    }

    private ContainerHost required(String instanceId) {
        ContainerHost host = hosts.get(instanceId);
        if (host == null) {
            throw new HostException("no container backs " + instanceId);
        }
        return host;
    }

    private long initPid(String containerId) {
        Long pid = docker.inspectContainerCmd(containerId).exec().getState().getPidLong();
        return pid == null ? 0 : pid;
    }

    private InetAddress bridgeAddress(String containerId) {
        InspectContainerResponse info = docker.inspectContainerCmd(containerId).exec();
        String ip = info.getNetworkSettings().getIpAddress();
        if (ip == null || ip.isBlank()) {
            ip = info.getNetworkSettings().getNetworks().values().stream().map(n -> n.getIpAddress())
                    .filter(a -> a != null && !a.isBlank()).findFirst()
                    .orElseThrow(() -> new HostException("container " + containerId + " has no bridge address"));
        }
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new HostException("container " + containerId + " has an unreadable address " + ip, e);
        }
    }

    /**
     * Waits, bounded, until sshd (started by systemd) answers with its SSH identification on the instance's
     * address, failing at once if the container exits. The image orders ssh.service after
     * systemd-user-sessions.service, so by then the login user may log in.
     */
    private void awaitSshd(String instanceId, String containerId, InetAddress address) {
        String what = "sshd of " + instanceId + " to answer with an SSH banner (SSH-2.0-) at "
                + address.getHostAddress() + ":22";
        try {
            await(what).atMost(BOOT_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .failFast("the container of " + instanceId + " exited", () -> !running(containerId))
                    .until(() -> SystemdBoot.sshAnswers(address));
        } catch (TerminalFailureException exited) {
            throw exited(instanceId, containerId, "while waiting for " + what, exited);
        } catch (ConditionTimeoutException timedOut) {
            throw new HostException("no answer within " + BOOT_TIMEOUT.toSeconds() + " s while waiting for " + what
                    + "; systemd in the container says:\n" + bootDiagnosis(containerId), timedOut);
        }
    }

    private HostException exited(String instanceId, String containerId, String when, Exception cause) {
        return new HostException("the container of " + instanceId + " exited " + when + " (" + exitState(containerId)
                + "); its log ends:\n" + logTail(containerId), cause);
    }

    private boolean running(String containerId) {
        try {
            return Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getRunning());
        } catch (NotFoundException gone) {
            return false;
        }
    }

    private String exitState(String containerId) {
        try {
            var state = docker.inspectContainerCmd(containerId).exec().getState();
            return "exit code " + state.getExitCodeLong() + (Boolean.TRUE.equals(state.getOOMKilled()) ? ", OOM-killed" : "")
                    + (state.getError() == null || state.getError().isBlank() ? "" : ", " + state.getError());
        } catch (NotFoundException gone) {
            return "container removed";
        }
    }

    /** The last lines of the container's own log: systemd's, when it could not start its journal. */
    private String logTail(String containerId) {
        String text = consoleLog(containerId, 20);
        return text.isEmpty() ? "(empty)" : text;
    }

    private String consoleLog(String containerId, int lines) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                log.writeBytes(frame.getPayload());
            }
        }) {
            docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines).exec(callback)
                    .awaitCompletion(DIAGNOSIS_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            return "(cannot read the container log: " + e.getMessage() + ")";
        }
        return log.toString(StandardCharsets.UTF_8).strip();
    }

    /** What systemd says of the boot and of ssh.service, and the container log, for a boot that timed out. */
    private String bootDiagnosis(String containerId) {
        try {
            ExecResult r = exec(containerId, "root", DIAGNOSIS_BOUND, "sh", "-c",
                    "systemctl is-system-running; systemctl --failed --no-legend --no-pager;"
                            + " systemctl status ssh.service --no-pager --lines 10 2>&1");
            return (r.stdout() + r.stderr()).strip() + "\ncontainer log:\n" + logTail(containerId);
        } catch (RuntimeException e) {
            return "(cannot ask systemd: " + e.getMessage() + ")\ncontainer log:\n" + logTail(containerId);
        }
    }

    /** The instance's memory limit in bytes, as its container has it. */
    public long memoryLimit(String instanceId) {
        Long limit = docker.inspectContainerCmd(required(instanceId).containerId()).exec().getHostConfig().getMemory();
        return limit == null ? 0 : limit;
    }

    /**
     * Sets the instance's memory limit (no swap beyond it, as at launch). The stand-in for a swap file: this kernel
     * gives a container no swap, so the memory a student's {@code swapon} would add is added to the limit instead.
     */
    public void memoryLimit(String instanceId, long bytes) {
        docker.updateContainerCmd(required(instanceId).containerId()).withMemory(bytes).withMemorySwap(bytes).exec();
    }

    /** The container hosts behind {@code cloud}, when it runs its instances as containers. */
    public static Optional<ContainerHosts> of(Cloud cloud) {
        return cloud instanceof EmbeddedCloud e ? e.attachment(ContainerHosts.class) : Optional.empty();
    }

    /**
     * Builds the stand-in image in {@code directory} on this machine's engine, for this run: two build arguments
     * are given, {@code HOST_IMAGE} (the image the instances boot from, which stand-ins start from) and
     * {@code PIP_CONF} (the instances' pip configuration: containers built on an instance reach the same package
     * index). Returns the local tag, which {@link #close()} removes.
     */
    public String buildStandIn(java.nio.file.Path directory, String name, Duration timeout) {
        String tag = "labcheck/stand-in-" + name.replaceAll("[^a-z0-9._-]", "-") + ":" + runId;
        docker(timeout, "building the stand-in for " + name + " from " + directory, "docker", "build", "-q",
                "--label", LABEL_MANAGED + "=true", "--label", LABEL_RUN_ID + "=" + runId,
                "--build-arg", "HOST_IMAGE=" + image.name(), "--build-arg", "PIP_CONF=" + startedPackageIndex().pipConf(),
                "-t", tag, directory.toString());
        synchronized (this) {
            standIns.add(tag);
        }
        return tag;
    }

    /** Tags {@code source} as {@code target} in the instance's Docker engine. */
    public void tagInInstance(String instanceId, String source, String target) {
        ExecResult r = exec(required(instanceId).containerId(), "root", Duration.ofSeconds(30), "docker", "tag", source, target);
        if (r.exitCode() != 0) {
            throw new HostException("could not tag " + source + " as " + target + " on " + instanceId + ": "
                    + (r.stderr() + r.stdout()).strip());
        }
    }

    /** Runs the docker client here, bounded; its output, or a HostException that says what failed. */
    private String docker(Duration timeout, String what, String... argv) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new HostException(what + ": could not run the docker client (it comes with the engine:"
                    + " fixtures/docker-engine.sh): " + e.getMessage(), e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.getMessage();
            }
        }, work);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new HostException(what + " did not finish within " + timeout);
            }
            String out = output.get(10, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                throw new HostException(what + " failed: " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new HostException("interrupted: " + what, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new HostException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts an image built on this machine into the Docker engine running on the instance (the stand-in for a
     * registry nobody here can reach): {@code docker save} here piped into {@code docker load} there. Returns
     * what {@code docker load} said.
     */
    public String loadImage(String instanceId, String image, Duration timeout) {
        String containerId = required(instanceId).containerId();
        ExecResult engine = exec(containerId, "root", Duration.ofSeconds(30), "docker", "info", "--format", "{{.ServerVersion}}");
        if (engine.exitCode() != 0) {
            throw new HostException("no Docker engine answers on " + instanceId + " to load " + image + " into ("
                    + (engine.stderr().isBlank() ? engine.stdout() : engine.stderr()).strip() + ")");
        }
        return docker(timeout, "loading " + image + " into " + instanceId, "bash", "-o", "pipefail", "-c",
                "docker save \"$1\" | docker exec -i \"$2\" docker load", "load", image, containerId).strip();
    }

    /** What a root shell on the instance would print: the harness's own back door, never a student's. */
    public ExecResult execAsRoot(String instanceId, Duration timeout, String... command) {
        return exec(required(instanceId), "root", timeout, command);
    }

    /** Runs a shell command line as {@code user} with a login environment, as that user's own session would. */
    public ExecResult execAs(String instanceId, String user, Duration timeout, String shellCommand) {
        return exec(required(instanceId), user, timeout, "bash", "-lc", shellCommand);
    }

    private ExecResult execAsRoot(ContainerHost host, Duration timeout, String... command) {
        return exec(host, "root", timeout, command);
    }

    private ExecResult exec(ContainerHost host, String user, Duration timeout, String... command) {
        return exec(host.containerId(), user, timeout, command);
    }

    private ExecResult exec(String containerId, String user, Duration timeout, String... command) {
        ExecCreateCmdResponse exec = docker.execCreateCmd(containerId).withCmd(command)
                .withAttachStdout(true).withAttachStderr(true).withUser(user)
                .withWorkingDir(user.equals("root") ? "/root" : "/home/" + user).exec();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ResultCallback.Adapter<Frame> frames = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? err : out).writeBytes(frame.getPayload());
            }
        };
        try (ResultCallback.Adapter<Frame> callback = frames) {
            boolean finished = docker.execStartCmd(exec.getId()).exec(callback).awaitCompletion(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (!finished) {
                throw new HostException("'" + String.join(" ", command) + "' did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while running " + String.join(" ", command), e);
        } catch (IOException e) {
            throw new HostException("docker exec failed: " + e.getMessage(), e);
        }
        Long code = docker.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
        return new ExecResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    public record ExecResult(int exitCode, String stdout, String stderr) {}

    private void removeQuietly(String containerId) {
        removeQuietly(docker, containerId);
    }

    private static void removeQuietly(DockerClient docker, String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {}: {}", containerId, e.getMessage());
        }
    }

    /** Removes every container of {@code runId}, including those a killed JVM left behind. */
    public static int sweep(DockerClient docker, String runId) {
        List<com.github.dockerjava.api.model.Container> leftovers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL_MANAGED, "true", LABEL_RUN_ID, runId)).exec();
        for (var c : leftovers) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // raced with another remover, which finished
            } catch (com.github.dockerjava.api.exception.ConflictException inProgress) {
                // 409 "removal ... is already in progress": a terminate's removal got there first; wait for it to end
                awaitGone(docker, c.getId());
            }
        }
        return leftovers.size();
    }

    private static void awaitGone(DockerClient docker, String containerId) {
        org.awaitility.Awaitility.await("container " + containerId.substring(0, 12) + "'s removal (begun by another"
                        + " remover) to finish").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                    try {
                        docker.inspectContainerCmd(containerId).exec();
                        return false;
                    } catch (NotFoundException gone) {
                        return true;
                    }
                });
    }

    /** Testcontainers' part ends when the container runs; ready is sshd answering, awaited by awaitSshd. */
    private static AbstractWaitStrategy started() {
        return new AbstractWaitStrategy() {
            @Override
            protected void waitUntilReady() {}
        };
    }

    @Override
    public void close() {
        // Work in flight (a terminate's removal, say) finishes first: interrupted, docker-java abandons the call with
        // no message and a warning, and the sweep below then races the removal the engine already began.
        work.shutdown();
        try {
            if (!work.awaitTermination(STOP_GRACE.toSeconds() + 5, TimeUnit.SECONDS)) {
                work.shutdownNow();
            }
        } catch (InterruptedException e) {
            work.shutdownNow();
            Thread.currentThread().interrupt();
        }
        hosts.clear();
        synchronized (this) {
            if (packageIndex != null) {
                try {
                    packageIndex.close();
                } catch (RuntimeException e) {
                    LOG.warn("could not stop the package index: {}", e.getMessage()); // the sweep below removes it
                }
                packageIndex = null;
            }
            if (downloads != null) {
                downloads.close();
                downloads = null;
            }
            if (internet != null) {
                for (AutoCloseable c : List.of(internet.acme(), internet.dns())) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        LOG.warn("could not stop a stand-in for the internet: {}", e.getMessage()); // swept below
                    }
                }
                internet = null;
            }
            for (String tag : standIns) {
                try {
                    // the tag goes, its parent layers stay: they are the next run's build cache (the legacy builder
                    // keeps its cache in them; without them a stand-in that installs packages builds again, 12 s)
                    docker.removeImageCmd(tag).withForce(true).withNoPrune(true).exec();
                } catch (RuntimeException e) {
                    LOG.warn("could not remove the stand-in image {}: {}", tag, e.getMessage());
                }
            }
            standIns.clear();
        }
        int removed = sweep(docker, runId);
        LOG.debug("run {}: removed {} containers", runId, removed);
    }
}
