package io.labcheck.cloud.embedded;

import io.labcheck.cloud.CloudSettings;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The VPC building blocks a VPC lab creates, through the SDK: a VPC, a public subnet (its own route table with a
 * route to an attached internet gateway) and a private one (the main table, local only); AWS's error codes and
 * dependency rules; and reachability that follows the routes, read as the gateway reads it for each connection.
 */
class VpcTest {
    private static final InetAddress STUDENT = address("203.0.113.5");

    @Test
    void aPublicSubnetIsReachableAndAPrivateOneIsNotUntilItsRouteTableSendsTrafficToTheGateway() {
        try (EmbeddedCloud cloud = EmbeddedCloud.start(CloudSettings.defaults())) {
            Ec2Client ec2 = cloud.ec2();
            Lab lab = Lab.build(ec2, cloud.ubuntu2204ImageId());
            ec2.modifyVpcAttribute(r -> r.vpcId(lab.vpc).enableDnsHostnames(v -> v.value(true)));
            assertThat(ec2.describeVpcAttribute(r -> r.vpcId(lab.vpc).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                    .enableDnsHostnames().value()).isTrue();
            assertThat(ec2.describeVpcs(r -> r.vpcIds(lab.vpc)).vpcs()).singleElement().satisfies(v -> {
                assertThat(v.cidrBlock()).isEqualTo("10.0.0.0/16");
                assertThat(v.isDefault()).isFalse();
                assertThat(v.tags()).anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("Name=lab-vpc"));
            });

            Instance web = lab.launch(ec2, lab.publicSubnet, null);
            Instance db = lab.launch(ec2, lab.privateSubnet, true); // a public address asked for, as a mistake would
            Instance quiet = lab.launch(ec2, lab.privateSubnet, null);
            assertThat(web.privateIpAddress()).startsWith("10.0.1.");
            assertThat(web.publicIpAddress()).as("the public subnet maps a public address on launch").isNotNull();
            assertThat(db.privateIpAddress()).startsWith("10.0.2.");
            assertThat(db.publicIpAddress()).isNotNull();
            assertThat(quiet.publicIpAddress()).as("a new subnet maps no public address by default").isNull();
            assertThat(web.vpcId()).isEqualTo(lab.vpc);

            assertThat(cloud.admitsFromInternet(web.instanceId(), 22, STUDENT)).isTrue();
            assertThat(cloud.admitsFromInternet(web.instanceId(), 8000, STUDENT)).as("no rule for 8000").isFalse();
            assertThat(cloud.admitsFromInternet(db.instanceId(), 22, STUDENT))
                    .as("a public address in a subnet with no route to the gateway carries nothing").isFalse();

            RouteTable main = ec2.describeRouteTables(r -> r.filters(filter("vpc-id", lab.vpc),
                    filter("association.main", "true"))).routeTables().get(0);
            assertThat(main.routes()).singleElement().satisfies(route -> {
                assertThat(route.gatewayId()).isEqualTo("local");
                assertThat(route.destinationCidrBlock()).isEqualTo("10.0.0.0/16");
            });
            RouteTable publicTable = ec2.describeRouteTables(r -> r.filters(
                    filter("association.subnet-id", lab.publicSubnet))).routeTables().get(0);
            assertThat(publicTable.routeTableId()).isEqualTo(lab.publicTable);
            assertThat(publicTable.routes()).anySatisfy(route -> {
                assertThat(route.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
                assertThat(route.gatewayId()).isEqualTo(lab.gateway);
                assertThat(route.state()).isEqualTo(RouteState.ACTIVE);
            });

            // The fix a student makes: give the private subnet the public table. Reachability follows at once.
            String association = ec2.associateRouteTable(r -> r.routeTableId(lab.publicTable)
                    .subnetId(lab.privateSubnet)).associationId();
            assertThat(cloud.admitsFromInternet(db.instanceId(), 22, STUDENT)).isTrue();
            ec2.disassociateRouteTable(r -> r.associationId(association));
            assertThat(cloud.admitsFromInternet(db.instanceId(), 22, STUDENT)).isFalse();

            // A route only to one network reaches only that network.
            ec2.createRoute(r -> r.routeTableId(main.routeTableId()).destinationCidrBlock("198.51.100.0/24")
                    .gatewayId(lab.gateway));
            assertThat(cloud.admitsFromInternet(db.instanceId(), 22, address("198.51.100.7"))).isTrue();
            assertThat(cloud.admitsFromInternet(db.instanceId(), 22, STUDENT)).isFalse();
        }
    }

    @Test
    void theDefaultVpcIsRoutedToItsGatewayAndInstancesLaunchedWithoutASubnetLandInIt() {
        try (CloudWithInstance c = new CloudWithInstance()) {
            var vpc = c.ec2.describeVpcs(r -> r.filters(filter("is-default", "true"))).vpcs();
            assertThat(vpc).hasSize(1);
            String vpcId = vpc.get(0).vpcId();
            assertThat(c.ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpcId)))
                    .internetGateways()).hasSize(1);
            assertThat(c.ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId))).routeTables())
                    .singleElement().satisfies(t -> assertThat(t.routes()).anySatisfy(route -> {
                        assertThat(route.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
                        assertThat(route.gatewayId()).startsWith("igw-");
                    }));
            Instance i = c.ec2.describeInstances(r -> r.instanceIds(c.instanceId)).reservations().get(0).instances().get(0);
            assertThat(i.vpcId()).isEqualTo(vpcId);
            assertThat(i.privateIpAddress()).startsWith("172.31.");
            c.ec2.authorizeSecurityGroupIngress(r -> r.groupId(c.groupId).ipProtocol("tcp").fromPort(22).toPort(22)
                    .cidrIp("0.0.0.0/0"));
            assertThat(c.cloud.admitsFromInternet(c.instanceId, 22, STUDENT)).isTrue();
            assertThat(c.ec2.describeSubnets(r -> r.filters(filter("default-for-az", "true"))).subnets())
                    .allSatisfy(s -> {
                        assertThat(s.vpcId()).isEqualTo(vpcId);
                        assertThat(s.mapPublicIpOnLaunch()).isTrue();
                        assertThat(s.availableIpAddressCount()).isPositive();
                    });
        }
    }

    @Test
    void mistakesGetAwsErrorCodesAndTeardownInTheRightOrderLeavesNothing() {
        try (EmbeddedCloud cloud = EmbeddedCloud.start(CloudSettings.defaults())) {
            Ec2Client ec2 = cloud.ec2();
            expectCode("InvalidParameterValue", () -> ec2.createVpc(r -> r.cidrBlock("10.0.0.300/16")));
            expectCode("InvalidVpc.Range", () -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/8")));
            Lab lab = Lab.build(ec2, cloud.ubuntu2204ImageId());
            expectCode("InvalidSubnet.Range", () -> ec2.createSubnet(r -> r.vpcId(lab.vpc).cidrBlock("10.1.0.0/24")));
            expectCode("InvalidSubnet.Conflict", () -> ec2.createSubnet(r -> r.vpcId(lab.vpc).cidrBlock("10.0.1.128/25")));
            expectCode("InvalidVpcID.NotFound", () -> ec2.createSubnet(r -> r.vpcId("vpc-0123456789abcdef0")
                    .cidrBlock("10.0.3.0/24")));
            String other = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
            expectCode("Resource.AlreadyAssociated", () -> ec2.attachInternetGateway(r -> r.vpcId(lab.vpc)
                    .internetGatewayId(other)));
            expectCode("InvalidParameterValue", () -> ec2.createRoute(r -> r.routeTableId(lab.publicTable)
                    .destinationCidrBlock("192.0.2.0/24").gatewayId(other)));
            expectCode("RouteAlreadyExists", () -> ec2.createRoute(r -> r.routeTableId(lab.publicTable)
                    .destinationCidrBlock("0.0.0.0/0").gatewayId(lab.gateway)));
            expectCode("Resource.AlreadyAssociated", () -> ec2.associateRouteTable(r -> r.routeTableId(lab.publicTable)
                    .subnetId(lab.publicSubnet)));
            String defaultGroup = ec2.describeSecurityGroups(r -> r.filters(filter("group-name", "default"),
                    filter("vpc-id", ec2.describeVpcs(v -> v.filters(filter("is-default", "true"))).vpcs().get(0).vpcId())))
                    .securityGroups().get(0).groupId();
            expectCode("InvalidParameter", () -> ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId())
                    .minCount(1).maxCount(1).subnetId(lab.publicSubnet).securityGroupIds(defaultGroup)));

            Instance web = lab.launch(ec2, lab.publicSubnet, null);
            expectCode("DependencyViolation", () -> ec2.deleteVpc(r -> r.vpcId(lab.vpc)));
            expectCode("DependencyViolation", () -> ec2.deleteSubnet(r -> r.subnetId(lab.publicSubnet)));
            expectCode("DependencyViolation", () -> ec2.detachInternetGateway(r -> r.vpcId(lab.vpc)
                    .internetGatewayId(lab.gateway)));
            expectCode("DependencyViolation", () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(lab.gateway)));
            expectCode("DependencyViolation", () -> ec2.deleteRouteTable(r -> r.routeTableId(lab.publicTable)));

            ec2.terminateInstances(r -> r.instanceIds(web.instanceId()));
            try (var waiter = ec2.waiter()) {
                waiter.waitUntilInstanceTerminated(r -> r.instanceIds(web.instanceId()));
            }
            ec2.detachInternetGateway(r -> r.vpcId(lab.vpc).internetGatewayId(lab.gateway));
            assertThat(ec2.describeRouteTables(r -> r.routeTableIds(lab.publicTable)).routeTables().get(0).routes())
                    .as("a route to a detached gateway is a blackhole").anySatisfy(route -> {
                        assertThat(route.gatewayId()).isEqualTo(lab.gateway);
                        assertThat(route.state()).isEqualTo(RouteState.BLACKHOLE);
                    });
            String dbInstance = lab.launch(ec2, lab.privateSubnet, null).instanceId();
            String address = ec2.allocateAddress(r -> { }).allocationId();
            expectCode("Gateway.NotAttached", () -> ec2.associateAddress(r -> r.allocationId(address)
                    .instanceId(dbInstance)));
            ec2.releaseAddress(r -> r.allocationId(address));
            ec2.terminateInstances(r -> r.instanceIds(dbInstance));
            try (var waiter = ec2.waiter()) {
                waiter.waitUntilInstanceTerminated(r -> r.instanceIds(dbInstance));
            }

            ec2.deleteInternetGateway(r -> r.internetGatewayId(lab.gateway));
            ec2.deleteInternetGateway(r -> r.internetGatewayId(other));
            ec2.deleteSecurityGroup(r -> r.groupId(lab.group));
            ec2.deleteSubnet(r -> r.subnetId(lab.publicSubnet));
            ec2.deleteSubnet(r -> r.subnetId(lab.privateSubnet));
            ec2.deleteRouteTable(r -> r.routeTableId(lab.publicTable));
            ec2.deleteVpc(r -> r.vpcId(lab.vpc));
            assertThat(ec2.describeVpcs().vpcs()).extracting(v -> v.vpcId()).doesNotContain(lab.vpc);
            assertThat(ec2.describeRouteTables(r -> r.filters(filter("vpc-id", lab.vpc))).routeTables()).isEmpty();
            assertThat(ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", lab.vpc))).securityGroups())
                    .as("the VPC's default group goes with it").isEmpty();
            expectCode("InvalidVpcID.NotFound", () -> ec2.describeVpcs(r -> r.vpcIds(lab.vpc)));
        }
    }

    /** What a VPC lab builds: the VPC, two subnets, a gateway, a public route table, a group admitting SSH. */
    private record Lab(String vpc, String publicSubnet, String privateSubnet, String gateway, String publicTable,
                       String group, String imageId) {

        static Lab build(Ec2Client ec2, String imageId) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(t -> t.resourceType(ResourceType.VPC)
                    .tags(tag -> tag.key("Name").value("lab-vpc")))).vpc().vpcId();
            String publicSubnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24")).subnet().subnetId();
            String privateSubnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24")).subnet().subnetId();
            ec2.modifySubnetAttribute(r -> r.subnetId(publicSubnet).mapPublicIpOnLaunch(v -> v.value(true)));
            String gateway = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
            ec2.attachInternetGateway(r -> r.vpcId(vpc).internetGatewayId(gateway));
            String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
            ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(gateway));
            ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(publicSubnet));
            String group = ec2.createSecurityGroup(r -> r.groupName("lab-ssh").description("ssh").vpcId(vpc)).groupId();
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipProtocol("tcp").fromPort(22).toPort(22)
                    .cidrIp("0.0.0.0/0"));
            return new Lab(vpc, publicSubnet, privateSubnet, gateway, table, group, imageId);
        }

        /** Launches into {@code subnet}; {@code publicAddress} null leaves it to the subnet, as the console does. */
        Instance launch(Ec2Client ec2, String subnet, Boolean publicAddress) {
            return ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1)
                    .networkInterfaces(n -> n.deviceIndex(0).subnetId(subnet).groups(group)
                            .associatePublicIpAddress(publicAddress)))
                    .instances().get(0);
        }
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static void expectCode(String code, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(Ec2Exception.class)
                .satisfies(e -> assertThat(((Ec2Exception) e).awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code));
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

}
