package io.labcheck.cli;

import io.labcheck.cli.Programs.Ran;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.cloud.embedded.Accounts;
import io.labcheck.host.ContainerHosts;
import io.labcheck.host.Datacenter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code labcheck cloud up} as a practice endpoint for clients nobody here wrote: Debian's AWS CLI v2 and boto3 make a
 * key pair, a security group (both of the CLI's rule forms), an instance with a volume mapping and tags, an Elastic
 * IP; OpenSSH logs in at the address the cloud printed, and the group's rules apply to it; the error paths answer
 * with AWS's codes. {@code status} lists it, {@code down} stops it, and nothing it made is left.
 */
class CloudUpTest {
    private static final Path AWS = Path.of("/usr/bin/aws");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Duration BOUND = Duration.ofMinutes(3);


    @Test
    void theAwsCliAndBoto3PractiseOnItAndDownLeavesNothing(@TempDir Path home) throws Exception {
        try (CloudUp cloud = CloudUp.start(home)) {
            List<String> printed = cloud.printed;
            Process up = cloud.process;
            String owner = cloud.owner;
            String endpoint = cloud.endpoint;
            Map<String, String> env = cloud.env;
            AwsCli aws = cloud.aws;

            // a key pair and a group, as a lab's CLI steps make them
            Path pem = home.resolve("practice.pem");
            Files.writeString(pem, aws.ok("ec2", "create-key-pair", "--key-name", "practice", "--query", "KeyMaterial",
                    "--output", "text") + "\n");
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));
            assertThat(aws.fails("ec2", "create-key-pair", "--key-name", "practice")).contains("InvalidKeyPair.Duplicate");
            String group = aws.ok("ec2", "create-security-group", "--group-name", "web", "--description", "practice web",
                    "--query", "GroupId", "--output", "text");
            aws.ok("ec2", "authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "22",
                    "--cidr", "0.0.0.0/0");
            aws.ok("ec2", "authorize-security-group-ingress", "--group-id", group, "--ip-permissions",
                    "IpProtocol=tcp,FromPort=8000,ToPort=8000,IpRanges=[{CidrIp=0.0.0.0/0,Description=app}]");
            assertThat(aws.ok("ec2", "describe-security-groups", "--group-ids", group, "--query",
                    "SecurityGroups[0].IpPermissions[].FromPort", "--output", "text").split("\\s+")).contains("22", "8000");

            // an instance with a 30 GB gp3 root volume and a Name tag
            String ami = aws.ok("ec2", "describe-images", "--filters", "Name=name,Values=*ubuntu-jammy-22.04-amd64*", "--query",
                    "Images[0].ImageId", "--output", "text");
            assertThat(ami).startsWith("ami-");
            assertThat(aws.fails("ec2", "run-instances", "--image-id", "ami-0123456789abcdef0", "--instance-type", "t2.micro"))
                    .contains("InvalidAMIID.NotFound");
            assertThat(aws.fails("ec2", "run-instances", "--image-id", ami, "--instance-type", "t2.micro",
                    "--security-group-ids", "sg-0123456789abcdef0")).contains("InvalidGroup.NotFound");
            String id = aws.ok("ec2", "run-instances", "--image-id", ami, "--instance-type", "t2.micro", "--key-name",
                    "practice", "--security-group-ids", group, "--count", "1", "--block-device-mappings",
                    "[{\"DeviceName\":\"/dev/sda1\",\"Ebs\":{\"VolumeSize\":30,\"VolumeType\":\"gp3\"}}]",
                    "--tag-specifications", "ResourceType=instance,Tags=[{Key=Name,Value=practice}]", "--query",
                    "Instances[0].InstanceId", "--output", "text");
            aws.ok("ec2", "wait", "instance-running", "--instance-ids", id);
            String ip = aws.ok("ec2", "describe-instances", "--filters", "Name=tag:Name,Values=practice",
                    "Name=instance-state-name,Values=running", "--query", "Reservations[0].Instances[0].PublicIpAddress",
                    "--output", "text");
            assertThat(aws.ok("ec2", "describe-volumes", "--filters", "Name=attachment.instance-id,Values=" + id, "--query",
                    "Volumes[0].[Size,VolumeType]", "--output", "text").split("\\s+")).containsExactly("30", "gp3");
            String said = await("cloud up to print " + id + "'s address and login").atMost(BOUND)
                    .pollInterval(Duration.ofMillis(100)).until(() -> line(printed, id + " running"), l -> !l.isEmpty());
            assertThat(said).endsWith("at " + ip + ": ssh -i practice.pem ubuntu@" + ip);

            // OpenSSH at the printed address
            await("ssh ubuntu@" + ip + " to log in").atMost(BOUND).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ssh(home, pem, ip, "id -un"), r -> r.exit() == 0 && r.out().equals("ubuntu"));

            // boto3: look the instance up by its tag, give it an Elastic IP
            String script = String.join("\n",
                    "import boto3, sys",
                    "ec2 = boto3.client('ec2', endpoint_url=sys.argv[1])",
                    "found = ec2.describe_instances(Filters=[{'Name': 'tag:Name', 'Values': ['practice']}])",
                    "i = found['Reservations'][0]['Instances'][0]",
                    "eip = ec2.allocate_address(Domain='vpc')",
                    "ec2.associate_address(InstanceId=i['InstanceId'], AllocationId=eip['AllocationId'])",
                    "a = ec2.describe_addresses(AllocationIds=[eip['AllocationId']])['Addresses'][0]",
                    "print(i['InstanceId'], i['State']['Name'], a['PublicIp'], a.get('InstanceId'))");
            Ran boto = run(home, env, PYTHON.toString(), "-c", script, endpoint);
            assertThat(boto.exit()).as(boto.out()).isZero();
            String[] b = boto.out().lines().reduce((x, y) -> y).orElse("").split(" ");
            assertThat(b).hasSize(4);
            assertThat(b[0]).isEqualTo(id);
            assertThat(b[1]).isEqualTo("running");
            assertThat(b[3]).isEqualTo(id);
            String eip = b[2];
            await("ssh ubuntu@" + eip + " (the Elastic IP) to log in").atMost(BOUND).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ssh(home, pem, eip, "true"), r -> r.exit() == 0);

            // what the clients' waiters and the labs' fixes call: status checks, the console, a reboot, a bigger type
            aws.ok("ec2", "wait", "instance-status-ok", "--instance-ids", id);
            assertThat(aws.ok("ec2", "get-console-output", "--instance-id", id, "--query", "Output", "--output", "text"))
                    .as("the boot log").containsIgnoringCase("systemd");
            assertThat(ssh(home, pem, eip, "sudo touch /run/before-reboot").exit()).isZero();
            aws.ok("ec2", "reboot-instances", "--instance-ids", id);
            await("ssh after the reboot, /run emptied by it").atMost(BOUND).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ssh(home, pem, eip, "test ! -e /run/before-reboot && echo rebooted"),
                            r -> r.exit() == 0 && r.out().equals("rebooted"));
            assertThat(aws.fails("ec2", "modify-instance-attribute", "--instance-id", id, "--instance-type", "Value=t3.medium"))
                    .contains("IncorrectInstanceState");
            aws.ok("ec2", "stop-instances", "--instance-ids", id);
            aws.ok("ec2", "wait", "instance-stopped", "--instance-ids", id);
            aws.ok("ec2", "modify-instance-attribute", "--instance-id", id, "--instance-type", "Value=t3.medium");
            aws.ok("ec2", "start-instances", "--instance-ids", id);
            aws.ok("ec2", "wait", "instance-running", "--instance-ids", id);
            assertThat(aws.ok("ec2", "describe-instances", "--instance-ids", id, "--query",
                    "Reservations[0].Instances[0].InstanceType", "--output", "text")).isEqualTo("t3.medium");
            Ran memory = await("ssh at the Elastic IP after the start").atMost(BOUND).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ssh(home, pem, eip, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null"
                            + " || cat /sys/fs/cgroup/memory.max"), r -> r.exit() == 0);
            assertThat(memory.out()).as("a t3.medium's 4 GiB").isEqualTo(String.valueOf(4096L << 20));

            // the group's rules apply to the instance's address: without 22, the connect is dropped
            aws.ok("ec2", "revoke-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "22",
                    "--cidr", "0.0.0.0/0");
            Ran closed = ssh(home, pem, eip, "true");
            assertThat(closed.exit()).as(closed.out()).isEqualTo(255);
            assertThat(closed.out()).contains("timed out");

            // tags, the catalogue, the account
            aws.ok("ec2", "create-tags", "--resources", id, "--tags", "Key=course,Value=lab1");
            assertThat(aws.ok("ec2", "describe-tags", "--filters", "Name=resource-id,Values=" + id, "Name=key,Values=course",
                    "--query", "Tags[0].Value", "--output", "text")).isEqualTo("lab1");
            assertThat(aws.ok("ec2", "describe-instance-types", "--instance-types", "t3.medium", "--query",
                    "InstanceTypes[0].MemoryInfo.SizeInMiB", "--output", "text")).isEqualTo("4096");
            assertThat(aws.ok("ec2", "describe-account-attributes", "--attribute-names", "max-instances", "--query",
                    "AccountAttributes[0].AttributeValues[0].AttributeValue", "--output", "text")).isEqualTo("20");

            Ran status = run(home, Map.of(), labcheckCommand(home, "cloud", "status"));
            assertThat(status.out()).contains(endpoint + " (process " + up.pid()).contains(id + " running");

            aws.ok("ec2", "terminate-instances", "--instance-ids", id);
            aws.ok("ec2", "wait", "instance-terminated", "--instance-ids", id);
            // what a student cleans up after: the address, the group, the key pair
            aws.ok("ec2", "release-address", "--allocation-id", aws.ok("ec2", "describe-addresses", "--public-ips", eip,
                    "--query", "Addresses[0].AllocationId", "--output", "text"));
            aws.ok("ec2", "delete-security-group", "--group-id", group);
            aws.ok("ec2", "delete-key-pair", "--key-name", "practice");
            assertThat(aws.ok("ec2", "describe-key-pairs", "--query", "KeyPairs[].KeyName", "--output", "text")).isEmpty();
            assertThat(aws.ok("ec2", "describe-addresses", "--query", "Addresses[].PublicIp", "--output", "text")).isEmpty();

            Ran down = run(home, Map.of(), labcheckCommand(home, "cloud", "down"));
            assertThat(down.exit()).as(down.out()).isZero();
            assertThat(down.out()).contains("stopped the cloud at " + endpoint);
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("cloud up ended after down").isTrue();
            assertThat(line(printed, "labcheck cloud: down")).isNotEmpty();
            assertThat(home.resolve(".labcheck/cloud")).isEmptyDirectory();
            assertThat(left(owner)).as("containers of cloud up's process").isEmpty();
        }
    }

    @Test
    void aVpcLabsPublicSubnetIsReachableAndItsPrivateSubnetIsNotThroughTheSameGateway(@TempDir Path home) throws Exception {
        try (CloudUp cloud = CloudUp.start(home)) {
            // boto3 builds what a VPC lab builds (one interpreter: the CLI costs a second a call), the CLI the rest
            String build = String.join("\n",
                    "import boto3, sys",
                    "ec2 = boto3.client('ec2', endpoint_url=sys.argv[1])",
                    "def code(call):",
                    "    try:",
                    "        call()",
                    "    except ec2.exceptions.ClientError as e:",
                    "        return e.response['Error']['Code']",
                    "vpc = ec2.create_vpc(CidrBlock='10.0.0.0/16', TagSpecifications=[{'ResourceType': 'vpc',",
                    "    'Tags': [{'Key': 'Name', 'Value': 'lab-vpc'}]}])['Vpc']['VpcId']",
                    "ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={'Value': True})",
                    "dns = ec2.describe_vpc_attribute(VpcId=vpc, Attribute='enableDnsHostnames')['EnableDnsHostnames']['Value']",
                    "pub = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.1.0/24', AvailabilityZone='ap-northeast-2a')['Subnet']['SubnetId']",
                    "priv = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.2.0/24', AvailabilityZone='ap-northeast-2c')['Subnet']['SubnetId']",
                    "conflict = code(lambda: ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.2.0/25'))",
                    "igw = ec2.create_internet_gateway()['InternetGateway']['InternetGatewayId']",
                    "ec2.attach_internet_gateway(VpcId=vpc, InternetGatewayId=igw)",
                    "rtb = ec2.create_route_table(VpcId=vpc)['RouteTable']['RouteTableId']",
                    "ec2.create_route(RouteTableId=rtb, DestinationCidrBlock='0.0.0.0/0', GatewayId=igw)",
                    "ec2.associate_route_table(SubnetId=pub, RouteTableId=rtb)",
                    "ec2.modify_subnet_attribute(SubnetId=pub, MapPublicIpOnLaunch={'Value': True})",
                    "state = [r['State'] for r in ec2.describe_route_tables(Filters=[{'Name': 'association.subnet-id',",
                    "    'Values': [pub]}])['RouteTables'][0]['Routes'] if r.get('GatewayId') == igw]",
                    "with open(sys.argv[2], 'w') as f:",
                    "    f.write(ec2.create_key_pair(KeyName='vpc-lab')['KeyMaterial'] + '\\n')",
                    "sg = ec2.create_security_group(GroupName='vpc-lab-ssh', Description='ssh', VpcId=vpc)['GroupId']",
                    "ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{'IpProtocol': 'tcp', 'FromPort': 22,",
                    "    'ToPort': 22, 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])",
                    "ami = ec2.describe_images(Filters=[{'Name': 'name', 'Values': ['*ubuntu-jammy-22.04-amd64*']}])['Images'][0]['ImageId']",
                    "def launch(subnet, public):",
                    "    nic = {'DeviceIndex': 0, 'SubnetId': subnet, 'Groups': [sg]}",
                    "    if public:",
                    "        nic['AssociatePublicIpAddress'] = True",
                    "    return ec2.run_instances(ImageId=ami, InstanceType='t3.micro', KeyName='vpc-lab', MinCount=1,",
                    "        MaxCount=1, NetworkInterfaces=[nic])['Instances'][0]['InstanceId']",
                    "web = launch(pub, False)",
                    "db = launch(priv, True)  # a public address asked for, so there is one to try",
                    "ec2.get_waiter('instance_running').wait(InstanceIds=[web, db], WaiterConfig={'Delay': 1})",
                    "ec2.get_waiter('instance_status_ok').wait(InstanceIds=[db], WaiterConfig={'Delay': 1})",
                    "ips = {}",
                    "for r in ec2.describe_instances(InstanceIds=[web, db])['Reservations']:",
                    "    for i in r['Instances']:",
                    "        ips[i['InstanceId']] = (i['PrivateIpAddress'], i.get('PublicIpAddress'))",
                    "print(vpc, pub, priv, igw, rtb, sg, web, db, ips[web][0], ips[web][1], ips[db][0], ips[db][1],",
                    "      dns, conflict, ','.join(state))");
            Path pem = home.resolve("vpc-lab.pem");
            Ran built = run(home, cloud.env, PYTHON.toString(), "-c", build, cloud.endpoint, pem.toString());
            assertThat(built.exit()).as(built.out()).isZero();
            String[] v = built.out().lines().reduce((x, y) -> y).orElse("").split(" ");
            assertThat(v).as(built.out()).hasSize(15);
            String vpc = v[0];
            String publicSubnet = v[1];
            String privateSubnet = v[2];
            String igw = v[3];
            String table = v[4];
            String group = v[5];
            String web = v[6];
            String db = v[7];
            assertThat(v[8]).startsWith("10.0.1.");
            assertThat(v[10]).startsWith("10.0.2.");
            assertThat(v[12]).as("DNS hostnames").isEqualTo("True");
            assertThat(v[13]).isEqualTo("InvalidSubnet.Conflict");
            assertThat(v[14]).as("the route to the gateway").isEqualTo("active");
            String webIp = v[9];
            String dbIp = v[11];
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));

            await("ssh ubuntu@" + webIp + " (public subnet) to log in").atMost(BOUND).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ssh(home, pem, webIp, "id -un"), r -> r.exit() == 0 && r.out().equals("ubuntu"));
            // the private one: running, its status checks passed (its sshd answers), but nothing routes to it
            Ran privateLogin = ssh(home, pem, dbIp, "true");
            assertThat(privateLogin.exit()).as(privateLogin.out()).isEqualTo(255);
            assertThat(privateLogin.out()).contains("timed out");

            // the student's fix, with the CLI: give the private subnet the public table; the same address answers
            AwsCli aws = cloud.aws;
            String association = aws.ok("ec2", "associate-route-table", "--subnet-id", privateSubnet, "--route-table-id",
                    table, "--query", "AssociationId", "--output", "text");
            await("ssh ubuntu@" + dbIp + " once its subnet routes to the gateway").atMost(BOUND)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> ssh(home, pem, dbIp, "true"), r -> r.exit() == 0);
            aws.ok("ec2", "disassociate-route-table", "--association-id", association);
            Ran again = ssh(home, pem, dbIp, "true");
            assertThat(again.exit()).as(again.out()).isEqualTo(255);
            assertThat(again.out()).contains("timed out");

            // teardown in the order AWS demands; an early delete is refused with its code
            assertThat(aws.fails("ec2", "delete-vpc", "--vpc-id", vpc)).contains("DependencyViolation");
            String teardown = String.join("\n",
                    "import boto3, sys",
                    "ec2 = boto3.client('ec2', endpoint_url=sys.argv[1])",
                    "vpc, pub, priv, igw, rtb, sg, web, db = sys.argv[2:10]",
                    "ec2.terminate_instances(InstanceIds=[web, db])",
                    "ec2.get_waiter('instance_terminated').wait(InstanceIds=[web, db], WaiterConfig={'Delay': 1})",
                    "ec2.detach_internet_gateway(VpcId=vpc, InternetGatewayId=igw)",
                    "ec2.delete_internet_gateway(InternetGatewayId=igw)",
                    "ec2.delete_subnet(SubnetId=pub)",
                    "ec2.delete_subnet(SubnetId=priv)",
                    "ec2.delete_route_table(RouteTableId=rtb)",
                    "ec2.delete_security_group(GroupId=sg)",
                    "ec2.delete_key_pair(KeyName='vpc-lab')",
                    "ec2.delete_vpc(VpcId=vpc)",
                    "print([x['IsDefault'] for x in ec2.describe_vpcs()['Vpcs']])");
            Ran down = run(home, cloud.env, PYTHON.toString(), "-c", teardown, cloud.endpoint, vpc, publicSubnet,
                    privateSubnet, igw, table, group, web, db);
            assertThat(down.exit()).as(down.out()).isZero();
            assertThat(down.out()).as("only the default VPC is left").endsWith("[True]");
        }
    }

    @Test
    void aClassroomsAccountsSeeOnlyTheirOwnAndAWrongSecretIsRefused(@TempDir Path home) throws Exception {
        Ran open = run(home, Map.of(), labcheckCommand(home, "cloud", "up", "--port", "0", "--no-setup", "--hosts", "none",
                "--bind", "0.0.0.0"));
        assertThat(open.exit()).as(open.out()).isNotZero();
        assertThat(open.out()).contains("--bind 0.0.0.0").contains("--accounts").doesNotContain("Exception");

        try (CloudUp cloud = CloudUp.start(home, "--hosts", "none", "--accounts", "2")) {
            String said = await("cloud up to say where the accounts' keys are").atMost(BOUND)
                    .pollInterval(Duration.ofMillis(100)).until(() -> line(cloud.printed, "-accounts.csv"), l -> !l.isEmpty());
            Path csv = Path.of(said.replaceFirst(".*keys in (\\S+-accounts\\.csv).*", "$1"));
            assertThat(Files.getPosixFilePermissions(csv)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            List<Accounts.Account> accounts = Accounts.read(csv).list();
            assertThat(accounts).hasSize(2);
            synchronized (cloud.printed) {
                assertThat(cloud.printed).as("no secret printed").noneMatch(l -> accounts.stream()
                        .anyMatch(a -> l.contains(a.secretAccessKey())));
            }
            AwsCli a = cloud.aws.as(accounts.get(0));
            a.ok("ec2", "create-key-pair", "--key-name", "lab", "--query", "KeyPairId", "--output", "text");
            String group = a.ok("ec2", "create-security-group", "--group-name", "web", "--description", "web", "--query",
                    "GroupId", "--output", "text");
            String ami = a.ok("ec2", "describe-images", "--filters", "Name=name,Values=*ubuntu-jammy-22.04-amd64*",
                    "--query", "Images[0].ImageId", "--output", "text");
            String id = a.ok("ec2", "run-instances", "--image-id", ami, "--key-name", "lab", "--security-group-ids", group,
                    "--query", "Instances[0].InstanceId", "--output", "text");

            // the rest of what the clients here call, as account A with its signatures checked
            Ran keygen = run(home, Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                    home.resolve("own").toString());
            assertThat(keygen.exit()).as(keygen.out()).isZero();
            String rest = String.join("\n",
                    "import boto3, sys",
                    "ec2 = boto3.client('ec2', endpoint_url=sys.argv[1])",
                    "regions = len(ec2.describe_regions()['Regions'])",
                    "zones = len(ec2.describe_availability_zones()['AvailabilityZones'])",
                    "subnets = len(ec2.describe_subnets(Filters=[{'Name': 'default-for-az', 'Values': ['true']}])['Subnets'])",
                    "igws = ec2.describe_internet_gateways()['InternetGateways']",
                    "kp = ec2.import_key_pair(KeyName='own', PublicKeyMaterial=open(sys.argv[2], 'rb').read())['KeyName']",
                    "g = ec2.create_security_group(GroupName='egress', Description='egress')['GroupId']",
                    "rule = [{'IpProtocol': 'tcp', 'FromPort': 443, 'ToPort': 443, 'IpRanges': [{'CidrIp': '10.0.0.0/8'}]}]",
                    "ec2.authorize_security_group_egress(GroupId=g, IpPermissions=rule)",
                    "ec2.revoke_security_group_egress(GroupId=g, IpPermissions=rule)",
                    "ec2.create_tags(Resources=[g], Tags=[{'Key': 'k', 'Value': 'v'}])",
                    "ec2.delete_tags(Resources=[g], Tags=[{'Key': 'k'}])",
                    "tags = len(ec2.describe_tags(Filters=[{'Name': 'resource-id', 'Values': [g]}])['Tags'])",
                    "ec2.get_waiter('instance_status_ok').wait(InstanceIds=[sys.argv[3]], WaiterConfig={'Delay': 1})",
                    "eip = ec2.allocate_address(Domain='vpc')",
                    "ec2.associate_address(InstanceId=sys.argv[3], AllocationId=eip['AllocationId'])",
                    "ec2.disassociate_address(PublicIp=eip['PublicIp'])",
                    "left = ec2.describe_addresses(AllocationIds=[eip['AllocationId']])['Addresses'][0].get('InstanceId')",
                    "ec2.release_address(AllocationId=eip['AllocationId'])",
                    "main = ec2.describe_route_tables(Filters=[{'Name': 'association.main', 'Values': ['true']}])['RouteTables'][0]",
                    "ec2.create_route(RouteTableId=main['RouteTableId'], DestinationCidrBlock='198.51.100.0/24',",
                    "    GatewayId=igws[0]['InternetGatewayId'])",
                    "ec2.delete_route(RouteTableId=main['RouteTableId'], DestinationCidrBlock='198.51.100.0/24')",
                    "routes = len(ec2.describe_route_tables(RouteTableIds=[main['RouteTableId']])['RouteTables'][0]['Routes'])",
                    "print(regions > 1, zones == subnets, len(igws), kp, tags, left, routes)");
            Ran restAsA = run(home, a.env(), PYTHON.toString(), "-c", rest, cloud.endpoint, home.resolve("own.pub").toString(),
                    id);
            assertThat(restAsA.exit()).as(restAsA.out()).isZero();
            assertThat(restAsA.out().lines().reduce((x, y) -> y).orElse("")).isEqualTo("True True 1 own 0 None 2");

            String script = String.join("\n",
                    "import boto3, sys",
                    "ec2 = boto3.client('ec2', endpoint_url=sys.argv[1])",
                    "def code(call):",
                    "    try:",
                    "        call()",
                    "        return 'ok'",
                    "    except ec2.exceptions.ClientError as e:",
                    "        return e.response['Error']['Code']",
                    "print(len(ec2.describe_key_pairs()['KeyPairs']), len(ec2.describe_instances()['Reservations']),",
                    "      code(lambda: ec2.terminate_instances(InstanceIds=[sys.argv[2]])),",
                    "      code(lambda: ec2.delete_security_group(GroupId=sys.argv[3])),",
                    "      code(lambda: ec2.create_key_pair(KeyName='lab')))");
            Accounts.Account b = accounts.get(1);
            Ran asB = run(home, cloud.aws.as(b).env(), PYTHON.toString(), "-c", script, cloud.endpoint, id, group);
            assertThat(asB.exit()).as(asB.out()).isZero();
            assertThat(asB.out().lines().reduce((x, y) -> y).orElse(""))
                    .as("B sees none of A's, cannot touch them, and may use the same key name")
                    .isEqualTo("0 0 InvalidInstanceID.NotFound InvalidGroup.NotFound ok");

            Accounts.Account wrong = new Accounts.Account(b.name(), b.accessKeyId(), "x" + b.secretAccessKey().substring(1),
                    b.ownerId());
            Ran badSecret = run(home, cloud.aws.as(wrong).env(), PYTHON.toString(), "-c", script, cloud.endpoint, id, group);
            assertThat(badSecret.exit()).isNotZero();
            assertThat(badSecret.out()).contains("SignatureDoesNotMatch");
            AwsCli stranger = cloud.aws.as(new Accounts.Account("stranger", "AKIAIOSFODNN7EXAMPLE",
                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "999999999999"));
            assertThat(stranger.fails("ec2", "describe-instances")).contains("AuthFailure");
            assertThat(a.ok("ec2", "describe-instances", "--query", "Reservations[].Instances[].InstanceId", "--output",
                    "text")).isEqualTo(id);

            Ran status = run(home, Map.of(), labcheckCommand(home, "cloud", "status"));
            assertThat(status.out()).contains(accounts.get(0).name() + ": " + id).doesNotContain(b.name() + ": i-");
            assertThat(status.out()).doesNotContain(accounts.get(0).secretAccessKey(), b.secretAccessKey());
        }
    }

    /**
     * {@code labcheck cloud up} in a JVM of its own, its output collected, with the AWS CLI set up for its endpoint.
     * Closing kills it if a test did not take it down, and sweeps what it left.
     */
    private static final class CloudUp implements AutoCloseable {
        final List<String> printed = Collections.synchronizedList(new ArrayList<>());
        final Process process;
        final String owner;
        final Thread reader;
        String endpoint;
        Map<String, String> env;
        AwsCli aws;

        private CloudUp(Process process) throws IOException {
            this.process = process;
            this.owner = java.net.InetAddress.getLocalHost().getHostName() + "/" + process.pid();
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        printed.add(line);
                        System.out.println("[cloud up] " + line);
                    }
                } catch (IOException e) {
                    printed.add("(output lost: " + e.getMessage() + ")");
                }
            }, "cloud-up-output");
            reader.start();
        }

        /** Starts it (skipping, or failing under LABCHECK_REQUIRE_DOCKER, without hosts or clients) and awaits its endpoint. */
        static CloudUp start(Path home, String... options) throws IOException {
            Availability hosts = Datacenter.availability(CloudSettings.defaults().withHosts(HostKind.CONTAINER));
            boolean clients = Files.isExecutable(AWS)
                    && run(home, Map.of(), PYTHON.toString(), "-c", "import boto3").exit() == 0;
            if ((!hosts.available() || !clients) && System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
                fail("LABCHECK_REQUIRE_DOCKER is set: " + (hosts.available() ? "" : hosts.reason() + "; ")
                        + (clients ? "" : "Debian's awscli and python3-boto3 are needed (apt-get install awscli python3-boto3)"));
            }
            assumeTrue(hosts.available(), hosts.reason());
            assumeTrue(clients, "Debian's AWS CLI (/usr/bin/aws) and boto3 for /usr/bin/python3 are not installed"
                    + " (apt-get install awscli python3-boto3)");
            List<String> args = new ArrayList<>(List.of("cloud", "up", "--port", "0", "--no-setup"));
            args.addAll(List.of(options));
            CloudUp cloud = new CloudUp(labcheck(home, args.toArray(String[]::new)).redirectErrorStream(true).start());
            try {
                cloud.endpoint = await("cloud up to print its endpoint").atMost(BOUND).pollInterval(Duration.ofMillis(100))
                        .until(() -> line(cloud.printed, "export AWS_ENDPOINT_URL_EC2="), l -> !l.isEmpty())
                        .replaceFirst(".*AWS_ENDPOINT_URL_EC2=", "");
                String keys = line(cloud.printed, "export AWS_ACCESS_KEY_ID=");
                cloud.env = Map.of("AWS_ACCESS_KEY_ID", keys.replaceFirst(".*AWS_ACCESS_KEY_ID=(\\S+).*", "$1"),
                        "AWS_SECRET_ACCESS_KEY", keys.replaceFirst(".*AWS_SECRET_ACCESS_KEY=(\\S+).*", "$1"),
                        "AWS_DEFAULT_REGION", "ap-northeast-2", "AWS_PAGER", "", "AWS_EC2_METADATA_DISABLED", "true",
                        "AWS_CONFIG_FILE", home.resolve("no-config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
                cloud.aws = new AwsCli(home, cloud.env, cloud.endpoint);
                return cloud;
            } catch (RuntimeException | Error e) {
                cloud.close();
                throw e;
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!left(owner).isEmpty()) {
                ContainerHosts.sweepOrphans(DockerClientFactory.instance().client());
            }
        }
    }

    /** The AWS CLI against the endpoint (Debian's 2.9 reads no AWS_ENDPOINT_URL_EC2: --endpoint-url, as printed). */
    private record AwsCli(Path home, Map<String, String> env, String endpoint) {
        /** The same CLI signing as {@code account}. */
        AwsCli as(Accounts.Account account) {
            Map<String, String> changed = new java.util.HashMap<>(env);
            changed.put("AWS_ACCESS_KEY_ID", account.accessKeyId());
            changed.put("AWS_SECRET_ACCESS_KEY", account.secretAccessKey());
            return new AwsCli(home, Map.copyOf(changed), endpoint);
        }

        String ok(String... args) {
            Ran r = run(home, env, command(args));
            assertThat(r.exit()).as("aws %s: %s", String.join(" ", args), r.out()).isZero();
            return r.out();
        }

        String fails(String... args) {
            Ran r = run(home, env, command(args));
            assertThat(r.exit()).as("aws %s should fail: %s", String.join(" ", args), r.out()).isNotZero();
            return r.out();
        }

        private String[] command(String... args) {
            List<String> all = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint));
            all.addAll(List.of(args));
            return all.toArray(String[]::new);
        }
    }

    private static List<String> left(String owner) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerHosts.LABEL_OWNER, owner)).exec().stream().map(c -> c.getId()).toList();
    }

    private static String line(List<String> printed, String containing) {
        synchronized (printed) {
            return printed.stream().filter(l -> l.contains(containing)).findFirst().orElse("");
        }
    }

    private static Ran ssh(Path home, Path key, String ip, String command) {
        return run(home, Map.of(), "ssh", "-i", key.toString(), "-o", "BatchMode=yes", "-o", "ConnectTimeout=3", "-o",
                "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "ubuntu@" + ip, command);
    }

    /** labcheck in a JVM of its own (a cloud that runs until it is told to stop), its home {@code home}. */
    private static ProcessBuilder labcheck(Path home, String... args) {
        return new ProcessBuilder(labcheckCommand(home, args));
    }

    private static String[] labcheckCommand(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), Labcheck.class.getName()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** A program with {@code home} as its HOME and {@code env} added, within the test's bound. */
    private static Ran run(Path home, Map<String, String> env, String... command) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HOME", home.toString());
        return Programs.run(BOUND, all, command);
    }
}
