package io.labcheck.diagnose;

import java.nio.file.Path;
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
 */
public record Subject(Ec2Client ec2, String instanceId, String host, int sshPort, Path keyFile, String loginUser,
                      int appPort, String appStartCommand, String appCommand, Map<String, String> sections) {

    /** A deployment the run made: the instance known by id, its address from the API, sshd on 22. */
    public Subject(Ec2Client ec2, String instanceId, Path keyFile, String loginUser, int appPort,
                   String appStartCommand, String appCommand, Map<String, String> sections) {
        this(ec2, instanceId, null, 22, keyFile, loginUser, appPort, appStartCommand, appCommand, sections);
    }

    /** Whether the lab left an app to look at (a port it serves on). */
    public boolean hasApp() {
        return appPort > 0;
    }

    String section(String code) {
        return sections.getOrDefault(code, "");
    }
}
