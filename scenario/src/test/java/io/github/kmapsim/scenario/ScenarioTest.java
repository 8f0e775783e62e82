// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.core.KmapSim;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scenario library: statements parsed into typed arguments, errors at their line and column,
 * a run one statement at a time with typed outcomes, the core's retry of a kmap() that slept, the
 * helpers and io_mapping verbs, and the judgement of a run against its {@code expect} lines.
 */
class ScenarioTest {

  private static Scenario parse(String text) {
    return Scenario.parse(text.lines().toList());
  }

  @Test
  void statementsAreTypedVerbsWithTypedArguments() {
    Scenario s = parse("""
        machine arch=x86 cpus=2
        task t cpu=1
        expect KMAP-W001 2
        io = io_mapping_create_wc 0x80000000 0x4000
        cpu1: schedule t
        cpu1: a = kmap_local_page highmem+3
        cpu1: read a+0x10 expect 5
        cpu1: kunmap_local a+8
        cpu1: r = kmap_range highmem+8 LAST_PKMAP-1
        cpu1: zero_user_segments highmem+8/2 0 16 4096 4200
        cpu0: schedule swapper/0
        migrate t cpu0
        """);
    List<Statement> st = s.statements();
    assertEquals(List.of(new Scenario.Expected(DiagnosticCode.UNMAP_NOT_TOP, 2, 3)),
        s.expected());
    assertEquals(Verb.IO_MAPPING_CREATE_WC, st.get(0).verb());
    assertEquals("io", st.get(0).result());
    assertEquals(-1, st.get(0).cpu());
    assertEquals(List.of(new Arg.Value(0x80000000L), new Arg.Value(0x4000)), st.get(0).args());
    assertEquals(List.of(Arg.PageArg.highmem(3)), st.get(2).args());
    assertEquals(List.of(new Arg.Ref("a", 16), new Arg.Value(5)), st.get(3).args());
    assertEquals(List.of(new Arg.Ref("a", 8)), st.get(4).args());
    assertEquals(new Arg.Count(1, true), st.get(5).arg(1));
    assertEquals(new Arg.FolioArg(Arg.PageArg.highmem(8), 2), st.get(6).arg(0));
    assertEquals(List.of(new Arg.TaskArg("swapper/0")), st.get(7).args());
    assertEquals(List.of(new Arg.TaskArg("t"), new Arg.CpuArg(0)), st.get(8).args());
    assertEquals("a = kmap_local_page highmem+3", st.get(2).text());
    assertEquals("cpu1: read a+0x10 expect 5", st.get(3).render());
    assertEquals("migrate t cpu0", st.get(8).render());
  }

  @Test
  void aUserCopysExpectedBytesLeftRenderAsWritten() {
    List<Statement> st = parse("""
        machine arch=x86 cpus=1
        task t cpu=0
        cpu0: schedule t
        cpu0: mmap_user 0x20000000 0x1000
        cpu0: fault_in_readable 0x20000000 0x1000 expect 0
        cpu0: d = kmap_local_page highmem+0
        cpu0: copy_from_user d 0x20000000 0x100 expect 0x10
        """).statements();
    for (Statement x : List.of(st.get(2), st.get(4))) {
      String line = x.render();
      assertTrue(line.contains(" expect "), line);
      List<Statement> again = parse("machine arch=x86 cpus=1\ntask t cpu=0\n"
          + "cpu0: d = kmap_local_page highmem+0\n" + line).statements();
      Statement back = again.get(again.size() - 1);
      assertEquals(List.of(x.verb(), x.result() == null ? "" : x.result(), x.args()),
          List.of(back.verb(), back.result() == null ? "" : back.result(), back.args()), line);
    }
  }

