package io.labcheck.junit;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Rule;
import io.labcheck.fault.FaultKind;
import io.labcheck.host.ContainerHosts;
import io.labcheck.lab.LabDocumentException;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.Sidecar;
import io.labcheck.report.DocumentFinding;
import io.labcheck.report.KnownDefectException;
import io.labcheck.run.LabChaos;
import io.labcheck.run.LabRun;
import io.labcheck.run.NotRunnableHere;
import io.labcheck.run.RunSettings;
import io.labcheck.run.RunnableLab;
import io.labcheck.run.StepResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestReporter;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** The dynamic tests of one lab: a test per step, then the lab's deployment diagnosed healthy, then each fault. */
final class LabTests {
    static final String FAULTS = "labcheck.faults";
    static final String RULES_DISABLED = "labcheck.rules.disabled";
    static final String REPEAT = "labcheck.chaos.repeat";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunnableLab lab;
    private final Cloud cloud;
    private final LabContext context;
    private final TestReporter reporter;
    private LabRun run;
    private LabChaos chaos;
    private String noChaos;

    LabTests(RunnableLab lab, Cloud cloud, LabContext context, TestReporter reporter) {
        this.lab = lab;
        this.cloud = cloud;
        this.context = context;
        this.reporter = reporter;
    }

    Stream<DynamicNode> tests() {
        reporter.publishEntry("lab id", lab.id());
        // a fault or rule the settings name that does not exist fails here, before anything is deployed
        Set<FaultKind> selected = selectedFaults();
        Set<Rule> off = EnumSet.complementOf(enabledRules());
        if (!off.isEmpty()) {
            System.out.println("[mutation] diagnosis rules disabled: " + off.stream().map(Rule::code).toList());
        }
        LabPlan plan;
        Sidecar sidecar;
        try {
            plan = lab.plan().get();
            sidecar = lab.sidecar().get();
        } catch (LabDocumentException e) {
            return Stream.of(dynamicTest("read " + lab.origin(), () -> {
                throw new AssertionFailedError(e.getMessage());
            }));
        }
        ContainerHosts hosts = hosts();
        reporter.publishEntry(Map.of("cloud provider", cloud.provider().id(), "host kind", hosts == null ? "none" : "container"));
        if (hosts != null) {
            reporter.publishEntry("host image", hosts.image().describe());
        }
        try {
            run = new LabRun(plan, sidecar, cloud, RunSettings.defaults());
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the lab's run (workstation sandbox, fixture repositories): "
                    + e.getMessage(), e);
        }
        List<DynamicNode> tests = new ArrayList<>();
        for (LabStep step : plan.steps()) {
            tests.add(dynamicTest(step.number() + ". " + title(step), () -> step(step)));
        }
        tests.add(dynamicTest("what the run bound and found", this::afterSteps));
        if (!selected.isEmpty()) {
            tests.add(dynamicTest("the deployment, healthy: the diagnosis finds nothing", () -> healthy(hosts)));
            for (FaultKind kind : selected) {
                tests.add(dynamicTest(kind.id() + ": " + kind.description(), () -> fault(List.of(kind))));
            }
            if (selected.contains(FaultKind.OUT_OF_MEMORY) && plan.troubleshooting().stream().anyMatch(t -> t.fixCommands()
                    .stream().anyMatch(c -> c.text().contains("swapon")))) {
                tests.add(dynamicTest("out-of-memory: the document's swap fix helps", this::swapFix));
            }
            // two causes of one symptom at once, each to be named: the app unreachable (bound to loopback, port
            // closed), the site unreachable (its name elsewhere, its container down)
            for (List<FaultKind> pair : List.of(List.of(FaultKind.LOOPBACK_BIND, FaultKind.APP_PORT_CLOSED),
                    List.of(FaultKind.CONTAINER_EXITED, FaultKind.DNS_STALE))) {
                if (selected.containsAll(pair)) {
                    tests.add(dynamicTest("two at once: " + pair.get(0).id() + " + " + pair.get(1).id(), () -> fault(pair)));
                }
            }
        }
        return tests.stream().onClose(this::close);
    }

    /** The author's name for the step, else what it does; its section is in its evidence. */
    static String title(LabStep step) {
        String prefix = step.section() + ": ";
        String what = step.name().startsWith(prefix) ? step.summary() : step.name();
        return what.length() > 90 ? what.substring(0, 87) + "..." : what;
    }

    private ContainerHosts hosts() {
        return cloud instanceof EmbeddedCloud e ? e.attachment(ContainerHosts.class).orElse(null) : null;
    }

    private void step(LabStep step) {
        StepResult r = run.execute(step);
        r.evidence().forEach(e -> context.publish(e.key(), e.value()));
        switch (r.status()) {
            case PASSED -> { }
            case FAILED -> throw new AssertionFailedError("step " + step.number() + " failed: " + r.reason());
            case SKIPPED, NOT_RUNNABLE -> throw new TestAbortedException(r.reason());
            case KNOWN_DEFECT -> throw new KnownDefectException(r.reason());
        }
    }

    private void afterSteps() {
        run.bindings().forEach((placeholder, value) -> context.publish("binding", placeholder + " -> " + value));
        for (String f : run.findings()) {
            publishLab("document finding", new DocumentFinding("document-omission", f, List.of(run.findingAt(f)
                    .map(s -> new DocumentFinding.Place(run.plan().name() + ": " + s.section(), s.at().line()))
                    .orElse(new DocumentFinding.Place(run.plan().name(), null)))));
        }
        run.app().ifPresent(app -> context.publish("deployment", "app on port " + app.port() + " ("
                + String.join(", ", app.listeners()) + "), started by " + (app.unit().isEmpty() ? app.command()
                : "the systemd unit " + app.unit()) + (app.venv().isEmpty() ? "" : ", venv " + app.venv())));
        List<String> unseen = run.unseenDefects().stream().map(d -> "'" + d.finding() + "' at '" + d.step() + "'").toList();
        if (!unseen.isEmpty()) {
            throw new AssertionFailedError("the lab's sidecar declares known defects the run did not show: "
                    + String.join(", ", unseen) + " (a document that was fixed, or a step the run no longer reaches: remove"
                    + " the declaration, or see which step stopped the run)");
        }
        run.firstFailure().ifPresent(s -> {
            throw new TestAbortedException("the lab stopped at step " + s.number());
        });
    }

    private void healthy(ContainerHosts hosts) {
        if (run.firstFailure().isPresent()) {
            noChaos = "the lab's steps did not all pass (step " + run.firstFailure().get().number() + ")";
        } else {
            try {
                chaos = LabChaos.of(run, hosts, enabledRules(), context.parameter(REPEAT).map(Integer::parseInt).orElse(3));
            } catch (NotRunnableHere e) {
                noChaos = e.getMessage();
            }
        }
        if (chaos == null) {
            throw new TestAbortedException("no faults: " + noChaos);
        }
        Diagnosis.Report report = chaos.diagnose();
        report.observations().probes().forEach(p -> context.publish("probe", p.toString()));
        report.observations().evidence().forEach(e -> context.publish("evidence", e));
        if (!report.healthy()) {
            throw new AssertionFailedError("the deployment is not shown healthy: " + report.summary() + "\nevidence: "
                    + report.observations().evidence());
        }
    }

    private void fault(List<FaultKind> kinds) {
        if (chaos == null) {
            throw new TestAbortedException("no faults: " + noChaos);
        }
        for (FaultKind k : kinds) {
            chaos.notApplicable(k).ifPresent(why -> {
                throw new TestAbortedException(k.id() + " does not apply to this deployment: " + why);
            });
        }
        chaos.cycle(kinds, cycle -> {
            cycle.probes().forEach(p -> context.publish("probe", p));
            publishLab("fault", cycle.result());
            cycle.documentFindings().forEach(f -> publishLab("document finding", f));
        });
    }

    private void swapFix() {
        if (chaos == null) {
            throw new TestAbortedException("no faults: " + noChaos);
        }
        try {
            chaos.proveSwapFix().forEach(line -> {
                if (line.startsWith("substitute: ")) {
                    context.publish("substitute", line.substring("substitute: ".length()));
                } else {
                    context.publish("check", line);
                }
            });
        } catch (NotRunnableHere e) {
            throw new TestAbortedException(e.getMessage());
        } catch (io.labcheck.run.StepFailure e) {
            throw new AssertionFailedError(e.getMessage());
        }
    }

    private void publishLab(String key, Object value) {
        try {
            reporter.publishEntry(key, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + key + " entry as JSON", e);
        }
    }

    private Set<FaultKind> selectedFaults() {
        return faults(context.parameter(FAULTS).orElse("all"));
    }

    private EnumSet<Rule> enabledRules() {
        return rulesWithout(context.parameter(RULES_DISABLED).orElse(""));
    }

    /** The faults {@code spec} selects: {@code all}, {@code none} or fault ids, comma-separated; an unknown id is an error. */
    static Set<FaultKind> faults(String spec) {
        if (spec.strip().equals("none")) {
            return Set.of();
        }
        if (spec.strip().equals("all")) {
            return new LinkedHashSet<>(Arrays.asList(FaultKind.values()));
        }
        return ids(spec).stream().map(id -> known(FAULTS, "fault", id, FaultKind.values(), FaultKind::id))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Every rule but those {@code disabled} names by code, comma-separated; an unknown code is an error. */
    static EnumSet<Rule> rulesWithout(String disabled) {
        EnumSet<Rule> on = EnumSet.allOf(Rule.class);
        ids(disabled).forEach(code -> on.remove(known(RULES_DISABLED, "diagnosis rule", code, Rule.values(), Rule::code)));
        return on;
    }

    private static List<String> ids(String spec) {
        return Arrays.stream(spec.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The constant whose id is {@code id}, or an error that names the setting, the unknown id and the known ones. */
    private static <T> T known(String setting, String what, String id, T[] values, Function<T, String> idOf) {
        return Arrays.stream(values).filter(v -> idOf.apply(v).equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(setting + ": '" + id + "' is no " + what + "; the known ones are "
                        + Arrays.stream(values).map(idOf).collect(Collectors.joining(", "))));
    }

    private void close() {
        try {
            if (chaos != null) {
                chaos.close();
            }
        } finally {
            if (run != null) {
                run.close();
            }
        }
    }
}
