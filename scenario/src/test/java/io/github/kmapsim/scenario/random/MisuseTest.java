// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The workload's second mode: a seeded legal program, then exactly one injected misuse of each
 * kind ({@link Misuse}); the legal part never trips a check, the misuse is always flagged with
 * its code. An unflagged program is shrunk (statements of the legal part dropped while it stays
 * legal and the misuse stays unflagged) and printed with its seed.
 */
class MisuseTest {
  private static final int[] HOMES = {0, 1, 0, 1};
  private static final List<String> VARIANTS = List.of("x86", "arm", "xtensa-c2");

  @TestFactory
  Stream<DynamicTest> everyInjectedMisuseIsFlagged() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String variant : VARIANTS) {
      for (long seed = 1; seed <= 3; seed++) {
        for (Misuse kind : Misuse.values()) {
          long s = seed;
          tests.add(DynamicTest.dynamicTest(variant + " seed " + s + " " + kind,
              () -> check(variant, s, kind)));
        }
      }
    }
    return tests.stream();
  }

  private static MachineConfig config(String variant, long seed) {
    return MachineConfig.preset(variant).toBuilder().cpus(2).debugKmapLocal(seed == 2).build();
  }

  private static void check(String variant, long seed, Misuse kind) {
    Machine m = KmapSim.newMachine(config(variant, seed));
    RandomWorkload w = RandomWorkload.on(m, HOMES, seed);
    List<Statement> prefix = new ArrayList<>();
    int length = 50 + (int) (seed * 97 % 300);
    Optional<List<Statement>> injected = Optional.empty();
    for (int tries = 0; tries < 200 && injected.isEmpty(); tries++) {
      while (prefix.size() < length) {
        prefix.add(w.next());
      }
      ScenarioRun run = boot(w, prefix);
      while (run.hasNext()) {
        run.next();
      }
      assertEquals(List.of(), run.machine().diagnostics(), "seed " + seed
          + ": the legal part trips nothing");
      injected = kind.inject(run.machine(), new SplittableRandom(seed));
      length += 7;
    }
    assertTrue(injected.isPresent(), kind + " never possible: seed " + seed);
    List<Statement> misuse = injected.get();
    if (!flagged(w, prefix, misuse, kind)) {
      List<Statement> small = shrink(m, w, prefix, misuse, kind);
      List<Statement> all = new ArrayList<>(small);
      all.addAll(misuse);
      fail(kind + " not flagged (" + kind.code().code() + "), seed " + seed + " on " + variant
          + "; minimal scenario:\n" + w.scenario(all));
    }
  }

  private static ScenarioRun boot(RandomWorkload w, List<Statement> statements) {
    return ScenarioRun.boot(Scenario.parse(w.scenario(statements).lines().toList()), "misuse");
  }

  /** Whether the program with the misuse reports its code, at an injected line. */
  private static boolean flagged(RandomWorkload w, List<Statement> prefix,
      List<Statement> misuse, Misuse kind) {
    List<Statement> all = new ArrayList<>(prefix);
    all.addAll(misuse);
    ScenarioRun run = boot(w, all);
    run.runAll(r -> { });
    int firstInjectedLine = HOMES.length + 2 + prefix.size();
    for (Diagnostic d : run.machine().diagnostics()) {
      if (d.code() == kind.code() && (d.sites().isEmpty()
          || d.sites().stream().anyMatch(s -> s.line() >= firstInjectedLine))) {
        return true;
      }
    }
    return false;
  }

  /** Drops statements of the legal part while it stays legal and the misuse unflagged. */
  private static List<Statement> shrink(Machine m, RandomWorkload w, List<Statement> prefix,
      List<Statement> misuse, Misuse kind) {
    List<Statement> cur = new ArrayList<>(prefix);
    for (int i = cur.size() - 1; i >= 0; i--) {
      List<Statement> less = new ArrayList<>(cur);
      less.remove(i);
      if (RandomWorkload.illegal(m, HOMES, less).isEmpty() && !flagged(w, less, misuse, kind)) {
        cur = less;
      }
    }
    return cur;
  }
}
