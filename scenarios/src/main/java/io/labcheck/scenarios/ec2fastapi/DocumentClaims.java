package io.labcheck.scenarios.ec2fastapi;

import io.labcheck.fault.DocumentedFaults;
import io.labcheck.fault.FaultKind;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.SeedLabs;
import io.labcheck.lab.TroubleshootingEntry;
import io.labcheck.report.DocumentFinding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What seed 000's troubleshooting section says a student sees for each fault, held against what really
 * happened when it was injected. A symptom that differs is a finding about the document, placed at the
 * problem (quoting the document's symptom lines) and at the cause that names the fault.
 */
final class DocumentClaims {
    static final String TROUBLESHOOTING_LAB = "000_e487fc6f44fbae74.txt";

    private final List<TroubleshootingEntry> section =
            LabPlan.read(SeedLabs.directory().resolve(TROUBLESHOOTING_LAB)).troubleshooting();

    /** Whether the document describes this fault with a symptom to compare. */
    boolean describes(FaultKind kind) {
        return place(kind).isPresent();
    }

    /** Prints the comparison; returns a finding when the document's symptom is not what was observed. */
    Optional<DocumentFinding> compare(FaultKind kind, String observed) {
        Optional<DocumentedFaults.Place> place = place(kind);
        if (place.isEmpty()) {
            return Optional.empty();
        }
        TroubleshootingEntry entry = place.get().entry();
        String claimed = claimedSymptom(entry).replaceAll("\\s+", " ");
        boolean agrees = observed.toLowerCase(Locale.ROOT).contains(claimed.toLowerCase(Locale.ROOT));
        System.out.println("[document] " + (agrees ? "agrees   " : "DIFFERS  ") + kind.id() + ": seed 000 \""
                + entry.problem() + "\" (line " + entry.at().line() + ") says \"" + claimed + "\"; really: " + observed);
        if (agrees) {
            return Optional.empty();
        }
        List<DocumentFinding.Place> places = new ArrayList<>();
        places.add(new DocumentFinding.Place(TROUBLESHOOTING_LAB + ": " + entry.problem(), entry.at().line(),
                entry.symptom().strip()));
        if (place.get().cause() != null) {
            places.add(new DocumentFinding.Place(TROUBLESHOOTING_LAB + ": " + entry.problem() + " / "
                    + place.get().cause().title(), place.get().cause().line(), null));
        }
        return Optional.of(new DocumentFinding("symptom-differs", kind.id() + ": the document says \"" + claimed
                + "\"; really: " + observed, places));
    }

    private Optional<DocumentedFaults.Place> place(FaultKind kind) {
        // Which problem describes the fault is read from the section itself (its causes' commands and words).
        return DocumentedFaults.find(kind, section).filter(p -> !p.entry().symptom().isBlank());
    }

    /** What a troubleshooting entry says the user sees: its symptom without the command that shows it. */
    static String claimedSymptom(TroubleshootingEntry entry) {
        return entry.symptom().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("$"))
                .collect(Collectors.joining(" "));
    }
}
