package io.labcheck.scenarios;

import io.labcheck.fault.FaultKind;
import io.labcheck.lab.LabDocument;
import io.labcheck.lab.SeedLabs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The labs labcheck has scenarios for: which document each reads, which suites prove its steps and
 * which inject its documented failures. What {@code labcheck list} shows and {@code labcheck validate}
 * runs.
 */
public final class Catalog {
    /**
     * Read a document other than the lab's seed: {@code -Dlabcheck.document=PATH} (what
     * {@code labcheck validate DOCUMENT} sets), so an author's edited copy runs through the same scenario.
     */
    public static final String DOCUMENT_PROPERTY = "labcheck.document";

    public static final String EC2_FASTAPI = "ec2-fastapi";
    public static final String EC2_CLOUD = "ec2-cloud";

    /**
     * One lab.
     *
     * @param seed           the seed document it reads, null when its steps are written in the scenario
     * @param stepSuites     scenario classes with one test per step of the document
     * @param chaosSuites    scenario classes that inject its faults, each with the fault ids it proves
     *                       (from the catalogue of {@link FaultKind})
     * @param needsHosts     its instances must be real (container hosts), not only API records
     * @param recognizes     whether a document is this lab (an edited copy): the parts the scenario reads
     */
    public record Lab(String id, String title, String seed, List<String> stepSuites,
                      Map<String, List<String>> chaosSuites, boolean needsHosts, Predicate<LabDocument> recognizes) {
        public Lab {
            stepSuites = List.copyOf(stepSuites);
            chaosSuites = Collections.unmodifiableMap(new LinkedHashMap<>(chaosSuites));
        }

        public boolean readsDocument() {
            return seed != null;
        }

        /** Every fault id the lab injects, in catalogue order. */
        public List<String> faults() {
            return chaosSuites.values().stream().flatMap(List::stream).distinct().toList();
        }

        /** The chaos suites that prove at least one of these faults, in order. */
        public List<String> chaosSuitesFor(Set<String> faultIds) {
            return chaosSuites.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(faultIds::contains))
                    .map(Map.Entry::getKey).toList();
        }
    }

    private static final String PACKAGE = "io.labcheck.scenarios.";

    private static final List<Lab> LABS = List.of(
            new Lab(EC2_FASTAPI, "FastAPI on an EC2 Ubuntu server (seed 001), and seed 000's troubleshooting",
                    SeedLabs.EC2_FASTAPI,
                    List.of(PACKAGE + "ec2fastapi.Ec2FastApiScenario"),
                    ec2FastApiChaos(), true,
                    document -> document.codeBlock("python", c -> c.contains("FastAPI()")).isPresent()
                            && document.codeBlock("bash", c -> c.contains("uvicorn main:app")).isPresent()),
            new Lab(EC2_CLOUD, "Cloud steps of the EC2 labs (seeds 001-003): key pair, security group,"
                    + " t2.micro, 30 GB gp3, Elastic IP, stop/start, terminate", null,
                    List.of(PACKAGE + "cloud.CloudStepsScenario"), Map.of(), false, document -> false));

    private Catalog() {
    }

    /** The venv fault needs the venv deployment; every other fault is proved on the lab's own deployment. */
    private static Map<String, List<String>> ec2FastApiChaos() {
        Map<String, List<String>> suites = new LinkedHashMap<>();
        suites.put(PACKAGE + "ec2fastapi.Ec2FastApiChaosScenario", Arrays.stream(FaultKind.values())
                .filter(k -> k != FaultKind.VENV_INACTIVE).map(FaultKind::id).toList());
        suites.put(PACKAGE + "ec2fastapi.VenvChaosScenario", List.of(FaultKind.VENV_INACTIVE.id()));
        return suites;
    }

    public static List<Lab> labs() {
        return LABS;
    }

    public static Optional<Lab> find(String id) {
        return LABS.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The labs whose scenario can read this document. */
    public static List<Lab> recognizing(LabDocument document) {
        return LABS.stream().filter(l -> l.recognizes().test(document)).toList();
    }

    /** The document a lab's scenario reads: the one named by {@link #DOCUMENT_PROPERTY}, else its seed. */
    public static LabDocument document(Lab lab) {
        String override = System.getProperty(DOCUMENT_PROPERTY, "");
        if (!override.isBlank()) {
            return LabDocument.read(Path.of(override));
        }
        return SeedLabs.read(lab.seed());
    }

    public static LabDocument document(String labId) {
        return document(find(labId).orElseThrow(() -> new IllegalArgumentException("no lab " + labId)));
    }
}
