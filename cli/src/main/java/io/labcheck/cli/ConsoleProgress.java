package io.labcheck.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Progress of a scenario run: each step's verdict as a line, with n of N and the elapsed time. On a
 * terminal the current step also shows on a live line that is redrawn every second, in colour unless
 * {@code NO_COLOR} is set; piped (a CI log), only plain lines, no escape codes.
 */
final class ConsoleProgress implements TestExecutionListener, AutoCloseable {
    record Counts(int passed, int failed, int skipped) {
    }

    private final PrintStream out;
    private final boolean live;
    private final boolean colour;
    private final long startNanos = System.nanoTime();
    private final AtomicLong total = new AtomicLong();
    /** Test factories not yet run: their tests are not known, so N is at least what it shows ("N+"). */
    private final AtomicInteger pendingFactories = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private volatile String current;
    private volatile TestPlan plan;
    private ScheduledExecutorService ticker;

    ConsoleProgress(PrintStream out, boolean terminal, boolean colour) {
        this.out = out;
        this.live = terminal;
        this.colour = terminal && colour;
    }

    /** For this process's own standard output: live when it is a terminal. */
    static ConsoleProgress forStdout(PrintStream out) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new ConsoleProgress(out, terminal, System.getenv("NO_COLOR") == null);
    }

    Counts counts() {
        return new Counts(passed.get(), failed.get(), skipped.get());
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        this.plan = plan;
        total.addAndGet(plan.countTestIdentifiers(TestIdentifier::isTest));
        pendingFactories.set((int) plan.countTestIdentifiers(ConsoleProgress::isFactory));
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "labcheck-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void dynamicTestRegistered(TestIdentifier id) {
        if (id.isTest()) {
            total.incrementAndGet();
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
        if (isLab(id)) {
            print("== " + id.getDisplayName());
        } else if (id.isTest()) {
            current = id.getDisplayName();
            redraw();
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            skipped.incrementAndGet();
            print(verdict("SKIP", done.incrementAndGet(), id.getDisplayName()) + ": " + reason);
        } else {
            // JUnit reports nothing under a skipped container: count its tests (and factories) as done here
            var below = plan == null ? java.util.Set.<TestIdentifier>of() : plan.getDescendants(id);
            int tests = (int) below.stream().filter(TestIdentifier::isTest).count();
            skipped.addAndGet(tests);
            done.addAndGet(tests);
            pendingFactories.addAndGet(-(int) (below.stream().filter(ConsoleProgress::isFactory).count()
                    + (isFactory(id) ? 1 : 0)));
            print(paint("SKIP", "33") + " " + id.getDisplayName() + (tests > 0 ? " (" + tests + " steps)" : "")
                    + ": " + reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long began = started.getOrDefault(id.getUniqueId(), System.nanoTime());
        String took = String.format(Locale.ROOT, "(%.2f s)", (System.nanoTime() - began) / 1e9);
        if (!id.isTest()) {
            if (isFactory(id)) {
                pendingFactories.decrementAndGet();
            }
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                failed.incrementAndGet();
                print(paint("FAIL", "31") + " " + id.getDisplayName() + ": " + message(result.getThrowable()));
            }
            return;
        }
        current = null;
        int n = done.incrementAndGet();
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                passed.incrementAndGet();
                print(verdict("PASS", n, id.getDisplayName()) + " " + took);
            }
            case ABORTED -> {
                skipped.incrementAndGet();
                boolean known = result.getThrowable().filter(io.labcheck.report.KnownDefectException.class::isInstance).isPresent();
                print(verdict(known ? "KNOWN" : "SKIP", n, id.getDisplayName()) + ": " + message(result.getThrowable()));
            }
            case FAILED -> {
                failed.incrementAndGet();
                print(verdict("FAIL", n, id.getDisplayName()) + " " + took + "\n       " + message(result.getThrowable()));
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        close();
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        current = null;
        clearLine();
    }

    private String verdict(String word, int n, String title) {
        String code = switch (word) {
            case "PASS" -> "32";
            case "FAIL" -> "31";
            default -> "33";
        };
        return "[" + n + "/" + total() + " " + elapsed() + "] " + paint(word, code) + " " + title;
    }

    private synchronized void print(String line) {
        clearLine();
        out.println(line);
        redraw();
    }

    /** The live line: the step running now, n of N, the time so far. Nothing when piped. */
    private synchronized void redraw() {
        String step = current;
        if (!live || step == null) {
            return;
        }
        String line = "[" + (done.get() + 1) + "/" + total() + " " + elapsed() + "] " + step;
        int width = terminalWidth();
        if (line.length() > width - 1) {
            line = line.substring(0, Math.max(0, width - 2)) + "…";
        }
        out.print("\r\033[2K" + paint(line, "2"));
        out.flush();
    }

    private synchronized void clearLine() {
        if (live) {
            out.print("\r\033[2K");
            out.flush();
        }
    }

    private String total() {
        return total.get() + (pendingFactories.get() > 0 ? "+" : "");
    }

    private String elapsed() {
        long s = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    private String paint(String text, String code) {
        return colour ? "\033[" + code + "m" + text + "\033[0m" : text;
    }

    private static int terminalWidth() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").strip()));
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    /** A test factory: a method that is a container, whose tests appear only when it runs. */
    private static boolean isFactory(TestIdentifier id) {
        return id.isContainer() && id.getSource().filter(MethodSource.class::isInstance).isPresent();
    }

    /** A test class, or one invocation of a class template (a lab run from its document); not the template itself. */
    private static boolean isLab(TestIdentifier id) {
        return id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent()
                && !id.getUniqueIdObject().getLastSegment().getType().equals("class-template");
    }

    static String message(Optional<Throwable> t) {
        return t.map(e -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip())
                .map(m -> m.lines().findFirst().orElse(m)).orElse("(no detail)");
    }
}
