package io.labcheck.run;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.ProviderProfile;
import io.labcheck.lab.CloudAction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The cloud console, replayed through the EC2 API: what the document chooses (region, image, type, key pair,
 * inbound rules, volume) is remembered until it launches the instance; where it is silent, what the console
 * fills in is used, and said. The key file the console downloads lands in the workstation's home.
 */
final class CloudConsole {
    private final Cloud cloud;
    private final Workstation workstation;
    private final RunSettings settings;
    private final ProviderProfile profile;
    private final Map<String, String> chosen = new LinkedHashMap<>();
    private final List<IpPermission> pendingRules = new ArrayList<>();
    private String keyName;
    private Path keyFile;
    private String groupId;
    private String instanceId;
    private String allocationId;
    private String publicIp;
    private boolean keyRestrictedByTheRun;
    /** The lab's domain: the zone its DNS console sets records in. */
    private final String zone;
    /** The A records set so far, by full name, with the address each was given. */
    private final Map<String, String> records = new LinkedHashMap<>();

    CloudConsole(Cloud cloud, Workstation workstation, RunSettings settings, ProviderProfile profile, String zone) {
        this.zone = zone;
        this.cloud = cloud;
        this.profile = profile;
        this.workstation = workstation;
        this.settings = settings;
    }

    String instanceId() {
        return instanceId;
    }

    Path keyFile() {
        return keyFile;
    }

    String keyName() {
        return keyName;
    }

    String publicIp() {
        return publicIp;
    }

    /** The sources (CIDRs) the instance's security group admits to {@code port}, as the console lists them. */
    List<String> sourcesAdmitted(int port) {
        if (groupId == null) {
            return List.of();
        }
        return cloud.ec2().describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().stream()
                .flatMap(g -> g.ipPermissions().stream())
                .filter(p -> "-1".equals(p.ipProtocol()) || p.fromPort() != null && p.toPort() != null
                        && (p.fromPort() == -1 || p.fromPort() <= port && port <= p.toPort()))
                .flatMap(p -> p.ipRanges().stream()).map(IpRange::cidrIp).distinct().toList();
    }

    String groupId() {
        return groupId;
    }

    boolean launched() {
        return instanceId != null;
    }

    /**
     * What the console's checks need to know of the run: the user who logs in to the server, and whether the run
     * has something on it already (a terminal, an app) that stopping the instance would end for the steps after.
     */
    record Server(String loginUser, boolean inUse) {}

    /** Replays one console action; what it did goes to {@code ev}. */
    void replay(CloudAction action, Evidence ev, String defaultKeyName, Server server) throws IOException {
        switch (action.action()) {
            case "ChooseRegion" -> {
                String region = action.value("region");
                ev.command("console: region " + region);
                if (!region.equals(cloud.region())) {
                    ev.note("the cloud runs in " + cloud.region() + "; the document chooses " + region);
                }
            }
            case "ChooseImage", "ChooseInstanceType", "SetVolumeSize", "ChooseZone" -> {
                chosen.put(action.action(), action.values().isEmpty() ? "" : action.toString());
                action.values().forEach(chosen::put);
                ev.command("console: " + action);
                if (launched()) {
                    ev.note("the instance is already running: this choice applies to the next launch");
                }
            }
            case "CreateKeyPair" -> createKeyPair(action.value("keyName").isEmpty() ? defaultKeyName : action.value("keyName"),
                    action.value("keyType"), ev);
            case "AuthorizeSecurityGroupIngress" -> authorize(action, ev);
            case "RunInstances" -> {
                action.values().forEach(chosen::putIfAbsent);
                launch(ev, defaultKeyName);
            }
            case "AllocateAddress" -> allocate(ev);
            case "AssociateAddress" -> {
                associate(ev, server);
                staleRecords(ev);
            }
            case "SetDnsRecord" -> setRecord(action, ev);
            case "PointDnsAtElasticIp" -> pointAtElasticIp(ev);
            default -> throw new NotRunnableHere("the console action " + action.action() + " has no replay through the EC2 API");
        }
    }

