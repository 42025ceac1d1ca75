package io.labcheck.cli;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.PlanJson;
import io.labcheck.lab.PlanText;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Reads a lab document (Markdown, also saved as .txt) and prints its step plan: each step's"
                + " section, where it runs (workstation, server, cloud, browser), its commands or console action,"
                + " what the document says should come out, then the troubleshooting entries."},
        footer = {"", "Examples:", "  ./labcheck plan ../shared/seeds/001_3c50021fb78c7afb.txt",
                "  ./labcheck plan lab.md --json > plan.json"})
final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "the lab document")
    Path document;

    @Option(names = "--json", description = "print the plan as JSON")
    boolean json;

    @Override
    public Integer call() {
        LabPlan plan = LabDocuments.plan(document);
        System.out.print(json ? PlanJson.render(plan) + "\n" : PlanText.render(plan));
        return Labcheck.PASSED;
    }
}
