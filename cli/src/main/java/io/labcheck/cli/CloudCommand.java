package io.labcheck.cli;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.cloud.embedded.Accounts;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.cloud.embedded.InstanceView;
import io.labcheck.host.ContainerHosts;
import io.labcheck.host.Datacenter;
import io.labcheck.host.HostImage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.testcontainers.DockerClientFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The embedded cloud as a practice endpoint for any EC2 client (the AWS CLI, boto3, the SDKs): {@code up} runs it
 * until Ctrl-C or {@code down}, {@code status} lists what runs. Each running cloud leaves a small state file
 * ({@code ~/.labcheck/cloud/PORT.properties}: its process, endpoint and region) so that the other two can find it;
 * what a killed one leaves behind is swept by {@code down} (containers are labelled with their process).
 */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = "The embedded EC2 API as a practice cloud for the AWS CLI, boto3 or any SDK.",
        footer = {"", "Examples:", "  ./labcheck cloud up --port 4566", "  ./labcheck cloud status", "  ./labcheck cloud down"},
        subcommands = {CloudCommand.Up.class, CloudCommand.Status.class, CloudCommand.Down.class})
final class CloudCommand implements Runnable {
    /** Where running clouds say where they are. */
    static Path stateDir() {
        return Path.of(System.getProperty("user.home"), ".labcheck", "cloud");
    }

    @Override
    public void run() {
        throw new Labcheck.UserError("say what to do: labcheck cloud up, labcheck cloud status or labcheck cloud down");
    }

