package io.labcheck.scenarios;

import io.labcheck.fault.FaultKind;
import io.labcheck.run.RunnableLab;
import io.labcheck.scenarios.labs.Labs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The labs {@code labcheck list} shows and {@code labcheck validate} runs: every lab of {@link Labs}, run from
 * its document by the document-driven suite, and the hand-written cloud-steps suite.
 */
public final class Catalog {
    public static final String EC2_CLOUD = "ec2-cloud";
    /** The suite that runs labs from their documents; {@code labcheck.labs} names which. */
    public static final String DOCUMENT_SUITE = "io.labcheck.scenarios.labs.DocumentLabsScenario";

    /**
     * One lab.
     *
     * @param origin     where its document comes from ("" for a hand-written suite)
     * @param suite      the scenario class that runs it
     * @param document   true when it runs from its document (the suite takes its id in labcheck.labs)
     * @param needsHosts its instances must be real (container hosts), not only API records
     */
    public record Lab(String id, String title, String origin, String suite, boolean document, boolean needsHosts) {
        /** Every fault id the lab can inject (the ones that apply to what its steps deploy are injected). */
        public List<String> faults() {
            return document ? Arrays.stream(FaultKind.values()).map(FaultKind::id).toList() : List.of();
        }
    }

    private Catalog() {
    }

    public static List<Lab> labs() {
        List<Lab> labs = new ArrayList<>();
        for (RunnableLab l : new Labs().labs()) {
            labs.add(new Lab(l.id(), l.title(), l.origin(), DOCUMENT_SUITE, true, true));
        }
        labs.add(new Lab(EC2_CLOUD, "Cloud steps of the EC2 labs (seeds 001-003): key pair, security group,"
                + " t2.micro, 30 GB gp3, Elastic IP, stop/start, terminate", "",
                "io.labcheck.scenarios.cloud.CloudStepsScenario", false, false));
        return labs;
    }

    public static Optional<Lab> find(String id) {
        return labs().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** Any lab document, run from itself: its id is its file name. */
    public static Lab document(java.nio.file.Path path) {
        String file = path.getFileName().toString();
        return new Lab(file.replaceFirst("\\.(md|txt|markdown)$", ""), file, path.toString(), DOCUMENT_SUITE, true, true);
    }
}
