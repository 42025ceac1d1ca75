package io.labcheck.diagnose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * What a student has in hand to find out what is wrong: their cloud console (the API), the instance's
 * id, their key file, the login user, the port their lab serves on and the command the lab starts the
 * app with. Nothing about what was done to the server.
 *
 * @param ec2             the cloud's API; null when there are no credentials (its probes are then skipped, saying so)
 * @param instanceId      the instance; null when only its address is known (looked up by it through the API)
 * @param host            the server's address when known without the API (a student's own server); null to take
 *                        the instance's public IP from the API
 * @param sshPort         the port sshd listens on
 * @param appPort         the port the app serves on; 0 when the lab leaves no app (only the instance, its key and
 *                        its cloud resources are then looked at)
 * @param appStartCommand how to start the app again, as the fixes say it (in its directory, its venv activated)
 * @param appCommand      the command that runs the app, as the lab types it ({@code python3 -m uvicorn main:app
 *                        --host 0.0.0.0}): what the app runs on ({@link AppProgram}) is read from it
 * @param sections        lab sections per finding code, for "see:" pointers
 * @param site            the domain names the lab points at the server, and the resolver the student asks
 */
public record Subject(Ec2Client ec2, String instanceId, String host, int sshPort, Path keyFile, String loginUser,
                      int appPort, String appStartCommand, String appCommand, Map<String, String> sections, Site site) {

    /**
     * The names a student's site answers to (A records they set at their registrar) and the DNS server their computer
     * asks ({@code null}: the system's own resolver).
     */
    public record Site(List<String> names, String dnsServer) {
        public static final Site NONE = new Site(List.of(), null);

        public Site {
            names = List.copyOf(names);
        }
    }

    /** A server known by its address or its instance, without a domain. */
    public Subject(Ec2Client ec2, String instanceId, String host, int sshPort, Path keyFile, String loginUser,
                   int appPort, String appStartCommand, String appCommand, Map<String, String> sections) {
        this(ec2, instanceId, host, sshPort, keyFile, loginUser, appPort, appStartCommand, appCommand, sections, Site.NONE);
    }

    /** A deployment the run made: the instance known by id, its address from the API, sshd on 22. */
    public Subject(Ec2Client ec2, String instanceId, Path keyFile, String loginUser, int appPort,
                   String appStartCommand, String appCommand, Map<String, String> sections) {
        this(ec2, instanceId, null, 22, keyFile, loginUser, appPort, appStartCommand, appCommand, sections);
    }

    /** The same subject, whose site answers to {@code site}'s names. */
    public Subject withSite(Site site) {
        return new Subject(ec2, instanceId, host, sshPort, keyFile, loginUser, appPort, appStartCommand, appCommand,
                sections, site);
    }

    /** Whether the lab points a domain at the server. */
    public boolean hasSite() {
        return !site.names().isEmpty();
    }

    /** Whether the lab left an app to look at (a port it serves on). */
    public boolean hasApp() {
        return appPort > 0;
    }

    String section(String code) {
        return sections.getOrDefault(code, "");
    }
}
