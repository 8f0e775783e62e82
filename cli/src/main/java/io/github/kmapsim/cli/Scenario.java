package io.github.kmapsim.cli;

import io.github.kmapsim.api.MachineConfig;
import java.util.List;

/**
 * A parsed scenario: the machine, its tasks (name and home CPU, with their source lines) and
 * the steps, in file order.
 */
record Scenario(MachineConfig config, int machineLine, List<TaskDecl> tasks, List<Step> steps) {
  Scenario {
    tasks = List.copyOf(tasks);
    steps = List.copyOf(steps);
  }

  /** {@code task NAME cpu=N} at {@code line}; {@code cpuColumn} locates N. */
  record TaskDecl(String name, int cpu, int line, int cpuColumn) {}
}
