package io.labcheck.diagnose;

/** The names of the diagnosis's probes: one name for one look, in reports and in tests that break a probe. */
final class Probes {
    static final String KEY = "the key file";
    static final String INSTANCE = "the instance (API)";
    static final String GROUPS = "its security groups (API)";
    static final String ADDRESSES = "the Elastic IPs (API)";
    static final String SSH = "ssh as the student";
    static final String CURL = "curl from outside";
    static final String LOGIN = "a login to the server";
    static final String MEMORY = "memory on the server";
    static final String LOG = "the app's log";
    static final String MODULES = "where the app's Python modules import";
    static final String PROCESSES = "the biggest process";
    static final String CONTAINERS = "the containers on the server (docker ps -a)";
    static final String DNS = "the site's DNS records";
    static final String FIREWALL = "the server's firewall (sudo ufw status)";

    static String port(int port) {
        return "port " + port + " from outside";
    }

    static String listeners(int port) {
        return "what listens on port " + port + " on the server";
    }

    private Probes() {}
}
