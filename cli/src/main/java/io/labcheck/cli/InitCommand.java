package io.labcheck.cli;

import io.labcheck.lab.AnnotatedCopy;
import io.labcheck.lab.LabPlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Writes an annotated copy of a lab document as a starting point: above each step an HTML"
                + " comment (invisible when rendered) with its name and where it runs, e.g."
                + " <!-- labcheck: name=\"start the app\" runs=server -->. Edit them, add checks"
                + " (check=http url=... status=200, check=port port=8000 address=0.0.0.0, check=mode path=key.pem"
                + " mode=400), skip or expect=\"...\", then point plan and lint at the copy."},
        footer = {"", "Examples:", "  ./labcheck init lab.md                 # writes lab.labcheck.md here",
                "  ./labcheck init lab.md -o annotated.md --force"})
final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "the lab document")
    Path document;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write the copy (default: <name>.labcheck.md in the current directory)")
    Path output;

    @Option(names = "--force", description = "overwrite the output file if it exists")
    boolean force;

    @Override
    public Integer call() throws IOException {
        LabPlan plan = LabDocuments.plan(document);
        Path target = output != null ? output
                : Path.of(document.getFileName().toString().replaceFirst("\\.(md|txt|markdown)$", "") + ".labcheck.md");
        if (Files.exists(target) && !force) {
            throw new Labcheck.UserError(target + " already exists: pass --force to overwrite it, or -o another file");
        }
        String markdown = Files.readString(document, StandardCharsets.UTF_8);
        Files.writeString(target, AnnotatedCopy.of(plan, markdown), StandardCharsets.UTF_8);
        System.out.println("wrote " + target + ": " + plan.steps().size() + " steps annotated; edit the"
                + " <!-- labcheck: ... --> comments, then run ./labcheck plan " + target);
        return Labcheck.PASSED;
    }
}
