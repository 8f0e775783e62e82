// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * Scenarios of kernel calls on a kmapsim machine ({@code io.github.kmapsim.scenario}: statements,
 * parser, runner), the explorer of their schedules ({@code
 * io.github.kmapsim.scenario.explore}), their reports ({@code io.github.kmapsim.scenario.report}: the kernel-style log,
 * JSON, Chrome trace events) and a seeded random workload that writes scenarios ({@code
 * io.github.kmapsim.scenario.random}). It uses the API and the core's factory only.
 */
module io.github.kmapsim.scenario {
  requires transitive io.github.kmapsim.core;

  exports io.github.kmapsim.scenario;
  exports io.github.kmapsim.scenario.report;
  exports io.github.kmapsim.scenario.random;
  exports io.github.kmapsim.scenario.explore;
}
