package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;

import java.util.List;

/** One cross-step check over a plan. */
interface LintRule {
    List<LintFinding> check(LabPlan plan);
}