    /**
     * The student saved the console's download where the document later looks for it ({@code ~/Downloads}, a
     * browser's folder): the first workstation command that names the key file by another path moves it there.
     * Said in {@code ev}; nothing happens when the key is already there or the path names a missing folder's file
     * under another name.
     */
    void keySavedAt(Path named, Evidence ev) throws IOException {
        if (keyFile == null || named.equals(keyFile) || !Files.exists(keyFile) || Files.exists(named)
                || !named.getFileName().equals(keyFile.getFileName()) || !named.startsWith(workstation.home())) {
            return;
        }
        Files.createDirectories(named.getParent());
        Files.move(keyFile, named);
        ev.note("the console's download " + keyFile.getFileName() + " is saved where the document uses it: ~/"
                + workstation.home().relativize(named));
        keyFile = named;
    }

    private void createKeyPair(String name, String type, Evidence ev) throws IOException {
        KeyType keyType = "ed25519".equalsIgnoreCase(type) ? KeyType.ED25519 : KeyType.RSA;
        var key = cloud.ec2().createKeyPair(r -> r.keyName(name).keyType(keyType));
        keyName = name;
        keyFile = workstation.file(name + ".pem");
        Files.writeString(keyFile, key.keyMaterial() + "\n", StandardCharsets.US_ASCII);
        // what a browser download leaves: readable by others (umask 022)
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        ev.command("CreateKeyPair KeyName=" + name + " KeyType=" + keyType);
        ev.note("the console downloads " + keyFile.getFileName() + " to the workstation (mode 0644, as a browser saves it)");
    }

