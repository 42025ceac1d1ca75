package io.labcheck.fault;

import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.services.ec2.model.Address;

/**
 * An Elastic IP allocated in the deployment's account and region and never associated with an instance: nothing
 * changes on the server or in what the student can reach, but the address is billed while it serves nothing (as is
 * one left behind when its instance is terminated). Reverting releases exactly the address this fault allocated.
 */
final class EipUnassociatedFault extends AbstractFault {
    private String allocationId;
    private String publicIp;

    @Override
    public void inject(Deployment d) {
        var allocated = d.ec2().allocateAddress(r -> r.domain("vpc"));
        allocationId = allocated.allocationId();
        publicIp = allocated.publicIp();
    }

    @Override
    public Check applied(Deployment d) {
        Optional<Address> a = ours(d);
        if (a.isEmpty()) {
            return Check.no("describe-addresses does not list " + allocationId);
        }
        boolean idle = a.get().associationId() == null && a.get().instanceId() == null;
        return new Check(idle, publicIp + " (" + allocationId + ") is "
                + (idle ? "allocated and associated with no instance" : "associated with " + a.get().instanceId()));
    }

    @Override
    public void revert(Deployment d) {
        if (allocationId != null) {
            d.ec2().releaseAddress(r -> r.allocationId(allocationId));
        }
    }

    @Override
    public Check reverted(Deployment d) {
        Optional<Address> a = ours(d);
        return new Check(a.isEmpty(), publicIp + " (" + allocationId + ") is "
                + (a.isEmpty() ? "released" : "still allocated"));
    }

    /** The address this fault allocated, as the account's list shows it (a released one is no longer listed). */
    private Optional<Address> ours(Deployment d) {
        if (allocationId == null) {
            return Optional.empty();
        }
        List<Address> all = d.ec2().describeAddresses().addresses();
        return all.stream().filter(a -> allocationId.equals(a.allocationId())).findFirst();
    }
}