  @Test
  void badInputNamesItsLineAndColumn() {
    assertBad("machine arch=x86 cpus=1\ncpu0: w = io_mapping_map_local_wc io 0\n", 2, 35,
        "unknown io_mapping 'io'");
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: zero_user_segments highmem+8 0 1 2 3\n",
        3, 26, "expected a folio: PAGE/ORDER");
    assertBad("machine arch=x86 cpus=1\nexpect KMAP-X999\n", 2, 8, "unknown diagnostic code");
    assertBad("machine arch=x86 cpus=1\ncpu0: p = kmap_range highmem+0 0\n", 2, 32,
        "a count from 1 to 100000 or LAST_PKMAP[-N], got '0'");
    assertBad("machine arch=x86 cpus=1\nio_mapping_create_wc 0 4096\n", 2, 1,
        "name the io_mapping");
  }

  /**
   * A machine has at least one CPU; a number that does not fit 64 bits is bad input at its own
   * column (a page's number, an address offset), not an internal error; a page number that fits
   * but is past the machine does not wrap.
   */
  @Test
  void cpusBelowOneAndNumbersBeyondSixtyFourBitsAreBadInputAtTheirColumn() {
    assertBad("machine arch=x86 cpus=0\n", 1, 23, "cpus must be at least 1, got 0");
    assertBad("machine arch=x86 cpus=-1\n", 1, 23, "cpus must be at least 1, got -1");
    assertBad("machine arch=x86 cpus=1\ncpu0: a = kmap highmem+12345678901234567890\n", 2, 24,
        "'12345678901234567890' is not a number that fits 64 bits");
    assertBad("machine arch=x86 cpus=1\ncpu0: a = kmap pfn:0x1ffffffffffffffff\n", 2, 20,
        "'0x1ffffffffffffffff' is not a number that fits 64 bits");
    assertBad("machine arch=x86 cpus=1\ncpu0: a = kmap highmem+0\ncpu0: read a+99999999999999999999"
        + "\n", 3, 14, "'99999999999999999999' is not a number that fits 64 bits");
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioRun.boot(parse(
        "machine arch=x86 cpus=1\ncpu0: a = kmap_range highmem+9223372036854775807 2\n")));
    assertEquals("2:22", e.line() + ":" + e.column());
    assertTrue(e.getMessage().startsWith("highmem+9223372036854775807 and the 1 pages after it:"
        + " the machine has 297986 highmem pages"), e.getMessage());
  }

  /** A scenario file must be UTF-8 text: the first byte that is not is bad input where it is. */
  @Test
  void linesThatAreNotUtf8AreBadInputAtTheirFirstBadByte() {
    assertEquals(List.of("machine arch=x86", "# \u00e9"),
        Scenario.lines("machine arch=x86\n# \u00e9\n".getBytes(StandardCharsets.UTF_8)));
    ScenarioException e = assertThrows(ScenarioException.class, () -> Scenario.lines(
        new byte[] {'m', '\n', 'a', 'b', (byte) 0xff, 0}));
    assertEquals("2:3", e.line() + ":" + e.column());
    assertEquals("not UTF-8 text: byte 0xff cannot start or continue a character (a binary"
        + " file?)", e.getMessage());
  }

  /**
   * kmap_range is a loop of kmap() calls: when one is refused (every entry held by the task
   * itself), the pages before it stay kmapped under the range's name, and kunmap_range undoes
   * them; the refusal's diagnostic is the step's only event line.
   */
  @Test
  void aKmapRangeCutShortByARefusalKeepsTheKmapsThatHappened() {
    ScenarioRun run = ScenarioRun.boot(parse("""
        machine arch=x86 cpus=1
        expect KMAP-B005
        task t cpu=0
        cpu0: schedule t
        cpu0: a = kmap_range highmem+0 1025
        cpu0: kunmap_range a
        """));
    List<StepResult> r = new java.util.ArrayList<>();
    run.runAll(r::add);
    Outcome.RangeRefused cut = assertInstanceOf(Outcome.RangeRefused.class, r.get(1).outcome());
    assertEquals(1024, cut.mapped());
    assertEquals(1024, cut.hiddenEvents());
    assertEquals(DiagnosticCode.PKMAP_DEADLOCK, cut.diagnostic().code());
    assertTrue(cut.text().endsWith("BUG KMAP-B005: that kmap did not happen; the 1024 before it"
        + " stay kmapped (kunmap_range a undoes them)"), cut.text());
    assertTrue(r.get(1).events().get(0).startsWith("KMAP-B005 BUG: CPU: 0 task: t (task)"),
        r.get(1).events().toString());
    assertEquals(1024, assertInstanceOf(Outcome.RangeUnmapped.class, r.get(2).outcome()).count());
    assertTrue(run.summary().ok(), run.summary().problems().toString());
    assertEquals(1, run.machine().pkmapCount(1), "unmapped, not yet flushed");
  }

  /**
   * kmap_local_folio maps the folio's page that holds the byte and binds the name to that byte's
   * address; REF offsets count from it.
   */
  @Test
  void kmapLocalFolioBindsTheAddressOfTheByte() {
    ScenarioRun run = ScenarioRun.boot(parse("""
        machine arch=x86 cpus=1
        task t cpu=0
        cpu0: schedule t
        cpu0: memcpy_to_page highmem+4 0x128 8 7
        cpu0: f = kmap_local_folio highmem+2/2 0x2120
        cpu0: read f+8 expect 0x%016x
        cpu0: kunmap_local f+0xed8
        """.formatted(java.nio.ByteBuffer.wrap(Verb.bytes(7, 8))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())));
    List<StepResult> r = new java.util.ArrayList<>();
    run.runAll(r::add);
    Outcome.Mapped f = assertInstanceOf(Outcome.Mapped.class, r.get(2).outcome());
    assertEquals(run.machine().maxLowPfn() + 4, f.pfn(),
        "byte 0x2120 of the folio at highmem+2 (pfn 0x37400) is in its third page");
    assertEquals(0x120, f.vaddr() & 0xfff);
    assertTrue(run.summary().ok(), run.summary().problems().toString());
  }

  /**
   * User copies as statements: {@code expect N} checks the bytes not copied, the outcome names
   * the faults taken, and a short copy expected where page faults are enabled fails the step.
   */
  @Test
  void userCopiesReportTheirFaultsAndCheckTheBytesNotCopied() {
    ScenarioRun run = ScenarioRun.boot(parse("""
        machine arch=x86 cpus=1
        task t cpu=0
        cpu0: schedule t
        cpu0: mmap_user 0x10000000 0x2000
        cpu0: k = kmap_atomic highmem+0
        cpu0: copy_to_user 0x10000ff8 k 16 expect 16
        cpu0: kunmap_atomic k
        cpu0: k = kmap_local_page highmem+0
        cpu0: copy_to_user 0x10000ff8 k 16 expect 16
        cpu0: kunmap_local k
        """));
    List<StepResult> r = new java.util.ArrayList<>();
    run.runAll(r::add);
    Outcome.UserCopy atomic = assertInstanceOf(Outcome.UserCopy.class, r.get(3).outcome());
    assertEquals(16, atomic.left(), "kmap_atomic disabled page faults: nothing copied");
    assertFalse(atomic.failed());
    assertTrue(atomic.text().contains("fault at 0x10000ff8 not handled"), atomic.text());
    Outcome.UserCopy local = assertInstanceOf(Outcome.UserCopy.class, r.get(6).outcome());
    assertEquals(0, local.left(), "under kmap_local the faults are handled");
    assertTrue(local.failed());
    assertTrue(local.text().contains("fault at 0x10000ff8 handled")
        && local.text().contains("fault at 0x10001000 handled")
        && local.text().endsWith("page faults are enabled here (pagefault_disabled() 0, not"
            + " in_atomic())"), local.text());
    assertEquals(List.of(9), run.summary().failedLines());
    assertEquals(List.of(), run.machine().diagnostics(), "both copies are legal kernel code");
  }

  @Test
  void userCopyStatementsAreCheckedAtTheirColumn() {
    assertBad("""
        machine arch=x86 cpus=1
        cpu0: copy_from_user k 0x1000
        """, 2, 7, "'copy_from_user' takes ADDRESS[+OFFSET] VALUE VALUE [expect VALUE], got 2");
    assertBad("""
        machine arch=x86 cpus=1
        cpu0: k = kmap_local_page highmem+0
        cpu0: copy_from_user k 0x1000 8 expects 8
        """, 3, 33, "'copy_from_user' takes");
    assertBad("""
        machine arch=x86 cpus=1
        cpu0: mmap_user 0x1000 0x1000 expect 0
        """, 2, 31, "'mmap_user' takes VALUE VALUE, got 4");
  }

  /**
   * WARN_ON_ONCE prints once per boot: the log prints the first occurrence as the kernel does,
   * a repeat as a one-line note with its number, and the summary counts the repeats; every
   * occurrence stays in the machine's diagnostics.
   */
  @Test
  void warnOnOnceIsPrintedOnceAndItsRepeatsCounted() {
    ScenarioRun run = ScenarioRun.boot(parse("""
        machine arch=x86 cpus=1
        expect KMAP-W001 2
        task t cpu=0
        cpu0: schedule t
        cpu0: a = kmap_local_page highmem+0
        cpu0: b = kmap_local_page highmem+1
        cpu0: kunmap_local a
        cpu0: kunmap_local b
        """));
    List<StepResult> r = new java.util.ArrayList<>();
    run.runAll(r::add);
    assertTrue(r.get(3).events().get(0).startsWith("KMAP-W001 WARNING: CPU: 0 task: t (task)"),
        r.get(3).events().toString());
    assertTrue(r.get(4).events().get(0).startsWith("KMAP-W001 WARN_ON_ONCE repeat #2 (not printed"
        + " by the kernel after the first since boot): kunmap_local("), r.get(4).events().toString());
    assertEquals(2, run.machine().diagnostics().size());
    WarnOnce once = new WarnOnce();
    run.machine().diagnostics().forEach(once::count);
    assertEquals(1, once.repeats(DiagnosticCode.UNMAP_NOT_TOP));
    assertEquals(0, once.repeats(DiagnosticCode.STACK_OVERFLOW));
  }

  private static void assertBad(String text, int line, int column, String why) {
    ScenarioException e = assertThrows(ScenarioException.class, () -> parse(text));
    assertEquals(line + ":" + column, e.line() + ":" + e.column(), e.getMessage());
    assertTrue(e.getMessage().startsWith(why), e.getMessage());
  }

  /** Parsed for another variant, a scenario gets at most its NR_CPUS. */
  @Test
  void aScenarioRunsOnAnotherVariantWithAtMostItsCpus() {
    Scenario s = Scenario.parse(List.of("machine arch=x86 cpus=2"), ArchRegistry.discover(),
        "arm");
    assertEquals("arm", s.config().arch());
    assertEquals(2, s.config().cpus());
    assertEquals("arm", s.variant().name());
  }

  /** Statements made by a program run one at a time on a machine of the caller's. */
  @Test
  void aRunExecutesOneStatementAtATimeOnAGivenMachine() {
    Machine m = KmapSim.newMachine(MachineConfig.preset("x86").toBuilder().cpus(2).build());
    Task t = m.createTask("t", 0);
    ScenarioRun run = ScenarioRun.on(m, true);
    run.execute(Statement.of(0, null, Verb.SCHEDULE, new Arg.TaskArg("t")));
    StepResult mapped = run.execute(Statement.of(0, "a", Verb.KMAP_LOCAL_PAGE,
        Arg.PageArg.highmem(0)));
    Outcome.Mapped out = assertInstanceOf(Outcome.Mapped.class, mapped.outcome());
    assertEquals(t.liveMaps().get(0).vaddr(), out.vaddr());
    assertTrue(mapped.events().get(0).startsWith("set_pte   "), mapped.events().toString());
    run.execute(Statement.of(0, null, Verb.WRITE, new Arg.Ref("a", 8), new Arg.Value(42)));
    StepResult read = run.execute(Statement.of(0, null, Verb.READ, new Arg.Ref("a", 8),
        new Arg.Value(42)));
    assertEquals(42, assertInstanceOf(Outcome.Read.class, read.outcome()).value());
    assertFalse(read.failed());

    StepResult wrong = run.execute(Statement.of(0, null, Verb.SCHEDULE,
        new Arg.TaskArg("swapper/1")));
    assertTrue(wrong.failed(), wrong.outcome().text());
    assertEquals(DiagnosticCode.BAD_TASK,
        assertInstanceOf(Outcome.Refused.class, wrong.outcome()).diagnostic().code());
    assertEquals(List.of(DiagnosticCode.BAD_TASK),
        wrong.diagnostics().stream().map(d -> d.code()).toList());
    assertEquals(t, m.cpu(0).current(), "a refused call changes nothing");
    assertEquals(1, t.kmapIdx());
    StepResult unbound = run.execute(Statement.of(0, null, Verb.KUNMAP, new Arg.Ref("z", 0)));
    assertInstanceOf(Outcome.Error.class, unbound.outcome());
    assertEquals("t", unbound.task());
  }

  /**
   * A kmap() that finds the pool full sleeps; a kunmap wakes the task, and the schedule that
   * runs it again reports the core's retry, which bound the name.
   */
  @Test
  void theCoresRetryOfASleepingKmapBindsItsNameAtTheSchedule() {
    ScenarioRun run = ScenarioRun.boot(parse("""
        machine arch=x86 cpus=2
        task hog cpu=0
        task waiter cpu=1
        cpu0: schedule hog
        cpu0: pool = kmap_range highmem+0 LAST_PKMAP
        cpu1: schedule waiter
        cpu1: w = kmap highmem+2000
        cpu0: kunmap_range pool
        cpu1: schedule waiter
        cpu1: write w 0x77
        cpu1: read w expect 0x77
        cpu1: kunmap w
        """));
    List<StepResult> r = new java.util.ArrayList<>();
    run.runAll(r::add);
    Outcome.KmapSleeping slept = assertInstanceOf(Outcome.KmapSleeping.class, r.get(3).outcome());
    assertEquals("waiter", slept.task());
    Outcome.Switched switched = assertInstanceOf(Outcome.Switched.class, r.get(5).outcome());
    Outcome.Mapped retried = assertInstanceOf(Outcome.Mapped.class, switched.retry());
    assertEquals(run.machine().layout().pkmapBase(), retried.vaddr(), "entry 0 after the wrap");
    assertTrue(switched.text().startsWith("swapper/1 -> waiter; waiter retries: w = kmap"
        + " highmem+2000: w = "), switched.text());
    assertTrue(run.summary().ok(), run.summary().problems().toString());
  }

  @Test
  void helpersAndIoMappingsRunAsStatements() {
    ScenarioRun run = ScenarioRun.boot(parse("""
        machine arch=x86 cpus=1
        task t cpu=0
        io = io_mapping_create_wc 0x80000000 0x4000
        cpu0: schedule t
        cpu0: memcpy_to_page highmem+5 0x10 32 99
        cpu0: memcpy_from_page highmem+5 0x10 32
        cpu0: memcpy_from_folio highmem+2/2 0x3010 32
        cpu0: w = io_mapping_map_local_wc io 0x1000
        cpu0: write w 0x1234
        cpu0: read w expect 0x1234
        cpu0: io_mapping_unmap_local w
        """));
    List<StepResult> r = new java.util.ArrayList<>();
    run.runAll(r::add);
    assertArrayEquals(Verb.bytes(99, 32),
        assertInstanceOf(Outcome.BytesRead.class, r.get(3).outcome()).bytes());
    assertArrayEquals(Verb.bytes(99, 32),
        assertInstanceOf(Outcome.BytesRead.class, r.get(4).outcome()).bytes(),
        "page 3 of the folio at highmem+2 (pfn 0x37400 on x86) is highmem+5");
    Outcome.IoMapped io = assertInstanceOf(Outcome.IoMapped.class, r.get(5).outcome());
    assertEquals(0x80001000L >> 12, io.pfn());
    assertTrue(r.get(2).events().get(0).startsWith("set_pte   ")
        && r.get(2).events().get(1).startsWith("pte_clear "),
        "memcpy_to_page maps and unmaps through a kmap_local slot: " + r.get(2).events());
    assertTrue(run.summary().ok(), run.summary().problems().toString());
  }

  /**
   * Diagnostics a scenario expects are not failures, refusals with an expected code neither; a
   * missing one is, and so is one it did not expect.
   */
  @Test
  void aRunIsJudgedAgainstItsExpectLines() {
    String body = """
        task t cpu=0
        cpu0: schedule t
        cpu0: a = kmap_atomic highmem+0
        cpu0: sleep
        cpu0: kunmap_atomic a
        """;
    RunSummary as = summary("machine arch=x86 cpus=1\nexpect KMAP-E001\n" + body);
    assertTrue(as.ok(), as.problems().toString());
    RunSummary none = summary("machine arch=x86 cpus=1\n" + body);
    assertEquals(List.of(DiagnosticCode.SCHED_WHILE_ATOMIC),
        none.unexpected().stream().map(d -> d.code()).toList());
    assertEquals(List.of(5), none.failedLines());
    RunSummary twice = summary("machine arch=x86 cpus=1\nexpect KMAP-E001 2\n" + body);
    assertEquals(List.of("expected KMAP-E001 (scheduling while atomic) x2, reported x1"),
        twice.unmet());
    assertFalse(twice.ok());
  }

  private static RunSummary summary(String text) {
    ScenarioRun run = ScenarioRun.boot(parse(text));
    run.runAll(r -> { });
    return run.summary();
  }
}
