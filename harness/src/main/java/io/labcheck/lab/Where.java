package io.labcheck.lab;

/** Where a lab step runs. */
public enum Where {
    /** The student's own computer: ssh, chmod on the key, curl from outside. */
    WORKSTATION,
    /** The cloud server, reached over SSH. */
    SERVER,
    /** The cloud console or its API: key pairs, security groups, instances, addresses. */
    CLOUD,
    /** A web browser on the student's computer. */
    BROWSER,
    /** A CI service's hosted runner (GitHub Actions' ubuntu-latest): not the student's computer, nor their address. */
    RUNNER;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code server}, {@code workstation}, ... as authors write it in an annotation; null if unknown. */
    public static Where fromId(String id) {
        for (Where w : values()) {
            if (w.id().equalsIgnoreCase(id.trim())) {
                return w;
            }
        }
        return switch (id.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "local", "pc", "laptop", "client" -> WORKSTATION;
            case "remote", "host", "instance", "vm" -> SERVER;
            case "console", "api" -> CLOUD;
            case "ci", "github-actions", "actions" -> RUNNER;
            default -> null;
        };
    }
}
