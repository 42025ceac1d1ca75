package io.labcheck.report;

import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs fixture classes through a real Launcher, as Surefire would: the listener comes in through
 * META-INF/services, not by hand, so its registration is tested too.
 */
final class LauncherRuns {
    private LauncherRuns() {
    }

    static TestExecutionSummary run(Path resultsDir, Class<?>... classes) {
        LauncherDiscoveryRequest request = request()
                .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
                .configurationParameter(ResultsListener.RESULTS_DIR, resultsDir.toString())
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, summary);
        return summary.getSummary();
    }
}
