package io.labcheck.diagnose;

import java.util.Objects;

/**
 * One look the diagnosis took and what came of it. A probe that did not answer is never read as health: the verdict
 * then says what could not be checked and why ({@link Diagnosis.Verdict#INCOMPLETE}).
 *
 * @param name        what was looked at, as a student would say it ("port 22 from outside")
 * @param outcome     whether it answered
 * @param showsHealth for an answer: whether what it saw is what a working deployment shows; a look that only gathers
 *                    context (the app's log, the biggest process) always does
 * @param detail      what it saw, or why it could not look
 */
public record Probe(String name, Outcome outcome, boolean showsHealth, String detail) {

    /** How a probe ended. */
    public enum Outcome {
        ANSWERED("answered"),
        FAILED("failed"),
        TIMED_OUT("timed out"),
        /** not tried, because what it needs was missing (no address, no login): the detail says what */
        NOT_RUN("not run"),
        /** left out by choice (no cloud credentials were given): said in the report, and no bar to health */
        SKIPPED("skipped");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    public Probe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail.strip();
    }

    static Probe answered(String name, boolean showsHealth, String detail) {
        return new Probe(name, Outcome.ANSWERED, showsHealth, detail);
    }

    /** A look that gathers context only: its answer is never a sign of trouble by itself. */
    static Probe context(String name, String detail) {
        return new Probe(name, Outcome.ANSWERED, true, detail);
    }

    static Probe failed(String name, String why) {
        return new Probe(name, Outcome.FAILED, false, why);
    }

    static Probe skipped(String name, String why) {
        return new Probe(name, Outcome.SKIPPED, true, why);
    }

    static Probe notRun(String name, String why) {
        return new Probe(name, Outcome.NOT_RUN, false, why);
    }

    public boolean answered() {
        return outcome == Outcome.ANSWERED;
    }

    /** Answered, or left out by choice: either way it does not stand between the probes and a verdict of health. */
    public boolean settled() {
        return outcome == Outcome.ANSWERED || outcome == Outcome.SKIPPED;
    }

    @Override
    public String toString() {
        return name + ": " + (answered() ? (showsHealth ? "ok" : "PROBLEM") : outcome.toString())
                + (detail.isEmpty() ? "" : ": " + detail);
    }
}
