// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.consumer.scenario;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.StepResult;
import io.github.kmapsim.scenario.random.RandomWorkload;
import io.github.kmapsim.scenario.report.RunReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario with its kernel-style log and a random workload statement by statement, on the
 * module path, and checks that both went as expected. Exits 1 on any failure.
 */
public final class Main {
  private Main() {}

  /** Runs the checks. */
  public static void main(String[] args) {
    List<String> failures = new ArrayList<>();

    ScenarioRun run = ScenarioRun.boot(Scenario.parse(List.of(
        "machine arch=x86 cpus=2",
        "task writer cpu=0",
        "cpu0: schedule writer",
        "cpu0: a = kmap_local_page highmem+0",
        "cpu0: write a 0x5752495445520001",
        "cpu0: read a expect 0x5752495445520001",
        "cpu0: kunmap_local a")));
    RunReport log = new RunReport(new PrintWriter(System.out, true));
    run.runAll(log::step);                             // each statement: its outcome and events
    boolean ok = run.summary().ok();                   // as the scenario expects, invariants hold

    Machine m = KmapSim.newMachine(MachineConfig.preset("x86").toBuilder().cpus(4).build());
    RandomWorkload workload = RandomWorkload.on(m, 8, 1);      // tasks t0..t7, seed 1
    ScenarioRun steps = ScenarioRun.on(m, false);
    for (int i = 0; i < 10_000; i++) {
      StepResult r = steps.execute(workload.next());           // legal by construction
      if (r.failed() || !r.diagnostics().isEmpty()) {
        failures.add("step " + i + ": " + r.statement().render() + ": " + r.outcome().text());
        break;
      }
    }

    expect(failures, ok, "the scenario: " + run.summary().problems());
    expect(failures, m.checkInvariants().isEmpty(), "invariants " + m.checkInvariants());
    expect(failures, ScenarioRun.class.getModule().getName().equals("io.github.kmapsim.scenario"),
        "ScenarioRun is in " + ScenarioRun.class.getModule());
    if (!failures.isEmpty()) {
      failures.forEach(f -> System.out.println("consumer: FAILED " + f));
      System.exit(1);
    }
    System.out.println("consumer: a scenario and 10000 random statements on the module path: OK");
  }

  private static void expect(List<String> failures, boolean ok, String what) {
    if (!ok) {
      failures.add(what);
    }
  }
}
