// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.MachineConfig;
import java.util.List;

/**
 * A parsed scenario: the machine, its tasks (name and home CPU, with their source lines), the
 * steps in file order, and where pages are named (checked against the machine once it is built).
 */
record Scenario(MachineConfig config, int machineLine, List<TaskDecl> tasks, List<Step> steps,
    List<PageRef> pages) {
  Scenario {
    tasks = List.copyOf(tasks);
    steps = List.copyOf(steps);
    pages = List.copyOf(pages);
  }

  /** {@code task NAME cpu=N} at {@code line}; {@code cpuColumn} locates N. */
  record TaskDecl(String name, int cpu, int line, int cpuColumn) {}

  /** A page named as {@code spec} at {@code line}:{@code column}, {@code count} pages from it. */
  record PageRef(String spec, long count, int line, int column) {}
}
