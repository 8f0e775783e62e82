// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a scenario run ended, judged against what the scenario expects: the diagnostics it did not
 * expect, the {@code expect CODE [COUNT]} lines that did not come true, the steps that failed for
 * another reason than an expected diagnostic, and the machine's invariant violations.
 *
 * @param expected the scenario's {@code expect} lines
 * @param unexpected diagnostics beyond those expected, in the order reported
 * @param unmet the expectations that did not come true, in words
 * @param failedLines the lines of the steps that did not do what the scenario asked, except those
 *     refused with an expected diagnostic
 * @param violations the invariant violations at the end
 */
public record RunSummary(List<Scenario.Expected> expected, List<Diagnostic> unexpected, List<String> unmet, List<Integer> failedLines,
    List<InvariantViolation> violations) {
  public RunSummary {
    expected = List.copyOf(expected);
    unexpected = List.copyOf(unexpected);
    unmet = List.copyOf(unmet);
    failedLines = List.copyOf(failedLines);
    violations = List.copyOf(violations);
  }

  /** Whether the run went as the scenario expects: nothing unexpected, unmet, failed or broken. */
  public boolean ok() {
    return unexpected.isEmpty() && unmet.isEmpty() && failedLines.isEmpty() && violations.isEmpty();
  }

  /** Everything that did not go as expected, one line each. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    unexpected.forEach(d -> p.add("unexpected " + d.code().code() + ": " + d.message()));
    p.addAll(unmet);
    failedLines.forEach(l -> p.add("line " + l + " did not do what the scenario asked"));
    violations.forEach(v -> p.add("invariant: " + v.format()));
    return p;
  }

  /** Judges a run's steps, its machine's diagnostics and invariants against {@code expected}. */
  static RunSummary of(List<Scenario.Expected> expected, List<Diagnostic> diagnostics,
      List<StepResult> steps, List<InvariantViolation> violations) {
    Map<DiagnosticCode, Integer> allowed = new EnumMap<>(DiagnosticCode.class);
    expected.forEach(e -> allowed.merge(e.code(), e.count(), Integer::sum));
    Map<DiagnosticCode, Integer> seen = new EnumMap<>(DiagnosticCode.class);
    List<Diagnostic> unexpected = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      if (seen.merge(d.code(), 1, Integer::sum) > allowed.getOrDefault(d.code(), 0)) {
        unexpected.add(d);
      }
    }
    List<String> unmet = new ArrayList<>();
    allowed.forEach((code, n) -> {
      int got = seen.getOrDefault(code, 0);
      if (got < n) {
        unmet.add("expected " + code.code() + " (" + code.title() + ") x" + n + ", reported x"
            + got);
      }
    });
    List<Integer> failed = new ArrayList<>();
    for (StepResult r : steps) {
      boolean excused = r.outcome() instanceof Outcome.Refused refused
          && allowed.containsKey(refused.diagnostic().code())
          || r.outcome() instanceof Outcome.RangeRefused cut
          && allowed.containsKey(cut.diagnostic().code());
      if (r.failed() && !excused) {
        failed.add(r.statement().line());
      }
    }
    return new RunSummary(expected, unexpected, unmet, failed, violations);
  }
}
