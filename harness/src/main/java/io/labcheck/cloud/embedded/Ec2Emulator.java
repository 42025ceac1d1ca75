package io.labcheck.cloud.embedded;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EC2 Query API's behaviour: dispatches an {@code Action} to its handler against the caller's
 * region and answers with EC2's XML or EC2's error document. One lock guards all state: calls are
 * small and the API is not the bottleneck of any lab.
 */
final class Ec2Emulator {
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Emulator.class);
    static final String API_VERSION = "2016-11-15";

    record Answer(int status, String body) {}

    private final Map<String, Function<Call, Xml>> actions = new LinkedHashMap<>();
    private final Map<String, RegionState> regions = new LinkedHashMap<>();
    private final Clock clock;
    private final InstanceTimings timings;
    private final AddressPool pool;
    private final String ownerId;
    private final String defaultRegion;
    private final Accounts accounts;
    private volatile InstanceLifecycle lifecycle = InstanceLifecycle.NONE;
    private final java.util.List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * A transition completed while answering (a Describe that found a stop finished) and the listeners have not
     * heard of it yet. Listeners hear of every change before the call that first shows it answers: a client that
     * reads "stopped" never finds the data plane still behaving as running.
     */
    private final java.util.concurrent.atomic.AtomicBoolean unheard = new java.util.concurrent.atomic.AtomicBoolean();
    /** Held while listeners run, so an answer waits out a notification in flight (the clock's) before it is sent. */
    private final Object notifying = new Object();
    private final java.util.concurrent.ScheduledExecutorService clockThread;
    private static final java.util.Set<String> READ_ONLY_PREFIXES = java.util.Set.of("Describe");

    Ec2Emulator(Clock clock, InstanceTimings timings, AddressPool pool, String ownerId, String defaultRegion,
                Accounts accounts) {
        this.accounts = accounts;
        this.clockThread = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labcheck-ec2-clock");
            t.setDaemon(true);
            return t;
        });
        this.clock = clock;
        this.timings = timings;
        this.pool = pool;
        this.ownerId = ownerId;
        this.defaultRegion = defaultRegion;
        actions.put("DescribeRegions", CatalogActions::regions);
        actions.put("DescribeAvailabilityZones", CatalogActions::zones);
        actions.put("DescribeImages", CatalogActions::images);
        actions.put("DescribeInstanceTypes", CatalogActions::instanceTypes);
        actions.put("DescribeVolumes", VolumeActions::volumes);
        actions.put("CreateVpc", VpcActions::createVpc);
        actions.put("DescribeVpcs", VpcActions::describeVpcs);
        actions.put("DeleteVpc", VpcActions::deleteVpc);
        actions.put("ModifyVpcAttribute", VpcActions::modifyVpcAttribute);
        actions.put("DescribeVpcAttribute", VpcActions::describeVpcAttribute);
        actions.put("CreateSubnet", VpcActions::createSubnet);
        actions.put("DescribeSubnets", VpcActions::describeSubnets);
        actions.put("ModifySubnetAttribute", VpcActions::modifySubnetAttribute);
        actions.put("DeleteSubnet", VpcActions::deleteSubnet);
        actions.put("CreateInternetGateway", RouteActions::createInternetGateway);
        actions.put("AttachInternetGateway", RouteActions::attachInternetGateway);
        actions.put("DetachInternetGateway", RouteActions::detachInternetGateway);
        actions.put("DeleteInternetGateway", RouteActions::deleteInternetGateway);
        actions.put("DescribeInternetGateways", RouteActions::describeInternetGateways);
        actions.put("CreateRouteTable", RouteActions::createRouteTable);
        actions.put("DeleteRouteTable", RouteActions::deleteRouteTable);
        actions.put("DescribeRouteTables", RouteActions::describeRouteTables);
        actions.put("CreateRoute", RouteActions::createRoute);
        actions.put("DeleteRoute", RouteActions::deleteRoute);
        actions.put("AssociateRouteTable", RouteActions::associateRouteTable);
        actions.put("DisassociateRouteTable", RouteActions::disassociateRouteTable);
        actions.put("CreateKeyPair", KeyPairActions::create);
        actions.put("ImportKeyPair", KeyPairActions::importKey);
        actions.put("DescribeKeyPairs", KeyPairActions::describe);
        actions.put("DeleteKeyPair", KeyPairActions::delete);
        actions.put("CreateSecurityGroup", SecurityGroupActions::create);
        actions.put("DeleteSecurityGroup", SecurityGroupActions::delete);
        actions.put("DescribeSecurityGroups", SecurityGroupActions::describe);
        actions.put("AuthorizeSecurityGroupIngress", SecurityGroupActions::authorizeIngress);
        actions.put("RevokeSecurityGroupIngress", SecurityGroupActions::revokeIngress);
        actions.put("AuthorizeSecurityGroupEgress", SecurityGroupActions::authorizeEgress);
        actions.put("RevokeSecurityGroupEgress", SecurityGroupActions::revokeEgress);
        actions.put("RunInstances", InstanceActions::run);
        actions.put("DescribeInstances", InstanceActions::describe);
        actions.put("StopInstances", InstanceActions::stop);
        actions.put("StartInstances", InstanceActions::start);
        actions.put("TerminateInstances", InstanceActions::terminate);
        actions.put("RebootInstances", InstanceActions::reboot);
        actions.put("DescribeInstanceStatus", InstanceActions::status);
        actions.put("ModifyInstanceAttribute", InstanceActions::modifyAttribute);
        actions.put("GetConsoleOutput", InstanceActions::consoleOutput);
        actions.put("DescribeAccountAttributes", CatalogActions::accountAttributes);
        actions.put("AllocateAddress", AddressActions::allocate);
        actions.put("AssociateAddress", AddressActions::associate);
        actions.put("DisassociateAddress", AddressActions::disassociate);
        actions.put("ReleaseAddress", AddressActions::release);
        actions.put("DescribeAddresses", AddressActions::describe);
        actions.put("CreateTags", Tags::create);
        actions.put("DeleteTags", Tags::delete);
        actions.put("DescribeTags", Tags::describe);
    }

    /** Who backs instances; set before the first RunInstances. */
    void lifecycle(InstanceLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * Runs {@code listener} after every change of state: an API call that changed something, or a
     * transition that completed on its own (a VM that finished booting). Listeners run outside the lock.
     */
    void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Starts completing transitions on their own, every {@code period}, so that listeners hear of them. */
    void startClock(java.time.Duration period) {
        clockThread.scheduleWithFixedDelay(this::tick, period.toMillis(), period.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void stopClock() {
        clockThread.shutdownNow();
    }

    private void tick() {
        synchronized (notifying) {
            boolean changed = false;
            synchronized (this) {
                for (RegionState r : regions.values()) {
                    changed |= r.advance(clock.instant());
                }
            }
            if (changed | unheard.getAndSet(false)) {
                notifyChange();
            }
        }
    }

    /** Runs the listeners; callers hold {@link #notifying}. */
    private void notifyChange() {
        for (Runnable l : changeListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("a change listener failed", e);
            }
        }
    }

    /** Answers one call; listeners hear of it afterwards, outside the lock. */
    Answer handle(SignedRequest request) {
        String authorization = request.header("authorization");
        String body = new String(request.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (body.isEmpty() && request.rawQuery() != null) {
            body = request.rawQuery();
        }
        QueryRequest req = QueryRequest.parse(body, authorization, defaultRegion);
        Answer answer = handleLocked(req, request);
        boolean changedByTheCall = answer.status() == 200 && READ_ONLY_PREFIXES.stream().noneMatch(req.action()::startsWith);
        synchronized (notifying) {
            if (changedByTheCall | unheard.getAndSet(false)) {
                notifyChange();
            }
        }
        return answer;
    }

    java.util.Set<String> supportedActions() {
        return java.util.Collections.unmodifiableSet(actions.keySet());
    }

    private synchronized Answer handleLocked(QueryRequest req, SignedRequest request) {
        String requestId = Ids.requestId();
        try {
            String owner = authenticate(request);
            String action = req.action();
            Function<Call, Xml> handler = actions.get(action);
            if (handler == null) {
                throw new Ec2Error("InvalidAction", "The action " + action + " is not valid for this web service.");
            }
            String version = req.get("Version").orElse(API_VERSION);
            if (!version.equals(API_VERSION)) {
                throw new Ec2Error("InvalidParameterValue", "Invalid API version '" + version + "': this endpoint speaks "
                        + API_VERSION);
            }
            RegionState region = region(req.region(), owner);
            if (region.advance(clock.instant())) {
                unheard.set(true);
            }
            Call call = new Call(region, req, clock.instant(), timings, pool, lifecycle, requestId);
            if (req.bool("DryRun", false)) {
                // EC2 answers a dry run once the caller is authorised, before acting.
                throw new Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
            }
            Xml response = handler.apply(call);
            return new Answer(200, response.render());
        } catch (Ec2Error e) {
            LOG.debug("{} -> {} {}", req.action(), e.code(), e.getMessage());
            return new Answer(e.httpStatus(), Xml.errorDocument(e.code(), e.getMessage(), requestId));
        } catch (RuntimeException e) {
            LOG.warn("{} failed inside the emulator", req.action(), e);
            return new Answer(500, Xml.errorDocument("InternalError",
                    "An internal error has occurred in labcheck's embedded EC2: " + e, requestId));
        }
    }

    /**
     * The account a request is made by: with open accounts, anyone signed in at all is the one account; otherwise the
     * access key must be an account's and the signature must be the one its secret gives.
     */
    private String authenticate(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new Ec2Error("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
        }
        if (accounts.isOpen()) {
            return ownerId;
        }
        SigV4.Credential credential = SigV4.parse(authorization).orElseThrow(() -> new Ec2Error("IncompleteSignature",
                "The request must be signed with AWS Signature Version 4 (AWS4-HMAC-SHA256)", 400));
        Accounts.Account account = accounts.byAccessKey(credential.accessKeyId()).orElseThrow(() ->
                new Ec2Error("AuthFailure", "AWS was not able to validate the provided access credentials", 401));
        SigV4.verify(request, credential, account.secretAccessKey(), clock.instant());
        return account.ownerId();
    }

    private RegionState region(String name, String owner) {
        String key = owner + "/" + name;
        RegionState state = regions.get(key);
        if (state != null) {
            return state;
        }
        Catalog.Region region = Catalog.region(name).orElseThrow(() -> new Ec2Error("UnsupportedOperation",
                "labcheck's embedded EC2 has no region '" + name + "'; it serves "
                        + Catalog.REGIONS.stream().map(Catalog.Region::name).collect(Collectors.joining(", "))));
        state = new RegionState(region, owner);
        regions.put(key, state);
        return state;
    }

    /**
     * Runs {@code reader} on a region's state in every account (the data plane serves them all) under the emulator's
     * lock, advancing transitions first.
     */
    synchronized <T> T inspect(String regionName, Function<java.util.List<RegionState>, T> reader) {
        java.util.List<RegionState> states = regions.values().stream()
                .filter(r -> r.region.name().equals(regionName)).toList();
        for (RegionState state : states) {
            if (state.advance(clock.instant())) {
                unheard.set(true); // heard at the next answer or tick
            }
        }
        return reader.apply(states);
    }
}
