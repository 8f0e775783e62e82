// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.Diagnostic;
import java.util.List;

/**
 * What one statement did.
 *
 * @param statement the statement
 * @param task the task current on the statement's CPU when it ran, with its context when that is
 *     not the task's own ({@code net [hardirq]}); empty for machine-level statements
 * @param outcome what the call returned or did
 * @param events the kernel-style event lines it caused (empty when the run keeps no log)
 * @param diagnostics the diagnostics it raised
 */
public record StepResult(Statement statement, String task, Outcome outcome, List<String> events,
    List<Diagnostic> diagnostics) {
  public StepResult {
    events = List.copyOf(events);
    diagnostics = List.copyOf(diagnostics);
  }

  /** Whether the statement did not do what the scenario asked ({@link Outcome#failed()}). */
  public boolean failed() {
    return outcome.failed();
  }
}
