// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Arg;
import io.github.kmapsim.scenario.Outcome;
import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.StepResult;
import io.github.kmapsim.scenario.Verb;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CONFIG_PREEMPT_RT (include/linux/highmem-internal.h, kmap_atomic_prot and __kunmap_atomic):
 * kmap_atomic disables migration and page faults, not preemption, so its section may be
 * preempted but not migrated; without PREEMPT_RT it may be neither. The explorer follows: it
 * preempts a kmap_atomic section only on PREEMPT_RT.
 */
class PreemptRtTest {

  private static List<StepResult> run(String machine, String... steps) {
    List<String> lines = new ArrayList<>(List.of(machine, "task t cpu=0", "task u cpu=0",
        "cpu0: schedule t", "cpu0: a = kmap_atomic highmem+0"));
    lines.addAll(List.of(steps));
    ScenarioRun run = ScenarioRun.boot(Scenario.parse(lines));
    List<StepResult> out = new ArrayList<>();
    run.runAll(out::add);
    return out;
  }

  @Test
  void kmapAtomicDisablesMigrationNotPreemptionOnPreemptRt() {
    List<String> lines = List.of("machine arch=x86 cpus=2 preempt-rt", "task t cpu=0",
        "cpu0: schedule t", "cpu0: a = kmap_atomic highmem+0");
    ScenarioRun run = ScenarioRun.boot(Scenario.parse(lines));
    run.runAll(r -> { });
    Task t = run.machine().task("t");
    assertEquals(0, t.preemptCount());
    assertEquals(1, t.pagefaultDisabled());
    assertEquals(2, t.migrationDisabled(), "kmap_atomic's and __kmap_local_pfn_prot's");
    assertFalse(run.execute(Statement.of(0, null, Verb.KUNMAP_ATOMIC, new Arg.Ref("a", 0)))
        .failed());
    assertEquals(0, t.pagefaultDisabled());
    assertEquals(0, t.migrationDisabled());
    assertEquals(0, t.preemptCount());
  }

  @Test
  void aKmapAtomicSectionIsPreemptibleButPinnedOnPreemptRtAndNeitherWithout() {
    List<StepResult> rt = run("machine arch=x86 cpus=2 preempt-rt", "cpu0: schedule u",
        "migrate t cpu1", "cpu0: schedule t", "cpu0: kunmap_atomic a");
    assertInstanceOf(Outcome.Switched.class, rt.get(2).outcome(), "preempted on RT");
    Outcome.Refused pinned = assertInstanceOf(Outcome.Refused.class, rt.get(3).outcome());
    assertEquals(DiagnosticCode.MIGRATE_DISABLED, pinned.diagnostic().code());
    assertFalse(rt.get(5).failed());
    List<StepResult> plain = run("machine arch=x86 cpus=2", "cpu0: schedule u");
    Outcome.Refused atomic = assertInstanceOf(Outcome.Refused.class, plain.get(2).outcome());
    assertEquals(DiagnosticCode.SCHED_WHILE_ATOMIC, atomic.diagnostic().code());
  }

  @Test
  void theExplorerPreemptsAKmapAtomicSectionOnlyOnPreemptRt() {
    String body = """
        task a cpu=0
        task b cpu=0
        a: x = kmap_atomic highmem+0
        a: write x 1
        a: kunmap_atomic x
        b: y = kmap_local_page highmem+1
        b: kunmap_local y
        """;
    assertFalse(preemptedInside("machine arch=x86 cpus=1\n" + body));
    assertTrue(preemptedInside("machine arch=x86 cpus=1 preempt-rt\n" + body));
  }

  private static boolean preemptedInside(String text) {
    List<List<String>> all = Collections.synchronizedList(new ArrayList<>());
    ExploreReport r = Explorer.explore(Scenario.parse(text.lines().toList()),
        ExploreOptions.bounded(1).reduction(false), all::add);
    assertTrue(r.ok(), r.failures().toString());
    return all.stream().anyMatch(s -> {
      int map = s.indexOf("cpu0: x = kmap_atomic highmem+0");
      int unmap = s.indexOf("cpu0: kunmap_atomic x");
      return s.subList(map, unmap).contains("cpu0: schedule b");
    });
  }
}
