package io.labcheck.cloud.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the emulated cloud offers: regions and zones, machine images, instance types.
 * Values are AWS's published ones for the things the labs touch.
 */
final class Catalog {

    record Region(String name, String endpoint, List<String> zoneSuffixes, String zoneIdPrefix) {
        List<String> zoneNames() {
            return zoneSuffixes.stream().map(s -> name + s).toList();
        }
    }

    record Image(String imageId, String name, String description, String ownerId, String ownerAlias,
                 String architecture, String platformDetails, String creationDate, String rootDeviceName,
                 int rootVolumeGiB, String rootVolumeType, String snapshotId, String defaultUser) {}

    record InstanceType(String name, int vcpus, int memoryMiB, boolean freeTierEligible, boolean burstable,
                        String hypervisor, String networkPerformance, String architecture) {
        /** An x86_64 type. */
        InstanceType(String name, int vcpus, int memoryMiB, boolean freeTierEligible, boolean burstable, String hypervisor,
                     String networkPerformance) {
            this(name, vcpus, memoryMiB, freeTierEligible, burstable, hypervisor, networkPerformance, "x86_64");
        }
    }

    static final String CANONICAL = "099720109477";
    static final String AMAZON = "137112412989";

    static final List<Region> REGIONS = List.of(
            new Region("ap-northeast-2", "ec2.ap-northeast-2.amazonaws.com", List.of("a", "b", "c", "d"), "apne2-az"),
            new Region("ap-northeast-1", "ec2.ap-northeast-1.amazonaws.com", List.of("a", "c", "d"), "apne1-az"),
            new Region("us-east-1", "ec2.us-east-1.amazonaws.com", List.of("a", "b", "c", "d", "e", "f"), "use1-az"),
            new Region("us-west-2", "ec2.us-west-2.amazonaws.com", List.of("a", "b", "c", "d"), "usw2-az"),
            new Region("eu-central-1", "ec2.eu-central-1.amazonaws.com", List.of("a", "b", "c"), "euc1-az"));

    static final List<Image> IMAGES = List.of(
            new Image("ami-0c9c942bd7bf113a2", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20230516",
                    "Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2023-05-16", CANONICAL, null,
                    "x86_64", "Linux/UNIX", "2023-05-16T09:33:57.000Z", "/dev/sda1", 8, "gp2",
                    "snap-0a1b2c3d4e5f60718", "ubuntu"),
            new Image("ami-086cae3329a3f7d75", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240423",
                    "Canonical, Ubuntu, 24.04 LTS, amd64 noble image build on 2024-04-23", CANONICAL, null,
                    "x86_64", "Linux/UNIX", "2024-04-23T11:02:10.000Z", "/dev/sda1", 8, "gp3",
                    "snap-0b2c3d4e5f6071829", "ubuntu"),
            new Image("ami-0f3a440bbcff3d043", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20230516",
                    "Canonical, Ubuntu, 22.04 LTS, arm64 jammy image build on 2023-05-16", CANONICAL, null,
                    "arm64", "Linux/UNIX", "2023-05-16T09:41:12.000Z", "/dev/sda1", 8, "gp2",
                    "snap-0d4e5f6071829304a", "ubuntu"),
            new Image("ami-0e01e66dacaf1454d", "al2023-ami-2023.4.20240416.0-kernel-6.1-x86_64",
                    "Amazon Linux 2023 AMI 2023.4.20240416.0 x86_64 HVM kernel-6.1", AMAZON, "amazon",
                    "x86_64", "Linux/UNIX", "2024-04-16T20:12:31.000Z", "/dev/xvda", 8, "gp3",
                    "snap-0c3d4e5f607182930", "ec2-user"));

