package io.labcheck.report;

/** The machine the run ran on, enough to tell two runs' machines apart (no host names, no users). */
public record Environment(String os, String arch, String javaVersion, int processors) {
    public static Environment current() {
        return new Environment(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
    }
}
