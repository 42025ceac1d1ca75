package io.labcheck.cli;

import io.labcheck.cloud.ReadOnlyEc2;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Option;

/** How a student reaches their own server and, optionally, its cloud account: shared by grade and doctor. */
final class ServerOptions {
    @Option(names = "--host", paramLabel = "HOST", description = "the server's public address")
    String host;

    @Option(names = "--key", paramLabel = "KEY.pem", description = "the private key you log in with")
    Path key;

    @Option(names = "--local", description = "run on the server itself, as its login user, instead of --host and"
            + " --key: what the server shows of itself (what is seen from outside is left out, saying so)")
    boolean local;

    /** The login user when --user is not given (Ubuntu's images'). */
    static final String DEFAULT_USER = "ubuntu";

    @Option(names = "--user", paramLabel = "USER", description = "the login user (default: " + DEFAULT_USER
            + "; with --local, you)")
    String user;

    @Option(names = "--ssh-port", defaultValue = "22", paramLabel = "PORT", description = "sshd's port (default: ${DEFAULT-VALUE})")
    int sshPort;

    @Option(names = "--known-hosts", paramLabel = "FILE", defaultValue = "${sys:user.home}/.labcheck/known_hosts",
            description = "where servers' host keys are kept: trusted on first use, a changed one refused"
                    + " (default: ${DEFAULT-VALUE}; loopback addresses, the practice cloud's, stay in memory)")
    Path knownHostsFile;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "an EC2 API other than AWS's (labcheck's embedded cloud, LocalStack)")
    URI endpoint;

    @Option(names = "--region", defaultValue = "ap-northeast-2", paramLabel = "REGION",
            description = "the instance's region (default: ${DEFAULT-VALUE})")
    String region;

    /** Stops with exit 2 and the fix when the host or key cannot be what the student meant. */
    void check() {
        if (local) {
            if (host != null || key != null || endpoint != null) {
                throw new Labcheck.UserError("--local looks at this machine: leave out --host, --key and --endpoint"
                        + " (or leave out --local to look at a server from your computer)");
            }
            String me = System.getProperty("user.name");
            if (user != null && !user.equals(me)) {
                throw new Labcheck.UserError("--local looks at this server as you (" + me + "), not as " + user + ": run"
                        + " it as that user (sudo -u " + user + " -i, then labcheck ... --local), or leave out --user");
            }
            user = me;
            host = "localhost";
            return;
        }
        if (user == null) {
            user = DEFAULT_USER;
        }
        if (host == null || key == null) {
            throw new Labcheck.UserError("give the server with --host HOST --key KEY.pem (from your computer), or --local"
                    + " (on the server itself)");
        }
        if (host == null || host.isBlank() || host.contains(" ") || host.contains("@")) {
            throw new Labcheck.UserError("--host '" + host + "': give the server's address alone (e.g. 13.125.1.2);"
                    + " the login user goes in --user");
        }
        if (!Files.isRegularFile(key)) {
            throw new Labcheck.UserError("--key " + key + ": no such file; give the .pem file the cloud console gave you");
        }
        if (sshPort < 1 || sshPort > 65535) {
            throw new Labcheck.UserError("--ssh-port " + sshPort + ": ports are 1-65535");
        }
    }

    /** The host keys this command trusts, kept in --known-hosts. */
    io.labcheck.ssh.KnownHosts knownHosts() {
        try {
            return io.labcheck.ssh.KnownHosts.file(knownHostsFile);
        } catch (java.io.UncheckedIOException e) {
            throw new Labcheck.UserError("--known-hosts " + knownHostsFile + ": " + e.getCause().getMessage()
                    + " (give a file you can read, or remove it to start afresh)");
        }
    }

    /** The account, read-only, or why it is not looked at. */
    ReadOnlyEc2.Connection cloud() {
        return ReadOnlyEc2.connect(Optional.ofNullable(endpoint), region);
    }
}