    static final Map<String, InstanceType> INSTANCE_TYPES = byName(List.of(
            new InstanceType("t2.nano", 1, 512, false, true, "xen", "Low to Moderate"),
            new InstanceType("t2.micro", 1, 1024, true, true, "xen", "Low to Moderate"),
            new InstanceType("t2.small", 1, 2048, false, true, "xen", "Low to Moderate"),
            new InstanceType("t2.medium", 2, 4096, false, true, "xen", "Low to Moderate"),
            new InstanceType("t3.nano", 2, 512, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3.micro", 2, 1024, true, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3.small", 2, 2048, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3.medium", 2, 4096, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3.large", 2, 8192, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3.xlarge", 4, 16384, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3.2xlarge", 8, 32768, false, true, "nitro", "Up to 5 Gigabit"),
            // the other families a course's next labs pick, with AWS's published vCPUs, memory and architecture
            new InstanceType("t3a.nano", 2, 512, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3a.micro", 2, 1024, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3a.small", 2, 2048, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3a.medium", 2, 4096, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3a.large", 2, 8192, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3a.xlarge", 4, 16384, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t3a.2xlarge", 8, 32768, false, true, "nitro", "Up to 5 Gigabit"),
            new InstanceType("t4g.nano", 2, 512, false, true, "nitro", "Up to 5 Gigabit", "arm64"),
            new InstanceType("t4g.micro", 2, 1024, false, true, "nitro", "Up to 5 Gigabit", "arm64"),
            new InstanceType("t4g.small", 2, 2048, false, true, "nitro", "Up to 5 Gigabit", "arm64"),
            new InstanceType("t4g.medium", 2, 4096, false, true, "nitro", "Up to 5 Gigabit", "arm64"),
            new InstanceType("t4g.large", 2, 8192, false, true, "nitro", "Up to 5 Gigabit", "arm64"),
            new InstanceType("t4g.xlarge", 4, 16384, false, true, "nitro", "Up to 5 Gigabit", "arm64"),
            new InstanceType("t4g.2xlarge", 8, 32768, false, true, "nitro", "Up to 5 Gigabit", "arm64"),
            new InstanceType("m5.large", 2, 8192, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("m5.xlarge", 4, 16384, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("m5.2xlarge", 8, 32768, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("m5.4xlarge", 16, 65536, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("m6i.large", 2, 8192, false, false, "nitro", "Up to 12.5 Gigabit"),
            new InstanceType("m6i.xlarge", 4, 16384, false, false, "nitro", "Up to 12.5 Gigabit"),
            new InstanceType("m6i.2xlarge", 8, 32768, false, false, "nitro", "Up to 12.5 Gigabit"),
            new InstanceType("m6g.medium", 1, 4096, false, false, "nitro", "Up to 10 Gigabit", "arm64"),
            new InstanceType("m6g.large", 2, 8192, false, false, "nitro", "Up to 10 Gigabit", "arm64"),
            new InstanceType("m6g.xlarge", 4, 16384, false, false, "nitro", "Up to 10 Gigabit", "arm64"),
            new InstanceType("c5.large", 2, 4096, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("c5.xlarge", 4, 8192, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("c5.2xlarge", 8, 16384, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("c6g.medium", 1, 2048, false, false, "nitro", "Up to 10 Gigabit", "arm64"),
            new InstanceType("c6g.large", 2, 4096, false, false, "nitro", "Up to 10 Gigabit", "arm64"),
            new InstanceType("c6g.xlarge", 4, 8192, false, false, "nitro", "Up to 10 Gigabit", "arm64"),
            new InstanceType("r5.large", 2, 16384, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("r5.xlarge", 4, 32768, false, false, "nitro", "Up to 10 Gigabit"),
            new InstanceType("r5.2xlarge", 8, 65536, false, false, "nitro", "Up to 10 Gigabit")));

    private static Map<String, InstanceType> byName(List<InstanceType> types) {
        Map<String, InstanceType> m = new LinkedHashMap<>();
        types.forEach(t -> m.put(t.name(), t));
        return m;
    }

    static Optional<Region> region(String name) {
        return REGIONS.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    static Optional<Image> image(String imageId) {
        return IMAGES.stream().filter(i -> i.imageId().equals(imageId)).findFirst();
    }

    private Catalog() {}
}
