package io.labcheck.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.AllocateAddressRequest;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairRequest;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairRequest;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * An SDK interceptor that tags everything a run creates with its run id and records what was
 * created, so that {@link CloudJanitor} removes exactly this run's resources and nothing else.
 */
public final class RunTagging implements ExecutionInterceptor {
    public static final String RUN_ID_TAG = "labcheck:run-id";

    /** What this run created, in creation order. */
    public record Created(String kind, String id) {}

    private final String runId;
    private final List<Created> created = new CopyOnWriteArrayList<>();

    public RunTagging(String runId) {
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    public List<Created> created() {
        return List.copyOf(created);
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (r instanceof RunInstancesRequest run) {
            return run.toBuilder().tagSpecifications(
                    withRunTag(run.tagSpecifications(), ResourceType.INSTANCE, ResourceType.VOLUME)).build();
        }
        if (r instanceof CreateSecurityGroupRequest sg) {
            return sg.toBuilder().tagSpecifications(withRunTag(sg.tagSpecifications(), ResourceType.SECURITY_GROUP)).build();
        }
        if (r instanceof CreateKeyPairRequest kp) {
            return kp.toBuilder().tagSpecifications(withRunTag(kp.tagSpecifications(), ResourceType.KEY_PAIR)).build();
        }
        if (r instanceof ImportKeyPairRequest kp) {
            return kp.toBuilder().tagSpecifications(withRunTag(kp.tagSpecifications(), ResourceType.KEY_PAIR)).build();
        }
        if (r instanceof AllocateAddressRequest eip) {
            return eip.toBuilder().tagSpecifications(withRunTag(eip.tagSpecifications(), ResourceType.ELASTIC_IP)).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Object response = context.response();
        if (response instanceof RunInstancesResponse run) {
            run.instances().forEach(i -> created.add(new Created("instance", i.instanceId())));
        } else if (response instanceof CreateSecurityGroupResponse sg) {
            created.add(new Created("security-group", sg.groupId()));
        } else if (response instanceof CreateKeyPairResponse kp) {
            created.add(new Created("key-pair", kp.keyName()));
        } else if (response instanceof ImportKeyPairResponse kp) {
            created.add(new Created("key-pair", kp.keyName()));
        } else if (response instanceof AllocateAddressResponse eip) {
            created.add(new Created("elastic-ip", eip.allocationId()));
        }
    }

    /** Adds the run tag to the caller's specifications, merging into one of the same type if present. */
    private List<TagSpecification> withRunTag(List<TagSpecification> given, ResourceType... types) {
        List<TagSpecification> out = new ArrayList<>();
        Set<ResourceType> wanted = Set.of(types);
        Set<ResourceType> done = new java.util.HashSet<>();
        Tag runTag = Tag.builder().key(RUN_ID_TAG).value(runId).build();
        for (TagSpecification spec : given) {
            if (wanted.contains(spec.resourceType())) {
                List<Tag> tags = new ArrayList<>(spec.tags());
                tags.removeIf(t -> t.key().equals(RUN_ID_TAG));
                tags.add(runTag);
                out.add(spec.toBuilder().tags(tags).build());
                done.add(spec.resourceType());
            } else {
                out.add(spec);
            }
        }
        for (ResourceType type : types) {
            if (!done.contains(type)) {
                out.add(TagSpecification.builder().resourceType(type).tags(runTag).build());
            }
        }
        return out;
    }

    /** Whether a resource's tags mark it as this run's. */
    public boolean isOurs(Map<String, String> tags) {
        return runId.equals(tags.get(RUN_ID_TAG));
    }
}
