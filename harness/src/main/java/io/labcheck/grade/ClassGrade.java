package io.labcheck.grade;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.ec2.Ec2Client;

/** A class graded at once: every server of a roster, at most {@code parallel} at a time, each on its own scorecard. */
public final class ClassGrade {

    /** One server's scorecard and how long its grading took. */
    public record Graded(Roster.Server server, Grader.Scorecard card, Duration took) {}

    /** Every server's result, in the roster's order, and the wall time of the whole class. */
    public record Outcome(List<Graded> graded, Duration wall, int parallel) {
        public boolean allFull() {
            return graded.stream().allMatch(g -> g.card().full());
        }

        /** The {@code p}th percentile of the per-server times. */
        public Duration percentile(int p) {
            List<Duration> sorted = graded.stream().map(Graded::took).sorted().toList();
            int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }
    }

    public static Outcome grade(List<Expectation> expectations, Roster roster, int sshPort, Ec2Client ec2, int parallel,
                                io.labcheck.ssh.KnownHosts knownHosts) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        long t0 = System.nanoTime();
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, roster.servers().size()), r -> {
            Thread t = new Thread(r, "labcheck-grade-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Graded>> futures = new ArrayList<>();
            for (Roster.Server s : roster.servers()) {
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    Grader.Scorecard card = Grader.grade(expectations, new Grader.Target(s.host(), sshPort, s.key(), s.user(), ec2,
                            knownHosts));
                    return new Graded(s, card, Duration.ofNanos(System.nanoTime() - start));
                }));
            }
            List<Graded> graded = new ArrayList<>();
            for (Future<Graded> f : futures) {
                // each grading is bounded by its own probes' bounds (ssh login, HTTP, the diagnosis's 60 s)
                graded.add(f.get());
            }
            return new Outcome(List.copyOf(graded), Duration.ofNanos(System.nanoTime() - t0), parallel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while grading the class", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("grading a server failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private ClassGrade() {}
}
