// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.scenario.RunSummary;
import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explorer: the schedules it runs are exactly those a brute-force enumeration of the
 * preemption-bounded schedules gives; shards are disjoint and together the whole space, merged
 * they give the unsharded report; the same input gives the same report, on any number of
 * threads; the reduction skips schedules but no failure; and the interrupt-nesting race that the
 * fixed order hides is found, its reproducer failing under a plain run.
 */
class ExplorerTest {

  /** Two tasks and an interrupt handler on one CPU: every schedule is benign. */
  private static final String ONE_CPU = """
      machine arch=x86 cpus=1
      task a cpu=0
      task b cpu=0
      irq h cpu=0
      a: x = kmap_local_page highmem+0
      a: write x 1
      a: kunmap_local x
      b: y = kmap_local_page highmem+1
      b: kunmap_local y
      h: z = kmap_atomic highmem+2
      h: kunmap_atomic z
      """;

  private static Scenario parse(String text) {
    return Scenario.parse(text.lines().toList());
  }

  private static Scenario example() {
    try {
      Path p = Path.of("..", "examples", "explore", "irq-nesting-overflow.ksim");
      return Scenario.parse(Files.readAllLines(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<List<String>> schedules(Scenario s, ExploreOptions o) {
    List<List<String>> out = Collections.synchronizedList(new ArrayList<>());
    Explorer.explore(s, o, out::add);
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void exploresExactlyTheBoundedSchedulesABruteForceEnumerationGives(int k) {
    List<List<String>> explored = schedules(parse(ONE_CPU),
        ExploreOptions.bounded(k).reduction(false));
    Set<List<String>> expected = new HashSet<>();
    List<List<String>> programs = List.of(
        List.of("cpu0: x = kmap_local_page highmem+0", "cpu0: write x 1", "cpu0: kunmap_local x"),
        List.of("cpu0: y = kmap_local_page highmem+1", "cpu0: kunmap_local y"));
    List<String> irq = List.of("cpu0: irq_enter", "cpu0: z = kmap_atomic highmem+2",
        "cpu0: kunmap_atomic z", "cpu0: irq_exit");
    brute(programs, irq, -1, new int[2], false, k, new ArrayList<>(), expected);
    Set<List<String>> missing = new HashSet<>(expected);
    missing.removeAll(new HashSet<>(explored));
    Set<List<String>> extra = new HashSet<>(explored);
    extra.removeAll(expected);
    assertTrue(missing.isEmpty() && extra.isEmpty(), "K=" + k + ": missing " + missing
        + ", not in the brute force: " + extra);
    assertEquals(expected.size(), explored.size(), "each schedule once");
    assertTrue(k == 0 || expected.size() > 2, "the bound opens schedules");
  }

  /**
   * Every schedule of one CPU by brute force: the current task goes on for free; schedule() to
   * another task with statements left costs 1 while the current one has statements left, else
   * nothing; the interrupt (at most once) costs 1. A schedule ends where nothing fits the bound.
   */
  private static void brute(List<List<String>> programs, List<String> irq, int current,
      int[] pcs, boolean fired, int budget, List<String> trail, Set<List<String>> out) {
    boolean any = false;
    boolean currentGoes = current >= 0 && pcs[current] < programs.get(current).size();
    if (currentGoes) {
      any = true;
      trail.add(programs.get(current).get(pcs[current]++));
      brute(programs, irq, current, pcs, fired, budget, trail, out);
      pcs[current]--;
      trail.remove(trail.size() - 1);
    }
    for (int p = 0; p < programs.size(); p++) {
      int cost = currentGoes ? 1 : 0;
      if (p != current && pcs[p] < programs.get(p).size() && cost <= budget) {
        any = true;
        trail.add("cpu0: schedule " + (char) ('a' + p));
        brute(programs, irq, p, pcs, fired, budget - cost, trail, out);
        trail.remove(trail.size() - 1);
      }
    }
    if (!fired && budget >= 1) {
      any = true;
      trail.addAll(irq);
      brute(programs, irq, current, pcs, true, budget - 1, trail, out);
      trail.subList(trail.size() - irq.size(), trail.size()).clear();
    }
    if (!any) {
      assertTrue(out.add(List.copyOf(trail)), "the brute force makes each schedule once");
    }
  }

  @Test
  void shardsAreDisjointAndTogetherTheWholeSpace() {
    Scenario s = example();
    ExploreOptions all = ExploreOptions.bounded(1).reduction(false);
    List<List<String>> whole = schedules(s, all);
    Set<List<String>> union = new HashSet<>();
    int n = 3;
    List<ExploreReport> reports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<List<String>> part = schedules(s, all.shard(i, n));
      for (List<String> schedule : part) {
        assertTrue(union.add(schedule), "shard " + i + " repeats a schedule of another shard");
      }
      reports.add(Explorer.explore(s, all.shard(i, n), x -> { }));
    }
    assertEquals(new HashSet<>(whole), union);
    assertEquals(whole.size(), union.size());
    ExploreReport one = Explorer.explore(s, all, x -> { });
    assertEquals(one.deterministic(), ExploreReport.merge(reports).deterministic());
  }

  @Test
  void mergedShardReportsReadBackFromJsonEqualTheUnshardedReducedReport() {
    Scenario s = example();
    ExploreOptions o = ExploreOptions.bounded(2);
    List<ExploreReport> parts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ExploreReport r = Explorer.explore(s, o.shard(i, 4), x -> { });
      parts.add(ExploreReport.fromJson(io.github.kmapsim.scenario.report.Json.of(r.json())));
      assertEquals(r.deterministic(), parts.get(i).deterministic(), "JSON round trip");
    }
    Collections.reverse(parts); // the order of the files does not matter
    ExploreReport merged = ExploreReport.merge(parts);
    assertEquals(Explorer.explore(s, o, x -> { }).deterministic(), merged.deterministic());
    assertEquals("all", merged.shard());
  }

  @Test
  void theSameInputGivesTheSameReportOnAnyNumberOfThreads() {
    Scenario s = example();
    ExploreOptions o = ExploreOptions.bounded(2);
    ExploreReport first = Explorer.explore(s, o, x -> { });
    assertEquals(first.deterministic(), Explorer.explore(s, o, x -> { }).deterministic());
    assertEquals(first.deterministic(), Explorer.explore(s, o.jobs(2), x -> { }).deterministic());
    List<List<String>> a = schedules(s, o.randomly(40, 7));
    List<List<String>> b = schedules(s, o.randomly(40, 7));
    assertEquals(a, b, "seeded random schedules, in order");
    assertFalse(a.equals(schedules(s, o.randomly(40, 8))), "another seed, other schedules");
  }

  @Test
  void theReductionSkipsSchedulesButNoFailureAndReplayFindsTheSame() {
    Scenario s = example();
    ExploreReport reduced = Explorer.explore(s, ExploreOptions.bounded(2), x -> { });
    ExploreReport full = Explorer.explore(s, ExploreOptions.bounded(2).reduction(false),
        x -> { });
    ExploreReport replayed = Explorer.explore(s, ExploreOptions.bounded(2).reduction(false)
        .prefix(ExploreOptions.Prefix.REPLAY), x -> { });
    assertTrue(reduced.schedules() < full.schedules(), reduced.schedules() + " < "
        + full.schedules());
    assertTrue(reduced.pruned() > 0);
    assertEquals(keys(full), keys(reduced));
    assertEquals(full.schedules(), replayed.schedules());
    // Machine.restore resets the checker's history today (the sites of the maps live at the
    // snapshot), so a failure's message lists fewer "map at" sites after a restore than after a
    // replay: the keys, counts and first lines agree, the full messages only without restores.
    assertEquals(keys(full), keys(replayed));
    assertEquals(firstLines(full), firstLines(replayed));
    assertEquals(full.failures().stream().map(ExploreReport.Failure::schedules).toList(),
        replayed.failures().stream().map(ExploreReport.Failure::schedules).toList());
    assertTrue(replayed.steps() > full.steps(), "replaying runs the prefixes again");
    ExploreReport rebooted = Explorer.explore(s, ExploreOptions.bounded(2).reduction(false)
        .prefix(ExploreOptions.Prefix.REBOOT), x -> { });
    assertEquals(replayed.failures(), rebooted.failures(), "a reboot keeps the whole history");
    assertEquals(full.schedules(), rebooted.schedules());
  }

  private static List<String> firstLines(ExploreReport r) {
    return r.failures().stream().map(f -> f.message().lines().findFirst().orElse("")).toList();
  }

  private static List<String> keys(ExploreReport r) {
    return r.failures().stream().map(ExploreReport.Failure::key).toList();
  }

  @Test
  void findsTheInterruptNestingRaceTheFixedOrderHidesAndItsReproducerFails() {
    Scenario s = example();
    ExploreReport fixed = Explorer.explore(s, ExploreOptions.bounded(0), x -> { });
    assertTrue(fixed.ok(), "without preemption or interrupt, nothing is wrong");
    ExploreReport r = Explorer.explore(s, ExploreOptions.bounded(1), x -> { });
    assertEquals(1, r.failures().size(), r.failures().toString());
    ExploreReport.Failure f = r.failures().get(0);
    assertEquals("KMAP-B001", f.code());
    assertEquals("timer:line 48", f.site());
    // the timer between a's 14th map and its first unmap, with b run before a or after it
    assertEquals(2, f.schedules());
    assertEquals(2, r.failures().get(0).reproducer().lines()
        .filter(l -> l.startsWith("cpu0: irq_enter")).count() + 1);
    Scenario reproducer = parse(f.reproducer());
    assertFalse(reproducer.concurrent());
    ScenarioRun run = ScenarioRun.boot(reproducer);
    run.runAll(x -> { });
    RunSummary summary = run.summary();
    assertFalse(summary.ok());
    assertEquals(DiagnosticCode.STACK_OVERFLOW, summary.unexpected().get(0).code());
  }

  @Test
  void randomSchedulesAreShardedByTheirNumber() {
    Scenario s = example();
    ExploreOptions o = ExploreOptions.bounded(2).randomly(30, 3);
    List<List<String>> whole = schedules(s, o);
    List<List<String>> union = new ArrayList<>();
    List<ExploreReport> parts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      union.addAll(schedules(s, o.shard(i, 2)));
      parts.add(Explorer.explore(s, o.shard(i, 2), x -> { }));
    }
    assertEquals(whole.size(), union.size());
    assertEquals(new HashSet<>(whole), new HashSet<>(union));
    assertEquals(Explorer.explore(s, o, x -> { }).deterministic(),
        ExploreReport.merge(parts).deterministic());
  }
}
