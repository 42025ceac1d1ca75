package io.labcheck.host;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a container needs for the host image's systemd to boot as PID 1 on this engine, and how to tell
 * that the booted instance takes SSH logins. Measured with Docker 20.10 on cgroup v1 (DESIGN.md, "Containers
 * that need more than a plain process"; fixtures/host-image/README.md).
 *
 * <ul>
 * <li>{@code --cap-add SYS_ADMIN} for systemd, and {@code SYS_PTRACE} so that root sees other users' processes'
 * sockets as a VM's root does ({@code sudo ss -ltnp} names the process holding a port); {@code --privileged} and
 * {@code --cap-add ALL} are refused here.</li>
 * <li>tmpfs on {@code /run}, {@code /run/lock} (noexec, as Ubuntu mounts them) and {@code /tmp} (exec: labs
 * run scripts from it), so each boot starts with them empty, as a VM's do.</li>
 * <li>cgroup v1: only the {@code name=systemd} hierarchy is bound from the engine's host, writable, so that
 * systemd can make its slices and scopes; every other controller stays the container's own, as Docker mounts
 * it, so {@code /sys/fs/cgroup/memory/memory.limit_in_bytes} still reads the instance type's memory and
 * {@code memory.oom_control} counts this instance's OOM kills. (Binding the whole {@code /sys/fs/cgroup}
 * read-only also boots systemd, but then those files are the engine host's root cgroup's: no limit.)</li>
 * <li>cgroup v2 (not available on the machines this was measured on, so unverified): the engine host's
 * cgroup namespace and {@code /sys/fs/cgroup} bound writable, the arrangement commonly used there.</li>
 * <li>{@code container=docker} in the environment: systemd's own test for running in a container.</li>
 * </ul>
 */
final class SystemdBoot {
    /** Mount options as on Ubuntu 22.04, where /run and /run/lock are noexec and /tmp is not. */
    static final Map<String, String> TMPFS = Map.of(
            "/run", "rw,nosuid,nodev,noexec",
            "/run/lock", "rw,nosuid,nodev,noexec",
            "/tmp", "rw,nosuid,nodev,exec");
    static final String SYSTEMD_CGROUP_V1 = "/sys/fs/cgroup/systemd";
    static final String CGROUP = "/sys/fs/cgroup";
    /** What the readiness probe says of itself: sshd then logs one "Connection closed ... [preauth]" line. */
    private static final byte[] PROBE_IDENT = "SSH-2.0-labcheck-readiness\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int READ_TIMEOUT_MS = 1000;

    /** The host configuration for systemd as PID 1, for an engine whose cgroup version is {@code cgroupVersion}. */
    static void configure(HostConfig hostConfig, String cgroupVersion) {
        hostConfig.withCapAdd(Capability.SYS_ADMIN, Capability.SYS_PTRACE).withTmpFs(TMPFS);
        if ("2".equals(cgroupVersion)) {
            hostConfig.withCgroupnsMode("host").withBinds(new Bind(CGROUP, new Volume(CGROUP)));
        } else {
            hostConfig.withBinds(new Bind(SYSTEMD_CGROUP_V1, new Volume(SYSTEMD_CGROUP_V1)));
        }
    }

    static Map<String, String> environment() {
        return Map.of("container", "docker");
    }

    /**
     * Whether sshd at {@code address} port 22 answers with its identification ("SSH-2.0-..."). The probe
     * answers with its own and reads sshd's key exchange offer before closing, so that sshd logs an
     * ordinary closed connection instead of an error.
     */
    static boolean sshAnswers(InetAddress address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, 22), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            InputStream in = s.getInputStream();
            String line = readLine(in);
            if (!line.startsWith("SSH-2.0-")) {
                return false;
            }
            s.getOutputStream().write(PROBE_IDENT);
            s.getOutputStream().flush();
            try {
                in.read(new byte[2048]); // sshd's key exchange offer
            } catch (SocketTimeoutException slow) {
                // it answered with its identification: ready all the same
            }
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n' && line.length() < 255; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    private SystemdBoot() {}
}
