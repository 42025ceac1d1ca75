package io.labcheck.diagnose;

import io.labcheck.host.MemoryReading;
import io.labcheck.ssh.SshFailure;

import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.ec2.model.Address;

/**
 * The evidence the probes gathered, typed, each part absent when its probe could not look (no
 * evidence, no finding). Written by probes running in parallel; read by the rules afterwards.
 */
public final class Observations {
    volatile Set<PosixFilePermission> keyMode;
    /** OpenSSH's words when it refuses the key file for its mode ({@code ssh-keygen -y} loads it as ssh does). */
    volatile String keyRefusal;
    volatile List<String> groupIds;
    volatile String instanceState;
    /** The instance the API described (looked up by address when only that was known). */
    volatile String instanceId;
    volatile String publicIp;
    volatile String groupId;
    final Map<Integer, Boolean> ingress = new ConcurrentHashMap<>();
    final Map<Integer, String> ingressDetail = new ConcurrentHashMap<>();
    /** The sources (CIDRs) the admitting rules name, per port. */
    final Map<Integer, List<String>> ingressSources = new ConcurrentHashMap<>();
    final Map<Integer, Reach> reach = new ConcurrentHashMap<>();
    /** The account's Elastic IPs in the instance's region (DescribeAddresses), associated or not. */
    volatile List<Address> addresses;
    volatile Boolean sshOk;
    volatile SshFailure.Kind sshFailure;
    volatile String sshMessage;
    volatile String listeners;
    /** The server's own firewall as ufw shows it, null when it could not be read. */
    volatile Firewall firewall;
    volatile MemoryReading memory;
    /** The kernel's count of OOM kills since boot, null when it could not be read. */
    volatile Long oomKills;
    volatile String biggestProcess;
    /** The Python modules the app needs, from its command and its log ({@link AppProgram}); empty when unknown. */
    volatile List<String> appModules;
    /** venvs in the login user's home whose python imports the app's modules, and whether the system python does. */
    volatile String venvsWithApp;
    volatile Boolean systemPythonHasApp;
    /** The python the app's systemd unit runs (its ExecStart's, or its script's #! line), and whether it imports the app's modules. */
    volatile String unitInterpreter;
    volatile Boolean unitInterpreterHasApp;
    volatile String appLogError;
    /** The containers on the server ({@code docker ps -a}), null when they could not be listed. */
    volatile Containers.Listing containers;
    /** The first failing container's line in {@code docker ps -a} and its last log lines, as a student sees them. */
    volatile String containerStatus;
    volatile List<String> containerLog;
    /** What the student's resolver answers for each of the site's names (no address: an empty list). */
    final Map<String, List<String>> dnsAnswers = new ConcurrentHashMap<>();
    volatile Symptom sshSymptom;
    volatile Symptom httpSymptom;
    private final List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Each probe by name, in the order they started; null until it ends. */
    private final Map<String, Probe> probes = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    void note(String line) {
        notes.add(line);
    }

    void started(String probe) {
        probes.putIfAbsent(probe, null);
    }

    void record(Probe probe) {
        probes.put(probe.name(), probe);
    }

    boolean ended(String probe) {
        return probes.get(probe) != null;
    }

    /** Every probe that has not ended yet times out now, saying {@code why}. */
    void endLooking(String why) {
        synchronized (probes) {
            probes.replaceAll((name, p) -> p != null ? p : new Probe(name, Probe.Outcome.TIMED_OUT, false, why));
        }
    }

    /** Each probe's outcome, in the order they started. */
    public List<Probe> probes() {
        synchronized (probes) {
            return probes.entrySet().stream().map(e -> e.getValue() != null ? e.getValue()
                    : new Probe(e.getKey(), Probe.Outcome.TIMED_OUT, false, "still looking")).toList();
        }
    }

    /** Every line of evidence gathered, for reports. */
    public List<String> evidence() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }

    public Optional<Symptom> sshSymptom() {
        return Optional.ofNullable(sshSymptom);
    }

    public Optional<Symptom> httpSymptom() {
        return Optional.ofNullable(httpSymptom);
    }

    public Optional<String> instanceState() {
        return Optional.ofNullable(instanceState);
    }

    /** The Python modules the server was searched for (what the app runs on), empty when none was known. */
    public List<String> appModules() {
        return appModules == null ? List.of() : appModules;
    }

    /** The first failing container's line in {@code docker ps -a}, when one was failing. */
    public Optional<String> containerStatus() {
        return Optional.ofNullable(containerStatus).filter(x -> !x.isBlank());
    }

    public Optional<Reach> reach(int port) {
        return Optional.ofNullable(reach.get(port));
    }
}
