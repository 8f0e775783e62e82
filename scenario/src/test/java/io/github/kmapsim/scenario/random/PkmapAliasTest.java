// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.Arg;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A kunmap()ped pkmap entry is still an alias on a VIVT cache: {@code kunmap_high()} flushes
 * nothing, so the lines written through it stay dirty until {@code flush_all_zero_pkmaps()}.
 * Without {@code kmap_high_get()} (sparc) a kmap_local of the page before that flush reads stale
 * memory, so the workload's model must not offer it (found by {@code kmapsim stress --arch sparc
 * --ops 1000000 --seed 5}, step 810378).
 */
class PkmapAliasTest {
  private static final int[] HOMES = {0};
  private static final long VALUE = 0x7fa281121abc2bdbL;

  private static Machine machine(String variant) {
    return KmapSim.newMachine(MachineConfig.preset(variant).toBuilder().cpus(1).build());
  }

  /** kmap, write and kunmap of highmem+5; then, after {@code between}, kmap_local and a read. */
  private static List<Statement> program(Statement... between) {
    List<Statement> ss = new ArrayList<>(List.of(
        Statement.of(0, null, Verb.SCHEDULE, new Arg.TaskArg("t0")),
        Statement.of(0, "p", Verb.KMAP, Arg.PageArg.highmem(5)),
        Statement.of(0, null, Verb.WRITE, new Arg.Ref("p", 0xff8), new Arg.Value(VALUE)),
        Statement.of(0, null, Verb.KUNMAP, new Arg.Ref("p", 0))));
    ss.addAll(List.of(between));
    ss.add(Statement.of(0, "a", Verb.KMAP_LOCAL_PAGE, Arg.PageArg.highmem(5)));
    ss.add(Statement.of(0, null, Verb.READ, new Arg.Ref("a", 0xff8), new Arg.Value(VALUE)));
    return ss;
  }

  /** Whether every statement runs on a fresh machine of the variant without a failed step. */
  private static boolean runs(String variant, List<Statement> ss) {
    Machine m = machine(variant);
    m.createTask("t0", HOMES[0]);
    ScenarioRun run = ScenarioRun.on(m, false);
    for (Statement s : ss) {
      if (run.execute(s).failed()) {
        return false;
      }
    }
    return true;
  }

  @Test
  void sparcGetsNoLocalMapOfAPageWhoseUnflushedPkmapEntryMayHoldDirtyLines() {
    List<Statement> ss = program();
    Optional<String> why = RandomWorkload.illegal(machine("sparc"), HOMES, ss);
    assertTrue(why.isPresent() && why.get().contains("kmap_local_page")
        && why.get().contains("second alias"), why.toString());
    // the refusal is the hardware's behaviour: the local alias misses the pkmap alias's lines
    assertFalse(runs("sparc", ss), "the read through the second VIVT alias is stale");
  }

  @Test
  void kmapFlushUnusedFreesTheEntryAndTheLocalMapIsOfferedAgain() {
    List<Statement> ss = program(Statement.of(0, null, Verb.KMAP_FLUSH_UNUSED));
    assertEquals(Optional.empty(), RandomWorkload.illegal(machine("sparc"), HOMES, ss));
    assertTrue(runs("sparc", ss), "flush_cache_kmaps() wrote the pkmap alias's lines back");
  }

  @Test
  void kmapHighGetReusesThePkmapAddressSoArmVivtAndPipTCachesNeedNoFlush() {
    for (String variant : List.of("arm-vivt", "x86")) {
      List<Statement> ss = program();
      assertEquals(Optional.empty(), RandomWorkload.illegal(machine(variant), HOMES, ss), variant);
      assertTrue(runs(variant, ss), variant);
    }
  }
}