    /** What a running cloud wrote about itself. */
    record Running(Path file, long pid, String endpoint, String region, String hosts, String accounts) {
        static Optional<Running> read(Path file) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
                return Optional.of(new Running(file, Long.parseLong(p.getProperty("pid")), p.getProperty("endpoint"),
                        p.getProperty("region"), p.getProperty("hosts"), p.getProperty("accounts")));
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // half-written or not ours: status and down say so by its file
            }
        }

        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    static List<Path> stateFiles() {
        if (!Files.isDirectory(stateDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stateDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".properties")).sorted().toList();
        } catch (IOException e) {
            throw new Labcheck.UserError("cannot read " + stateDir() + ": " + e.getMessage());
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Runs the embedded EC2 API until Ctrl-C or 'labcheck cloud down', and prints the lines to"
                    + " paste into a shell so that the AWS CLI, boto3 and the SDKs use it. With container hosts, each"
                    + " instance is a container you can ssh into at its public address, behind its security groups."},
            footer = {"", "Examples:", "  ./labcheck cloud up", "  aws --endpoint-url http://127.0.0.1:4566 ec2 create-key-pair --key-name practice --query KeyMaterial"
                    + " --output text > practice.pem", "  ./labcheck cloud up --accounts 30 --bind 0.0.0.0   (a classroom: 30 accounts,"
                    + " keys in ~/.labcheck/cloud/4566-accounts.csv)"})
    static final class Up implements Callable<Integer> {
        private static final Duration WATCH = Duration.ofMillis(500);

        @Option(names = "--port", defaultValue = "4566", paramLabel = "PORT",
                description = "the API's port at the --bind address; 0 for any free one (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--hosts", defaultValue = "container", paramLabel = "KIND",
                description = "container (an SSH-enabled container per instance) or none (the API alone)"
                        + " (default: ${DEFAULT-VALUE})")
        String hosts;

        @Option(names = "--region", defaultValue = CloudSettings.DEFAULT_REGION, paramLabel = "REGION",
                description = "the region clients are told to use (default: ${DEFAULT-VALUE})")
        String region;

        @Option(names = "--no-setup", description = "never install or start the Docker engine or build images")
        boolean noSetup;

        @Option(names = "--bind", defaultValue = CloudSettings.LOOPBACK, paramLabel = "ADDRESS",
                description = "the address the API listens on (default: ${DEFAULT-VALUE}); any other needs --accounts")
        String bind;

        @Option(names = "--accounts", paramLabel = "FILE|N",
                description = "a CSV of accounts (name,access_key_id,secret_access_key), or a number of accounts to"
                        + " make (their keys written to ~/.labcheck/cloud/PORT-accounts.csv, readable by you alone):"
                        + " each access key is an account of its own, its signatures checked, its resources its own")
        String accountsOption;

        private final PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            HostKind kind = switch (hosts) {
                case "container" -> HostKind.CONTAINER;
                case "none" -> HostKind.NONE;
                default -> throw new Labcheck.UserError("--hosts " + hosts + ": use container or none");
            };
            if (port < 0 || port > 65535) {
                throw new Labcheck.UserError("--port " + port + ": ports are 0-65535");
            }
            Accounts accounts = accounts();
            CloudSettings settings = CloudSettings.defaults().withHosts(kind).withRegion(region).withPort(port)
                    .withBindAddress(bind).withAccounts(accounts);
            boolean loopbackOnly;
            try {
                loopbackOnly = settings.loopbackOnly();
            } catch (IllegalArgumentException e) {
                throw new Labcheck.UserError("--bind " + e.getMessage());
            }
            if (accounts.isOpen() && !loopbackOnly) {
                throw new Labcheck.UserError("--bind " + bind + " lets other machines reach the API, and without accounts"
                        + " it accepts any credentials: add --accounts class.csv (or --accounts 30 to make 30), or leave"
                        + " --bind out to stay on 127.0.0.1");
            }
            if (kind == HostKind.CONTAINER) {
                EnvironmentSetup.requireContainerHosts(out, noSetup, settings);
            }
            Cloud cloud;
            try {
                cloud = Datacenter.start(settings);
            } catch (RuntimeException e) {
                throw new Labcheck.UserError(e.getMessage());
            }
            String endpoint = cloud.endpoint().orElseThrow().toString();
            int bound = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
            Path state = stateDir().resolve(bound + ".properties");
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                try {
                    out.println("labcheck cloud: shutting down (instances and their containers are removed)");
                    cloud.close();
                    Files.deleteIfExists(state);
                    out.println("labcheck cloud: down");
                } catch (IOException | RuntimeException e) {
                    System.err.println("labcheck cloud: while shutting down: " + e.getMessage());
                } finally {
                    stopped.countDown();
                }
            }, "labcheck-cloud-down");
            Runtime.getRuntime().addShutdownHook(hook);
            Path accountsFile = accounts.isOpen() ? null : accountsFile(accounts, bound);
            write(state, endpoint, kind, accountsFile);
            out.println("labcheck cloud: the embedded EC2 API at " + endpoint + ", region " + region + (kind == HostKind.CONTAINER
                    ? ", instances as SSH-enabled containers from " + HostImage.configuredName() : ", no hosts (the API alone)"));
            if (accounts.isOpen()) {
                out.println("Paste into your shell (any credentials are accepted; these are AWS's documented examples):");
                out.println("  export AWS_ENDPOINT_URL_EC2=" + endpoint);
                out.println("  export AWS_ACCESS_KEY_ID=" + EmbeddedCloud.EXAMPLE_ACCESS_KEY + " AWS_SECRET_ACCESS_KEY="
                        + EmbeddedCloud.EXAMPLE_SECRET_KEY);
            } else {
                out.println(accounts.list().size() + " accounts, each access key its own account (signatures checked;"
                        + " keys in " + accountsFile + ", readable by you alone: hand each its line)");
                out.println("Each user pastes into their shell, with their own keys:");
                out.println("  export AWS_ENDPOINT_URL_EC2=" + endpoint);
                out.println("  export AWS_ACCESS_KEY_ID=<access_key_id> AWS_SECRET_ACCESS_KEY=<secret_access_key>");
            }
            out.println("  export AWS_DEFAULT_REGION=" + region);
            if (!accounts.isOpen()) {
                out.println("Instances' addresses (127.77.x.x) are this machine's: log in to it, then ssh to them.");
            }
            out.println("AWS CLI before 2.13 and boto3 before 1.28.57 (Debian 12's) read no AWS_ENDPOINT_URL_EC2: give them"
                    + " the endpoint themselves:");
            out.println("  alias aws='aws --endpoint-url " + endpoint + "'");
            out.println("  boto3.client(\"ec2\", endpoint_url=\"" + endpoint + "\")");
            out.println("Images: aws ec2 describe-images --query 'Images[].[ImageId,Name]' --output text");
            out.println("Stop it with Ctrl-C, or: labcheck cloud down");
            out.flush();
            watch((EmbeddedCloud) cloud, accounts, stopped);
            return Labcheck.PASSED;
        }

        private Accounts accounts() {
            if (accountsOption == null) {
                return Accounts.open();
            }
            try {
                if (accountsOption.matches("\\d+")) {
                    return Accounts.generate(Integer.parseInt(accountsOption), "student");
                }
                Path csv = Path.of(accountsOption);
                if (!Files.isReadable(csv)) {
                    throw new Labcheck.UserError("--accounts " + accountsOption + ": no such file to read; give a CSV with"
                            + " the columns name,access_key_id,secret_access_key, or a number of accounts to make");
                }
                return Accounts.read(csv);
            } catch (IllegalArgumentException e) {
                throw new Labcheck.UserError("--accounts " + accountsOption + ": " + e.getMessage());
            } catch (IOException e) {
                throw new Labcheck.UserError("--accounts " + accountsOption + ": cannot read it: " + e.getMessage());
            }
        }

        /** Where the accounts' keys are: the CSV given, or the one written for the accounts made here. */
        private Path accountsFile(Accounts accounts, int bound) throws IOException {
            if (!accountsOption.matches("\\d+")) {
                return Path.of(accountsOption).toAbsolutePath();
            }
            Path file = stateDir().resolve(bound + "-accounts.csv");
            Files.createDirectories(file.getParent());
            accounts.write(file);
            return file;
        }

        private void write(Path state, String endpoint, HostKind kind, Path accountsFile) throws IOException {
            Files.createDirectories(state.getParent());
            Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
            Files.writeString(tmp, "pid=" + ProcessHandle.current().pid() + "\nendpoint=" + endpoint + "\nregion=" + region
                    + "\nhosts=" + kind.name().toLowerCase() + "\n"
                    + (accountsFile == null ? "" : "accounts=" + accountsFile.toString().replace("\\", "/") + "\n"));
            Files.move(tmp, state, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        /**
         * Prints each instance's state as it changes, with its address and login once it runs (and, with accounts,
         * whose it is), until shut down. Read from the data plane: one view of every account, no API calls.
         */
        private void watch(EmbeddedCloud cloud, Accounts accounts, CountDownLatch stopped) throws InterruptedException {
            Map<String, String> names = new HashMap<>();
            accounts.list().forEach(a -> names.put(a.ownerId(), a.name()));
            Map<String, String> seen = new HashMap<>();
            while (!stopped.await(WATCH.toMillis(), TimeUnit.MILLISECONDS)) {
                List<InstanceView> now;
                try {
                    now = cloud.instances();
                } catch (RuntimeException e) {
                    continue; // shutting down
                }
                for (InstanceView i : now) {
                    String owner = names.get(i.ownerId());
                    String line = (owner == null ? "" : owner + ": ") + describe(i.instanceId(), i.state(),
                            i.instanceType(), i.publicIp(), i.keyName(), i.loginUser());
                    if (!line.equals(seen.put(i.instanceId(), line))) {
                        out.println(line);
                        out.flush();
                    }
                }
            }
        }

        static String describe(String id, String state, String type, String publicIp, String keyName, String login) {
            String line = id + " " + state + " (" + type + ")";
            if (state.equals("running") && publicIp != null) {
                line += " at " + publicIp + (keyName == null ? ", launched without a key pair: no SSH login"
                        : ": ssh -i " + keyName + ".pem " + login + "@" + publicIp);
            }
            return line;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Lists the practice clouds running here and"
            + " their instances.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            List<Path> files = stateFiles();
            if (files.isEmpty()) {
                System.out.println("no labcheck cloud runs here (start one with: labcheck cloud up)");
                return Labcheck.PASSED;
            }
            for (Path f : files) {
                Optional<Running> r = Running.read(f);
                if (r.isEmpty()) {
                    System.out.println(f + ": not a state file labcheck can read (remove it)");
                } else if (!r.get().alive()) {
                    System.out.println(r.get().endpoint() + ": its process " + r.get().pid() + " is gone (killed?):"
                            + " labcheck cloud down removes what it left");
                } else {
                    System.out.println(r.get().endpoint() + " (process " + r.get().pid() + ", region " + r.get().region()
                            + ", hosts " + r.get().hosts() + ")");
                    instances(r.get()).forEach(line -> System.out.println("  " + line));
                }
            }
            return Labcheck.PASSED;
        }

        /** Each account's instances, through the API as that account (the open cloud's one account: the example keys). */
        private static List<String> instances(Running r) {
            List<Accounts.Account> accounts;
            if (r.accounts() == null) {
                accounts = List.of(new Accounts.Account("", EmbeddedCloud.EXAMPLE_ACCESS_KEY,
                        EmbeddedCloud.EXAMPLE_SECRET_KEY, EmbeddedCloud.OWNER_ID));
            } else {
                try {
                    accounts = Accounts.read(Path.of(r.accounts())).list();
                } catch (IOException | IllegalArgumentException e) {
                    return List.of("its accounts (" + r.accounts() + ") cannot be read here: " + e.getMessage());
                }
            }
            List<String> lines = new ArrayList<>();
            for (Accounts.Account a : accounts) {
                try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(java.net.URI.create(r.endpoint()))
                        .region(software.amazon.awssdk.regions.Region.of(r.region()))
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(a.accessKeyId(),
                                        a.secretAccessKey())))
                        .build()) {
                    ec2.describeInstances().reservations().forEach(res -> res.instances().forEach(i -> lines.add(
                            (a.name().isEmpty() ? "" : a.name() + ": ") + Up.describe(i.instanceId(),
                                    i.state().nameAsString(), i.instanceTypeAsString(), i.publicIpAddress(), i.keyName(),
                                    EmbeddedCloud.loginUserOf(i.imageId()).orElse("ubuntu")))));
                } catch (RuntimeException e) {
                    return List.of("does not answer: " + e.getMessage());
                }
            }
            return lines.isEmpty() ? List.of("no instances") : lines;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stops the practice clouds running here (their"
            + " instances' containers removed), and removes what a killed one left behind.")
    static final class Down implements Callable<Integer> {
        private static final Duration BOUND = Duration.ofSeconds(90);

        @Override
        public Integer call() throws IOException {
            int stopped = 0;
            for (Path f : stateFiles()) {
                Optional<Running> r = Running.read(f);
                if (r.isPresent() && r.get().alive()) {
                    ProcessHandle p = ProcessHandle.of(r.get().pid()).orElseThrow();
                    p.destroy(); // SIGTERM: its shutdown hook removes the instances and the state file
                    try {
                        p.onExit().get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        throw new Labcheck.UserError("the cloud at " + r.get().endpoint() + " (process " + r.get().pid()
                                + ") did not stop within " + BOUND.toSeconds() + " s: kill -9 " + r.get().pid()
                                + ", then labcheck cloud down again");
                    } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new Labcheck.UserError("interrupted while the cloud at " + r.get().endpoint() + " stopped");
                    }
                    System.out.println("stopped the cloud at " + r.get().endpoint() + " (process " + r.get().pid() + ")");
                    stopped++;
                }
                Files.deleteIfExists(f);
            }
            int swept = 0;
            if (DockerClientFactory.instance().isDockerAvailable()) {
                swept = ContainerHosts.sweepOrphans(DockerClientFactory.instance().client());
            }
            System.out.println(stopped == 0 && swept == 0 ? "no labcheck cloud was running here"
                    : "down: " + stopped + " cloud(s) stopped" + (swept > 0 ? ", " + swept + " container(s) a killed one"
                    + " left removed" : ""));
            return Labcheck.PASSED;
        }
    }
}
