// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.scenario.RunSummary;
import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * convert-check on the checked examples (examples/convert): the page copy is safe at every site,
 * per-CPU scratch data is a per-CPU race at both sites (and on PREEMPT_RT as written), each
 * reproducer fails under a plain run; and examples/29's race, written as programs in an order
 * where nothing is wrong, is found by exploration.
 */
class ConvertCheckTest {

  private static List<String> lines(String... path) {
    try {
      return Files.readAllLines(Path.of("..", path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ConvertCheck.Report check(String name, int bound) {
    return ConvertCheck.check(lines("examples", "convert", name), name, Scenario::parse,
        ExploreOptions.bounded(bound));
  }

  /** Runs a reproducer as {@code kmapsim run} does; its first unexpected diagnostic's code. */
  private static RunSummary replay(String reproducer) {
    Scenario s = Scenario.parse(reproducer.lines().toList());
    assertFalse(s.concurrent(), "a reproducer is sequential");
    ScenarioRun run = ScenarioRun.boot(s);
    run.runAll(x -> { });
    return run.summary();
  }

  @Test
  void sitesPairEachKmapAtomicWithItsUnmapAndConvertRewritesOnlyThose() {
    List<String> l = lines("examples", "convert", "percpu-scratch.ksim");
    List<ConvertCheck.Site> sites = ConvertCheck.sites(l);
    assertEquals(2, sites.size());
    ConvertCheck.Site s = sites.get(0);
    assertEquals("zram0", s.owner());
    assertEquals("src", s.name());
    assertEquals("kmap_atomic", s.call());
    assertEquals("zram0: kunmap_atomic src", l.get(s.unmapLine() - 1));
    List<String> c = ConvertCheck.convert(l, s);
    assertEquals("zram0: src = kmap_local_page highmem+0", c.get(s.line() - 1));
    assertEquals("zram0: kunmap_local src", c.get(s.unmapLine() - 1));
    assertEquals(1, c.stream().filter(x -> !l.contains(x)).count() - 1, "two lines changed");
    assertTrue(c.contains("zram1: src1 = kmap_atomic highmem+1"), "the other site stays");
    assertTrue(ConvertCheck.preemptRt(l).stream().anyMatch(x -> x.startsWith("machine ")
        && x.contains(" preempt-rt")));
  }

  @Test
  void aPageCopyIsSafeAtEverySite() {
    ConvertCheck.Report r = check("page-copy.ksim", 2);
    assertEquals(4, r.verdicts().size());
    assertTrue(r.original().ok(), r.original().failures().toString());
    for (ConvertCheck.Verdict v : r.verdicts()) {
      assertTrue(v.safe(), v.site().where() + ": " + v.newFailures());
      assertNull(v.reason());
      assertFalse(v.unsafeOnRt(), v.site().where());
      assertTrue(v.schedules() > 1, "explored, not run once");
    }
    assertTrue(r.ok());
  }

  @Test
  void perCpuScratchDataIsAPerCpuRaceAtBothSitesAndOnPreemptRtAsWritten() {
    ConvertCheck.Report r = check("percpu-scratch.ksim", 1);
    assertTrue(r.original().ok(), "kmap_atomic serialises the buffer's users");
    assertFalse(r.ok());
    assertEquals(2, r.verdicts().size());
    for (ConvertCheck.Verdict v : r.verdicts()) {
      assertFalse(v.safe(), v.site().where());
      assertEquals(ConvertCheck.Reason.PER_CPU, v.reason());
      assertEquals("KMAP-W021", v.failure().code());
      assertTrue(v.site().covers(v.failure().site()), v.failure().site());
      RunSummary replayed = replay(v.failure().reproducer());
      assertFalse(replayed.ok());
      assertEquals(DiagnosticCode.PER_CPU_RACE, replayed.unexpected().get(0).code());
      assertTrue(v.unsafeOnRt(), "PREEMPT_RT: kmap_atomic disables migration only");
      assertEquals("KMAP-W021", v.rtFailure().code());
      assertFalse(replay(v.rtFailure().reproducer()).ok());
      assertTrue(v.rtFailure().reproducer().contains("preempt-rt"));
    }
  }

  @Test
  void aUserCopyThatReliedOnDisabledPageFaultsIsUnsafeButNotOnPreemptRt() {
    ConvertCheck.Report r = check("user-copy.ksim", 2);
    assertTrue(r.original().ok(), "the short copy is what the original expects");
    assertEquals(1, r.verdicts().size());
    ConvertCheck.Verdict v = r.verdicts().get(0);
    assertFalse(v.safe());
    assertEquals(ConvertCheck.Reason.USER_COPY, v.reason());
    assertEquals("failed", v.failure().code());
    assertTrue(v.failure().message().contains("copy_from_user"), v.failure().message());
    assertEquals("writer:line 16", v.failure().site());
    RunSummary replayed = replay(v.failure().reproducer());
    List<String> text = v.failure().reproducer().lines().toList();
    assertEquals(1, replayed.failedLines().size(), replayed.toString());
    assertTrue(text.get(replayed.failedLines().get(0) - 1).contains("copy_from_user"),
        "the reproducer fails at the copy");
    assertFalse(v.unsafeOnRt(), "PREEMPT_RT's kmap_atomic still disables page faults");
    assertFalse(r.ok());
  }

  @Test
  void aReadOfAnotherValueThanTheOriginalsIsData() {
    ConvertCheck.Report r = check("shared-bounce-page.ksim", 2);
    assertTrue(r.original().ok());
    ConvertCheck.Verdict a = r.verdicts().get(0);
    assertFalse(a.safe());
    assertEquals(ConvertCheck.Reason.DATA, a.reason());
    assertEquals("data @ a:line 14", a.failure().key());
    assertTrue(a.failure().message().contains("a:line 14 reads 0x2222"), a.failure().message());
    assertTrue(a.failure().message().endsWith("only: reads 0x1111"), a.failure().message());
    RunSummary replayed = replay(a.failure().reproducer());
    assertEquals(1, replayed.failedLines().size(), a.failure().reproducer());
    assertTrue(a.failure().reproducer().lines().toList().get(replayed.failedLines().get(0) - 1)
        .contains("read x expect 0x1111"), a.failure().reproducer());
    assertTrue(a.unsafeOnRt(), "PREEMPT_RT's kmap_atomic section is preemptible");
    assertEquals("data", a.rtFailure().code());
    assertFalse(replay(a.rtFailure().reproducer()).ok());
    ConvertCheck.Verdict b = r.verdicts().get(1);
    assertTrue(b.safe(), b.newFailures().toString());
    assertFalse(b.unsafeOnRt(), "b's section reads nothing");
    ConvertCheck.Report twoJobs = ConvertCheck.check(lines("examples", "convert",
        "shared-bounce-page.ksim"), "shared-bounce-page.ksim", Scenario::parse,
        ExploreOptions.bounded(2).jobs(2));
    assertEquals(r.verdicts(), twoJobs.verdicts(), "the same verdicts on two threads");
  }

  @Test
  void theSameInputGivesTheSameVerdicts() {
    ConvertCheck.Report a = check("percpu-scratch.ksim", 1);
    ConvertCheck.Report b = check("percpu-scratch.ksim", 1);
    assertEquals(a.verdicts(), b.verdicts());
  }

  @Test
  void examples29sRaceIsFoundFromProgramsWhoseWrittenOrderIsSilent() {
    Scenario s = Scenario.parse(lines("examples", "explore", "percpu-race.ksim"));
    ExploreOptions o = ExploreOptions.bounded(0).reduction(false)
        .prefix(ExploreOptions.Prefix.REBOOT);
    assertTrue(Explorer.explore(s, "percpu-race.ksim", o, null).ok(),
        "without a preemption nothing is wrong");
    for (ExploreOptions k : List.of(ExploreOptions.bounded(1),
        new ExploreOptions(1, 0, 0, 0, 1, 1, false, ExploreOptions.Prefix.REBOOT))) {
      ExploreReport r = Explorer.explore(s, "percpu-race.ksim", k, null);
      assertFalse(r.ok(), k.toString());
      ExploreReport.Failure f = r.failures().get(0);
      assertEquals("KMAP-W021", f.code(), k + ": " + r.failures());
      RunSummary replayed = replay(f.reproducer());
      assertEquals(DiagnosticCode.PER_CPU_RACE, replayed.unexpected().get(0).code());
    }
  }
}
