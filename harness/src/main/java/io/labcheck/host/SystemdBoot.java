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
import java.util.List;
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
 * <li>cgroup v1: every hierarchy is Docker's own mount of this container's cgroup, which the image's PID 1
 * ({@code labcheck-boot}) makes writable and binds onto its own path inside itself (kind's arrangement) before it
 * starts systemd: systemd makes its slices and scopes there, a container engine inside (the labs install Docker)
 * makes its containers' cgroups under them, and {@code /sys/fs/cgroup/memory/memory.limit_in_bytes} still reads
 * the instance type's memory, {@code memory.oom_control} this instance's OOM kills (containers inside
 * included). (Binding the engine host's {@code name=systemd} hierarchy over Docker's, as before, boots systemd
 * too, but two mounts of one hierarchy make runc inside fail: "stat /sys/fs/cgroup/&lt;id&gt;: no such file".)</li>
 * <li>A container engine inside: {@code NET_ADMIN} and {@code NET_RAW} (its bridge and iptables rules), AppArmor
 * unconfined (the engine host's docker-default profile denies the mounts runc makes), seccomp unconfined (Docker's
 * default profile denies the keyctl runc calls: "unable to join session keyring") and a volume for
 * {@code /var/lib/docker}, so that images lie on disk, as on an instance, not in its memory.</li>
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
    static final String CGROUP = "/sys/fs/cgroup";
    /** What the readiness probe says of itself: sshd then logs one "Connection closed ... [preauth]" line. */
    private static final byte[] PROBE_IDENT = "SSH-2.0-labcheck-readiness\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int READ_TIMEOUT_MS = 1000;

    /** The host configuration for systemd as PID 1, for an engine whose cgroup version is {@code cgroupVersion}. */
    static void configure(HostConfig hostConfig, String cgroupVersion) {
        hostConfig.withCapAdd(Capability.SYS_ADMIN, Capability.SYS_PTRACE, Capability.NET_ADMIN, Capability.NET_RAW)
                .withSecurityOpts(List.of("apparmor=unconfined", "seccomp=unconfined")).withTmpFs(TMPFS);
        if ("2".equals(cgroupVersion)) {
            hostConfig.withCgroupnsMode("host").withBinds(new Bind(CGROUP, new Volume(CGROUP)));
        }
    }

    /** An anonymous volume, removed with the container: a container engine's images lie on disk. */
    static final String ENGINE_DATA = "/var/lib/docker";

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
