// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Diagnostic;
import java.util.List;

/**
 * What one step did.
 *
 * @param step the step
 * @param task the task current on the step's CPU when it ran ("" for machine-level steps)
 * @param outcome the call's result in words ("" when there is nothing to say)
 * @param events the event log lines the step caused
 * @param diagnostics the diagnostics it raised
 * @param failed whether the step did not do what the scenario asked (a BUG, a refusal, a failed
 *     expect)
 */
record StepResult(Step step, String task, String outcome, List<String> events,
    List<Diagnostic> diagnostics, boolean failed) {
  StepResult {
    events = List.copyOf(events);
    diagnostics = List.copyOf(diagnostics);
  }
}