    private void authorize(CloudAction action, Evidence ev) {
        String port = action.value("port");
        String source = action.value("source");
        String cidr = source.isEmpty() || source.equals("Anywhere") ? "0.0.0.0/0"
                : source.equals("My IP") || source.equals("내 IP") ? "127.0.0.1/32" : source;
        IpPermission rule = port.equals("all")
                ? IpPermission.builder().ipProtocol("-1").ipRanges(IpRange.builder().cidrIp(cidr).build()).build()
                : IpPermission.builder().ipProtocol("tcp").fromPort(Integer.parseInt(port)).toPort(Integer.parseInt(port))
                        .ipRanges(IpRange.builder().cidrIp(cidr).build()).build();
        String shown = (port.equals("all") ? "all traffic" : "tcp " + port) + " from " + cidr;
        if (source.equals("My IP") || source.equals("내 IP")) {
            ev.note("\"My IP\" is the workstation's address: 127.0.0.1/32 here");
        } else if (source.isEmpty()) {
            ev.note("the document names no source: 0.0.0.0/0, the console's Anywhere");
        }
        if (groupId == null) {
            pendingRules.add(rule);
            ev.command("console: inbound rule " + shown + " (for the launch)");
            return;
        }
        cloud.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(rule));
        ev.command("AuthorizeSecurityGroupIngress " + groupId + " " + shown);
    }

    /** Launches the instance with what was chosen; defaults are said in {@code ev}. */
    void launch(Evidence ev, String defaultKeyName) throws IOException {
        if (launched()) {
            ev.note("already launched: " + instanceId);
            return;
        }
        if (keyName == null) {
            createKeyPair(defaultKeyName, "", ev);
            ev.note("the document launches without making a key pair: labcheck made " + defaultKeyName);
        }
        String type = chosen.getOrDefault("instanceType", "");
        if (type.startsWith("{")) {
            type = ""; // a spec chosen by size (vCPU / memory), not a type name: its values are in chosen
        }
        if (type.isEmpty() && chosen.containsKey("memoryGb")) {
            int memory = Integer.parseInt(chosen.get("memoryGb"));
            type = typeWithMemory(memory);
            ev.note("the document's spec (" + chosen.get("vcpu") + " vCPU / " + memory + " GB) runs as "
                    + type + ", the EC2 type with that memory");
            if (chosen.containsKey("vcpu") && !profile.offers(Integer.parseInt(chosen.get("vcpu")), memory)) {
                ev.note("the " + profile.name() + " console offers no " + chosen.get("vcpu") + " vCPU / " + memory
                        + " GB server: its specs are " + profile.specs());
            }
        } else if (type.isEmpty()) {
            type = "t2.micro";
            ev.note("default: instance type t2.micro (the console's free-tier choice)");
        }
        String image = chosen.getOrDefault("image", "");
        String imageId = imageFor(image, ev);
        int volume = chosen.containsKey("sizeGb") ? Integer.parseInt(chosen.get("sizeGb")) : 8;
        if (!chosen.containsKey("sizeGb")) {
            ev.note("default: an 8 GB root volume");
        }
        String volumeType = chosen.getOrDefault("volumeType", "gp3");
        groupId = wizardGroup(ev);
        List<IpPermission> rules = new ArrayList<>(pendingRules);
        boolean sshRule = rules.stream().anyMatch(p -> p.ipProtocol().equals("-1")
                || p.fromPort() != null && p.fromPort() <= 22 && p.toPort() >= 22);
        if (!sshRule) {
            rules.add(0, IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                    .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build());
            ev.note("default: the launch wizard's group admits SSH (22) from 0.0.0.0/0");
        }
        cloud.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(rules));
        String finalType = type;
        String name = chosen.getOrDefault("name", keyName);
        String zone = chosen.containsKey("zone") ? profile.availabilityZone(chosen.get("zone"), cloud.region()).orElse(null) : null;
        if (zone != null) {
            ev.note("zone " + chosen.get("zone") + " is placed in " + zone + " (the " + profile.name() + " profile's zones)");
        } else if (chosen.containsKey("zone")) {
            ev.note("the " + profile.name() + " profile knows no zone " + chosen.get("zone") + ": the cloud places the instance");
        }
        instanceId = cloud.ec2().runInstances(r -> r.imageId(imageId).instanceType(finalType).keyName(keyName)
                        .placement(p -> p.availabilityZone(zone))
                        .securityGroupIds(groupId).minCount(1).maxCount(1)
                        .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/sda1")
                                .ebs(e -> e.volumeSize(volume).volumeType(volumeType)).build())
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(n -> n.key("Name").value(name))))
                .instances().get(0).instanceId();
        ev.command("RunInstances ImageId=" + imageId + " InstanceType=" + type + " KeyName=" + keyName
                + " SecurityGroup=" + groupId + " Volume=" + volume + " GB " + volumeType);
        List<String> seen = awaitRunning();
        if (!profile.isAws()) {
            ev.add("substitute", "the " + profile.name() + " console replayed on the " + cloud.provider().id()
                    + " cloud's EC2 API (profile " + profile.id() + ")");
        }
        ev.add("console status", seen.stream().map(profile::shown).collect(java.util.stream.Collectors.joining(" → "))
                + " (EC2: " + String.join(" → ", seen) + ", as the " + profile.name() + " console shows them)");
        ev.output(instanceId + " is running, public IP " + publicIp);
    }

    /** The console names its groups launch-wizard-1, -2, ...: the first free name. */
    private String wizardGroup(Evidence ev) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        cloud.ec2().describeSecurityGroups().securityGroups().forEach(g -> taken.add(g.groupName()));
        int n = 1;
        while (taken.contains("launch-wizard-" + n)) {
            n++;
        }
        String name = "launch-wizard-" + n;
        ev.note(profile.isAws() ? "security group " + name + ", as the launch wizard names it"
                : "the " + profile.name() + " server's security group, replayed as " + name);
        return cloud.ec2().createSecurityGroup(r -> r.groupName(name).description("launch-wizard created")).groupId();
    }

    /** Waits until the instance runs; returns the EC2 states it was seen in, in order ({@code pending, running}). */
    List<String> awaitRunning() {
        List<String> seen = StopStart.awaitState(cloud, instanceId, InstanceStateName.RUNNING, settings.instance());
        publicIp = describe().publicIpAddress();
        return seen;
    }

    Instance describe() {
        return StopStart.describe(cloud, instanceId);
    }

    private String imageFor(String image, Evidence ev) {
        if (image.isEmpty()) {
            ev.note("default: Ubuntu 22.04 (the document names no image)");
            return cloud.ubuntu2204ImageId();
        }
        if (image.startsWith("Ubuntu 22.04")) {
            return cloud.ubuntu2204ImageId();
        }
        String pattern = image.startsWith("Ubuntu 24.04") ? "ubuntu/images/*ubuntu-noble-24.04-amd64-server-*"
                : image.startsWith("Amazon Linux") ? "al2023-ami-*-x86_64" : null;
        if (pattern != null) {
            List<Image> found = cloud.ec2().describeImages(r -> r.filters(Filter.builder().name("name").values(pattern).build()))
                    .images();
            if (!found.isEmpty()) {
                return found.get(0).imageId();
            }
        }
        ev.note("no image for \"" + image + "\" on this cloud: Ubuntu 22.04 instead");
        return cloud.ubuntu2204ImageId();
    }

    private static String typeWithMemory(int gb) {
        return switch (gb) {
            case 1 -> "t3.micro";
            case 2 -> "t3.small";
            case 4 -> "t3.medium";
            case 8 -> "t3.large";
            case 16 -> "t3.xlarge";
            default -> gb < 1 ? "t3.nano" : gb < 8 ? "t3.large" : gb <= 16 ? "t3.xlarge" : "t3.2xlarge";
        };
    }

    /** The A records the lab's DNS console has set, by full name. */
    Map<String, String> records() {
        return Map.copyOf(records);
    }

    /**
     * A record set in the registrar's console: in the run's public DNS (its stand-in), its value bound as the
     * document's placeholder says (the server's public address) or as written.
     */
    private void setRecord(CloudAction action, Evidence ev) {
        if (!action.value("type").equals("A")) {
            throw new NotRunnableHere("a DNS record of type " + action.value("type") + ": the run's public DNS holds A"
                    + " records only");
        }
        String value = action.value("value");
        String address = value.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? value : publicIp;
        if (address == null) {
            throw new StepFailure("the DNS record " + action.value("name") + " is to hold the server's address ("
                    + value + "), and no instance runs yet: launch it first");
        }
        String name = LabDomain.name(action.value("name"), zone);
        publicDns(ev).setA(zone, name, address);
        records.put(name, address);
        ev.command("DNS console: " + name + " A " + address + (address.equals(value) ? "" : " (" + value + ")"));
    }

    /** The records re-pointed at the Elastic IP, as the document says to do once it is associated. */
    private void pointAtElasticIp(Evidence ev) {
        if (records.isEmpty()) {
            ev.note("no DNS record was set before: nothing to point at the Elastic IP");
            return;
        }
        if (publicIp == null || !isElasticIp(publicIp)) {
            throw new StepFailure("the DNS records are to hold the Elastic IP, and the instance has none associated"
                    + " (its public IP is " + publicIp + ")");
        }
        for (String name : List.copyOf(records.keySet())) {
            String before = records.get(name);
            publicDns(ev).setA(zone, name, publicIp);
            records.put(name, publicIp);
            ev.command("DNS console: " + name + " A " + publicIp + (before.equals(publicIp) ? "" : " (was " + before + ")"));
        }
    }

    /** After the public address changed, the records still holding the old one are stale: said, as a student would see. */
    private void staleRecords(Evidence ev) {
        records.forEach((name, address) -> {
            if (!address.equals(publicIp)) {
                ev.note("the DNS record " + name + " still holds " + address + ", the address before: stale until it is"
                        + " set to " + publicIp);
            }
        });
    }

    private io.labcheck.substitute.PublicDns publicDns(Evidence ev) {
        var hosts = io.labcheck.host.ContainerHosts.of(cloud).orElseThrow(() -> new NotRunnableHere("a DNS record: the"
                + " run's public DNS stands in for a registrar only beside container instances (this cloud has none)"));
        boolean first = hosts.internetIfStarted().isEmpty();
        io.labcheck.host.ContainerHosts.Internet internet;
        try {
            internet = hosts.internet();
        } catch (io.labcheck.substitute.SubstituteException e) {
            throw new NotRunnableHere("a DNS record needs the run's public DNS, which cannot start here: " + e.getMessage());
        }
        if (first || records.isEmpty()) {
            ev.add("substitute", "the domain " + zone + " is served by labcheck's public DNS (dnsmasq at "
                    + internet.dns().address() + "), standing in for the registrar's name servers; the instances resolve"
                    + " through it");
        }
        return internet.dns();
    }

    private void allocate(Evidence ev) {
        var a = cloud.ec2().allocateAddress(r -> r.domain("vpc"));
        allocationId = a.allocationId();
        ev.command("AllocateAddress -> " + a.publicIp());
    }

    /**
     * Associates the Elastic IP, and proves what it is for where nothing on the server would be lost: a stop and
     * start first while the instance has its plain public IP (which changes), then again with the Elastic IP (which
     * stays), and the server lets the login user in over SSH at that address once it is back.
     */
    private void associate(Evidence ev, Server server) throws IOException {
        if (allocationId == null) {
            allocate(ev);
        }
        if (!launched()) {
            throw new StepFailure("the Elastic IP is associated before any instance was launched: launch it first");
        }
        StopStart restart = new StopStart(cloud, instanceId, settings.instance());
        boolean prove = !server.inUse();
        if (prove && !isElasticIp(describe().publicIpAddress())) {
            StopStart.Addresses plain = restart.cycle(ev);
            if (plain.after() == null || plain.same()) {
                throw new StepFailure("the instance's plain public IP did not change on stop/start (" + plain.before()
                        + " before, " + plain.after() + " after): EC2 gives a new one, which is why the Elastic IP is used");
            }
            ev.add("check", "a plain public IP changes on stop/start: " + plain.before() + " before the stop, "
                    + plain.after() + " after the start (" + instanceId + ", before the Elastic IP)");
        }
        cloud.ec2().associateAddress(r -> r.allocationId(allocationId).instanceId(instanceId));
        publicIp = describe().publicIpAddress();
        ev.command("AssociateAddress " + allocationId + " -> " + instanceId);
        ev.output("public IP now " + publicIp);
        if (!prove) {
            ev.note("the Elastic IP is not proved through a stop/start here: it would end the terminals and the app the"
                    + " run already has on the server, which the steps after this one use");
            return;
        }
        String elastic = publicIp;
        StopStart.Addresses kept = restart.cycle(ev);
        if (!kept.same()) {
            throw new StepFailure("the Elastic IP " + elastic + " did not stay on stop/start: the public IP is "
                    + kept.after() + " after the start");
        }
        restrictKeyForTheLogin(ev);
        String hostname = restart.awaitLogin(elastic, server.loginUser(), keyFile);
        ev.add("check", "the Elastic IP " + elastic + " stays on stop/start: " + kept.before() + " before the stop, "
                + kept.after() + " after the start, and ssh logs in there again as " + server.loginUser() + " (on "
                + hostname + ")");
    }

    private boolean isElasticIp(String ip) {
        return ip != null && cloud.ec2().describeAddresses().addresses().stream().anyMatch(a -> ip.equals(a.publicIp()));
    }

    /** ssh refuses a key others can read: the login of the check protects it as the console's connect page says. */
    private void restrictKeyForTheLogin(Evidence ev) throws IOException {
        if (io.labcheck.ssh.KeyFileMode.tooOpen(keyFile)) {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
            keyRestrictedByTheRun = true;
            ev.note("chmod 400 " + keyFile.getFileName() + " (as the console's connect page says: ssh refuses a key others"
                    + " can read) for the login after the start");
        }
    }

    /** Whether the run, not the document, restricted the key (for the login that proves an Elastic IP). */
    boolean keyRestrictedByTheRun() {
        return keyRestrictedByTheRun;
    }
}
