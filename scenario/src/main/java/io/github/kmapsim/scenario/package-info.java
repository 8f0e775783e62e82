// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * Scenarios: a machine, its tasks and the kernel calls each CPU makes, in the order they happen
 * (the format of docs/SCENARIOS.md). {@link io.github.kmapsim.scenario.Scenario#parse} reads one
 * into typed {@link io.github.kmapsim.scenario.Statement}s, each a {@link
 * io.github.kmapsim.scenario.Verb} with its {@link io.github.kmapsim.scenario.Arg}s; {@link
 * io.github.kmapsim.scenario.ScenarioRun} runs them on a machine one at a time and returns, per
 * statement, a typed {@link io.github.kmapsim.scenario.Outcome}, the event lines of {@link
 * io.github.kmapsim.scenario.EventLog} and the diagnostics; {@link
 * io.github.kmapsim.scenario.RunSummary} judges the run against the scenario's {@code expect}
 * lines. The vocabulary is one enum: a new call is a new {@code Verb} constant (its syntax, its
 * execution) and, where it says something new, an {@code Outcome} record (its rendering).
 */
package io.github.kmapsim.scenario;
