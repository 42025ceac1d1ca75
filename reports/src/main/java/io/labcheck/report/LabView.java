package io.labcheck.report;

import java.util.List;

/** One lab's part of the report: its status, step timeline, fault matrix and document findings. */
record LabView(String anchor, String id, String title, Badge status, String reason, Counts counts,
               List<StepView> steps, FaultMatrix faults, List<FindingView> findings, List<Entry> entries) {

    /** A status as the page shows it: a CSS class (passed, failed, skipped) and the word. */
    record Badge(String state, String label) {
        static Badge of(StepStatus status) {
            String state = status.state().json();
            return new Badge(state, state.toUpperCase(java.util.Locale.ROOT));
        }
    }

    static LabView of(Lab lab, int number) {
        long longest = lab.steps().stream().mapToLong(Step::durationMs).max().orElse(0);
        List<StepView> steps = lab.steps().stream().map(step -> StepView.of(step, longest)).toList();
        List<FindingView> findings = lab.documentFindings().stream().map(FindingView::of).toList();
        Counts counts = Counts.of(lab);
        StepStatus shown = LabStatus.shown(lab);
        return new LabView("lab-" + number, lab.id(), lab.title().isBlank() ? lab.id() : lab.title(),
                Badge.of(shown), shown.reason(), counts, steps,
                lab.faults().isEmpty() ? null : FaultMatrix.of(lab.faults()), findings, lab.entries());
    }

    public boolean hasSteps() {
        return !steps.isEmpty();
    }

    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    public boolean hasEntries() {
        return !entries.isEmpty();
    }

    public int entryCount() {
        return entries.size();
    }

    /** One document finding with its places in the document and the lines quoted from there. */
    record FindingView(String code, String message, List<PlaceView> places) {
        static FindingView of(DocumentFinding finding) {
            return new FindingView(finding.code(), finding.message(), finding.places().stream().map(PlaceView::of).toList());
        }
    }

    record PlaceView(String where, String quote) {
        static PlaceView of(DocumentFinding.Place place) {
            String where = Places.where(place);
            return new PlaceView(where == null ? "place not known" : where, place.quote());
        }
    }
}
