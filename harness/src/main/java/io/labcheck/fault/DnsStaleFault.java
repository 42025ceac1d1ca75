package io.labcheck.fault;

import io.labcheck.host.ContainerHosts;
import io.labcheck.substitute.PublicDns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's domain left pointing at an address the server no longer has, as after a stop and start without an
 * Elastic IP: each A record that holds the server's public IP is changed, in the public DNS the run set it in, to an
 * address of the documentation range (192.0.2.0/24, never a server's). The server is untouched. Revert sets the
 * records back.
 */
final class DnsStaleFault extends AbstractFault {
    /** Where the records point while the fault is in: an address of TEST-NET-1 (RFC 5737), which no server has. */
    static final String ELSEWHERE = "192.0.2.10";

    /** The records changed, with the address each held. */
    private final Map<String, String> changed = new LinkedHashMap<>();

    /** Why no record can go stale here, or "" when one can. */
    static String whyNot(Deployment d) {
        Optional<PublicDns> dns = dns(d);
        if (dns.isEmpty()) {
            return "the lab points no domain at the server (it set no DNS record)";
        }
        String ip = d.publicIp().orElse("");
        return dns.get().records().stream().anyMatch(r -> r.address().equals(ip)) ? ""
                : "no DNS record of the lab holds the server's public IP " + ip;
    }

    private static Optional<PublicDns> dns(Deployment d) {
        return d.hosts() == null ? Optional.empty() : d.hosts().internetIfStarted().map(ContainerHosts.Internet::dns);
    }

    @Override
    public void inject(Deployment d) {
        PublicDns dns = dns(d).orElseThrow(() -> new FaultException(whyNot(d)));
        String ip = d.publicIp().orElseThrow(() -> new FaultException("the instance has no public IP"));
        for (PublicDns.Record r : dns.records()) {
            if (r.address().equals(ip)) {
                changed.put(r.name(), r.address());
                dns.repoint(r.name(), ELSEWHERE);
            }
        }
        if (changed.isEmpty()) {
            throw new FaultException(whyNot(d));
        }
    }

    @Override
    public Check applied(Deployment d) {
        return each(d, name -> ELSEWHERE);
    }

    @Override
    public void revert(Deployment d) {
        dns(d).ifPresent(dns -> changed.forEach(dns::repoint));
    }

    @Override
    public Check reverted(Deployment d) {
        return each(d, changed::get);
    }

    /** Whether the server's own resolver ({@code dig +short}, as a student types it there) answers each name so. */
    private Check each(Deployment d, java.util.function.UnaryOperator<String> wanted) {
        StringBuilder seen = new StringBuilder();
        boolean all = true;
        for (String name : changed.keySet()) {
            String answer = d.asUser("dig +short +time=2 +tries=1 " + name + " A", COMMAND).stdout().strip();
            all &= answer.equals(wanted.apply(name));
            seen.append(seen.length() == 0 ? "" : "; ").append("dig +short ").append(name).append(" on the server: ")
                    .append(answer.isEmpty() ? "(no address)" : answer.replace('\n', ' '));
        }
        return new Check(all && !changed.isEmpty(), seen.toString());
    }
}
