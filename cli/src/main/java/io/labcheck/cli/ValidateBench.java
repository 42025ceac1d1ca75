package io.labcheck.cli;

import io.labcheck.report.Lab;
import io.labcheck.report.Results;
import io.labcheck.report.ResultsReader;
import io.labcheck.report.ResultsWriter;
import io.labcheck.report.Step;
import io.labcheck.scenarios.Catalog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code labcheck validate} of each lab, in this JVM, timed whole: its cloud, boot, steps, faults and reports. The
 * floor is the document's own steps as the run timed them (what typing the document takes, its checks included), so
 * the ratio is what the rest costs: mostly the fault cycles. The JVM's peak memory is read after the last lab.
 */
final class ValidateBench {
    private final int runs;
    private final List<String> labs;

    /** {@code labs} empty: every lab {@code validate all} runs. */
    ValidateBench(int runs, List<String> labs) {
        this.runs = runs;
        this.labs = labs.isEmpty() ? Catalog.labs().stream().map(Catalog.Lab::id).toList() : List.copyOf(labs);
    }

    List<Measure> measure() throws IOException {
        List<Measure> measures = new ArrayList<>();
        double[] total = new double[runs];
        double[] totalFloor = new double[runs];
        Path dir = Files.createTempDirectory("labcheck-bench-validate-");
        for (String lab : labs) {
            if (Catalog.find(lab).isEmpty()) {
                throw new Labcheck.UserError("'" + lab + "' is not a lab: labs are " + Catalog.labs().stream()
                        .map(Catalog.Lab::id).toList());
            }
            double[] wall = new double[runs];
            double[] steps = new double[runs];
            for (int n = 0; n < runs; n++) {
                Path out = dir.resolve(lab + "-" + n);
                long t0 = System.nanoTime();
                int exit = Labcheck.commandLine().execute("validate", lab, "--report-dir", out.toString());
                wall[n] = (System.nanoTime() - t0) / 1e6;
                Results results = new ResultsReader().read(out.resolve(ResultsWriter.FILE_NAME));
                // the document's own steps (each runs somewhere); the rest of the suite is its faults and checks. A
                // hand-written suite says of no step where it runs: all of its tests are its steps
                List<Step> all = results.labs().stream().flatMap(l -> l.steps().stream()).toList();
                boolean placed = all.stream().anyMatch(x -> x.runsOn() != null);
                steps[n] = all.stream().filter(x -> !placed || x.runsOn() != null).mapToLong(Step::durationMs).sum();
                if (exit != Labcheck.PASSED) {
                    System.out.println("(validate " + lab + " did not pass: its time still counts; see " + out + ")");
                } else {
                    io.labcheck.run.Directories.deleteTree(out); // a passing run's reports are not needed
                }
                if (results.labs().stream().allMatch(l -> l.steps().isEmpty())) {
                    System.out.println("(validate " + lab + " ran no step: " + results.labs().stream().map(Lab::status)
                            .map(Object::toString).findFirst().orElse("no lab in its results") + ")");
                }
                total[n] += wall[n];
                totalFloor[n] += steps[n];
            }
            measures.add(new Measure("validate " + lab, "labcheck validate, whole (cloud, boot, steps, faults, reports)",
                    wall, "the document's steps alone, as the run timed them (no faults)", steps));
        }
        if (labs.size() > 1) {
            measures.add(new Measure("validate, in total", "the labs one after another", total,
                    "their documents' steps alone", totalFloor));
        }
        System.out.println("(" + peakMemory() + ")");
        dir.toFile().delete(); // gone when every run passed; a failed run's reports stay, named above
        return measures;
    }

    /** This JVM's peak resident memory (the kernel's high-water mark) and the heap's peak, what validate used. */
    static String peakMemory() {
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(u -> u == null ? 0 : u.getUsed()).sum();
        return "the harness JVM's peak memory: resident " + residentPeak().map(kb -> kb / 1024 + " MiB").orElse("unknown")
                + ", heap " + heapPeak / (1024 * 1024) + " MiB";
    }

    /** VmHWM from /proc/self/status, in KiB; empty where there is no such file. */
    static Optional<Long> residentPeak() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII).stream()
                    .filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
