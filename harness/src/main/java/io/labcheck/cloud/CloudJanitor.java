package io.labcheck.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Removes one run's resources: those the run recorded creating and those tagged with its run id, and
 * only those (a resource must carry the run's tag to be touched). Never throws: what it could not
 * remove is in the report, and said in the log.
 */
public final class CloudJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(CloudJanitor.class);

    public record Report(List<String> removed, List<String> failed) {
        public boolean clean() {
            return failed.isEmpty();
        }
    }

    private final Ec2Client ec2;
    private final RunTagging tagging;
    private final Duration timeout;
    private final Duration pollInterval;
    private final List<String> removed = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    public CloudJanitor(Ec2Client ec2, RunTagging tagging, Duration timeout, Duration pollInterval) {
        this.ec2 = ec2;
        this.tagging = tagging;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    public Report sweep() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Filter ours = Filter.builder().name("tag:" + RunTagging.RUN_ID_TAG).values(tagging.runId()).build();
        attempt("terminate instances", () -> terminateInstances(ours, deadline));
        attempt("release Elastic IPs", () -> releaseAddresses(ours));
        attempt("delete security groups", () -> deleteGroups(ours, deadline));
        attempt("delete key pairs", () -> deleteKeyPairs(ours));
        if (!failed.isEmpty()) {
            LOG.warn("run {}: could not remove {}", tagging.runId(), failed);
        }
        return new Report(List.copyOf(removed), List.copyOf(failed));
    }

    private void attempt(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failed.add(what + ": " + e.getMessage());
        }
    }

    private Set<String> tracked(String kind) {
        return tagging.created().stream().filter(c -> c.kind().equals(kind)).map(RunTagging.Created::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private boolean ours(List<Tag> tags) {
        return tagging.isOurs(tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)));
    }

    private void terminateInstances(Filter ours, long deadline) {
        Set<String> ids = new LinkedHashSet<>();
        ec2.describeInstances(r -> r.filters(ours)).reservations()
                .forEach(res -> res.instances().forEach(i -> ids.add(i.instanceId())));
        for (String id : tracked("instance")) {
            try {
                ec2.describeInstances(r -> r.instanceIds(id)).reservations().forEach(res -> res.instances().stream()
                        .filter(i -> ours(i.tags())).forEach(i -> ids.add(i.instanceId())));
            } catch (Ec2Exception e) {
                if (!e.awsErrorDetails().errorCode().equals("InvalidInstanceID.NotFound")) {
                    throw e;
                }
            }
        }
        List<String> live = new ArrayList<>();
        for (String id : ids) {
            if (!state(id).equals(InstanceStateName.TERMINATED)) {
                live.add(id);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        ec2.terminateInstances(r -> r.instanceIds(live));
        for (String id : live) {
            while (!state(id).equals(InstanceStateName.TERMINATED)) {
                if (System.nanoTime() > deadline) {
                    failed.add("instance " + id + " (not terminated within " + timeout + ")");
                    break;
                }
                sleep();
            }
            if (state(id).equals(InstanceStateName.TERMINATED)) {
                removed.add("instance " + id);
            }
        }
    }

    private InstanceStateName state(String id) {
        try {
            return ec2.describeInstances(r -> r.instanceIds(id)).reservations().stream()
                    .flatMap(r -> r.instances().stream()).map(Instance::state).map(s -> s.name())
                    .findFirst().orElse(InstanceStateName.TERMINATED);
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails().errorCode().equals("InvalidInstanceID.NotFound")) {
                return InstanceStateName.TERMINATED;
            }
            throw e;
        }
    }

    private void releaseAddresses(Filter ours) {
        for (Address a : ec2.describeAddresses(r -> r.filters(ours)).addresses()) {
            if (a.associationId() != null) {
                ec2.disassociateAddress(r -> r.associationId(a.associationId()));
            }
            ec2.releaseAddress(r -> r.allocationId(a.allocationId()));
            removed.add("elastic-ip " + a.allocationId());
        }
    }

    private void deleteGroups(Filter ours, long deadline) {
        for (SecurityGroup g : ec2.describeSecurityGroups(r -> r.filters(ours)).securityGroups()) {
            while (true) {
                try {
                    ec2.deleteSecurityGroup(r -> r.groupId(g.groupId()));
                    removed.add("security-group " + g.groupId());
                    break;
                } catch (Ec2Exception e) {
                    // A group stays "in use" for a while after its instances terminate.
                    if (!e.awsErrorDetails().errorCode().equals("DependencyViolation") || System.nanoTime() > deadline) {
                        failed.add("security-group " + g.groupId() + " (" + e.awsErrorDetails().errorCode() + ")");
                        break;
                    }
                    sleep();
                }
            }
        }
    }

    private void deleteKeyPairs(Filter ours) {
        for (KeyPairInfo k : ec2.describeKeyPairs(r -> r.filters(ours)).keyPairs()) {
            ec2.deleteKeyPair(r -> r.keyPairId(k.keyPairId()));
            removed.add("key-pair " + k.keyName());
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cloud to settle", e);
        }
    }
}
