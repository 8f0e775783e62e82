// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Site;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker through the API: owners, lives, sites and leaks of mappings. */
class MapCheckerTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);
  private final Cpu cpu1 = m.cpu(1);

  private List<DiagnosticCode> codes() {
    return m.diagnostics().stream().map(Diagnostic::code).toList();
  }

  @Test
  void aLocalMapReadOnAnotherCpuIsReportedWithItsSite() {
    cpu0.callSite("t.ksim", 3, "a");
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.writeLong(va, 7);
    cpu1.callSite(null, 0, null);
    assertEquals(7, cpu1.readLong(va), "the page table is shared: CPU1 reads CPU0's page");
    assertEquals(List.of(DiagnosticCode.USE_ON_OTHER_CPU), codes());
    Diagnostic d = m.diagnostics().get(0);
    assertEquals(1, d.cpu());
    assertEquals(List.of(new Site(Site.Role.MAP, "t.ksim", 3, "a")), d.sites());
    assertTrue(d.message().contains("CPU0 fixmap slot"), d.message());
  }

  @Test
  void aStaleTlbAfterAUseOnAnotherCpuBlamesTheCallerNotThePort() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu1.readLong(va); // CPU1 caches CPU0's slot
    cpu0.kunmapLocal(va);
    assertEquals(va, cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1)));
    cpu1.readLong(va);
    List<Diagnostic> ds = m.diagnostics();
    assertEquals(List.of(DiagnosticCode.USE_ON_OTHER_CPU, DiagnosticCode.STALE_TLB,
        DiagnosticCode.USE_ON_OTHER_CPU), codes());
    assertTrue(ds.get(1).message().endsWith("the caller is at fault, not the port"),
        ds.get(1).message());
    assertTrue(!ds.get(1).message().contains("a flush is missing"));
  }

  @Test
  void theMappingTasksOwnAccessesAreSilent() {
    long a = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long b = cpu0.kmapAtomic(m.page(Toy.HIGH_PFN + 1));
    cpu0.writeLong(a, 1);
    cpu0.writeByte(b + 5, (byte) 2);
    assertEquals(1, cpu0.readLong(a));
    assertEquals(2, cpu0.readByte(b + 5));
    cpu0.kunmapAtomic(b);
    cpu0.kunmapLocal(a + 0x123); // any address inside the page
    assertEquals(List.of(), codes());
  }

  @Test
  void aTaskMapReadFromAnInterruptIsReported() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.irqEnter();
    cpu0.readLong(va);
    cpu0.irqExit();
    cpu0.readLong(va);
    assertEquals(List.of(DiagnosticCode.USE_IN_WRONG_CONTEXT), codes());
    assertTrue(m.diagnostics().get(0).message().contains("made in task context"));
  }

  @Test
  void theInterruptsOwnMapIsSilent() {
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.irqEnter();
    long rx = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    cpu0.readLong(rx);
    cpu0.kunmapLocal(rx);
    cpu0.irqExit();
    assertEquals(List.of(), codes());
  }

  @Test
  void aNameIsDeadAfterItsUnmapEvenWhenTheSlotIsReused() {
    cpu0.callSite("t.ksim", 1, "src");
    long src = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.callSite("t.ksim", 2, "src");
    cpu0.kunmapLocal(src);
    cpu0.callSite("t.ksim", 3, "dst");
    long dst = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    assertEquals(src, dst, "the same slot");
    cpu0.callSite("t.ksim", 4, "src");
    cpu0.readLong(src);
    assertEquals(List.of(DiagnosticCode.USE_AFTER_UNMAP), codes());
    Diagnostic d = m.diagnostics().get(0);
    assertEquals(List.of(new Site(Site.Role.MAP, "t.ksim", 1, "src"),
        new Site(Site.Role.UNMAP, "t.ksim", 2, "src"), new Site(Site.Role.USE, "t.ksim", 4,
            "src")), d.sites());
    assertTrue(d.message().contains(String.format("it shows pfn 0x%x now", Toy.HIGH_PFN + 1)),
        d.message());
  }

  @Test
  void aLowmemNameIsDeadAfterItsUnmapThoughTheAddressStaysValid() {
    cpu0.callSite("t.ksim", 1, "hdr");
    long va = cpu0.kmapLocalPage(m.page(3));
    assertEquals(ToyArch.PAGE_OFFSET + 0x3000, va);
    cpu0.callSite("t.ksim", 2, "hdr");
    cpu0.kunmapLocal(va);
    cpu0.callSite("t.ksim", 3, "hdr");
    cpu0.readLong(va);
    assertEquals(List.of(DiagnosticCode.USE_AFTER_UNMAP), codes());
    assertTrue(m.diagnostics().get(0).message().contains("through the direct map"));
  }

  @Test
  void aKmapAddressWithoutAReferenceIsReported() {
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    cpu0.readLong(va);
    cpu0.kunmap(m.page(Toy.HIGH_PFN));
    cpu0.readLong(va);
    assertEquals(List.of(DiagnosticCode.USE_AFTER_UNMAP), codes());
    assertTrue(m.diagnostics().get(0).message().contains("pkmap_count 1"));
  }

  @Test
  void withoutTheChecksNothingIsReported() {
    Machine off = Toy.machine(Toy.config().toBuilder().checks(false).build());
    long va = off.cpu(0).kmapLocalPage(off.page(Toy.HIGH_PFN));
    off.cpu(1).readLong(va);
    assertEquals(List.of(), off.diagnostics());
  }

  @Test
  void recordedCallSitesNameTheJavaCaller() {
    Machine rec = Toy.machine(Toy.config().toBuilder().recordCallSites(true).build());
    int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    long va = rec.cpu(0).kmapLocalPage(rec.page(Toy.HIGH_PFN));
    rec.cpu(1).readLong(va);
    Site map = rec.diagnostics().get(0).sites().get(0);
    assertEquals(new Site(Site.Role.MAP, "MapCheckerTest.java", line,
        "recordedCallSitesNameTheJavaCaller"), map);
  }

  @Test
  void callSitesAreOffByDefaultInTheApi() {
    assertTrue(!MachineConfig.preset("x86").recordCallSites());
    assertTrue(MachineConfig.preset("x86").checks());
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu1.readLong(va);
    assertEquals(List.of(), m.diagnostics().get(0).sites());
  }

  @Test
  void returnToUserWithAMapWarnsAndNamesItsSite() {
    Task t = m.createTask("sys", 0);
    m.schedule(0, t);
    cpu0.callSite("t.ksim", 9, "page");
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.callSite("t.ksim", 10, null);
    cpu0.returnToUser();
    assertEquals(List.of(DiagnosticCode.RETURN_TO_USER_WITH_MAPS), codes());
    assertEquals(List.of(new Site(Site.Role.MAP, "t.ksim", 9, "page")),
        m.diagnostics().get(0).sites());
  }

  @Test
  void returnToUserIsRefusedInAnInterruptAndForTheIdleTask() {
    KmapException idle = assertThrows(KmapException.class, cpu0::returnToUser);
    assertEquals(DiagnosticCode.BAD_CONTEXT, idle.code());
    Task t = m.createTask("sys", 0);
    m.schedule(0, t);
    cpu0.irqEnter();
    assertEquals(DiagnosticCode.BAD_CONTEXT,
        assertThrows(KmapException.class, cpu0::returnToUser).code());
    cpu0.irqExit();
    cpu0.returnToUser();
    assertEquals(2, m.diagnostics().size(), "the two refusals, nothing else");
  }

  @Test
  void theOverflowNamesTheSiteThatLeaks() {
    for (int i = 0; i < 15; i++) {
      cpu0.callSite("t.ksim", 20 + i, "buf");
      cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + i));
    }
    cpu0.callSite("t.ksim", 50, "innocent");
    KmapException e = assertThrows(KmapException.class,
        () -> cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 40)));
    assertEquals(DiagnosticCode.STACK_OVERFLOW, e.code());
    assertTrue(e.diagnostic().message().endsWith(
        "mapped more often than unmapped: t.ksim 'buf' (first at line 20) 15 maps, 0 unmaps"),
        e.diagnostic().message());
    assertEquals(15, e.diagnostic().sites().size());
  }

  @Test
  void reportLeaksListsLocalMapsAndKmapReferences() {
    cpu0.callSite("t.ksim", 1, "a");
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.callSite("t.ksim", 2, "p");
    cpu0.kmap(m.page(Toy.HIGH_PFN + 1));
    List<Diagnostic> leaks = m.reportLeaks();
    assertEquals(List.of(DiagnosticCode.LEAKED_MAPS, DiagnosticCode.LEAKED_MAPS),
        leaks.stream().map(Diagnostic::code).toList());
    assertEquals("t.ksim", leaks.get(0).sites().get(0).file());
    assertEquals(1, leaks.get(0).sites().get(0).line());
    assertEquals(2, leaks.get(1).sites().get(0).line());
    assertEquals(leaks, m.diagnostics());
  }

  @Test
  void aRestoreForgetsHistoryAndReportsNothingFalse() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    var snap = m.snapshot();
    cpu0.kunmapLocal(va);
    m.restore(snap);
    cpu0.readLong(va);
    assertEquals(List.of(), codes());
    cpu1.readLong(va);
    assertEquals(List.of(DiagnosticCode.USE_ON_OTHER_CPU), codes());
  }

  @Test
  void thisCpuPtrWhilePreemptibleAndMigratableIsDebugPreemptsReport() {
    Task t = m.createTask("stat", 0);
    m.schedule(0, t);
    long va = cpu0.thisCpuPtr("counters");
    assertEquals(List.of(DiagnosticCode.PREEMPTIBLE_PER_CPU), codes());
    assertTrue(m.diagnostics().get(0).message().startsWith(
        "BUG: using smp_processor_id() in preemptible [00000000] code: stat/"));
    assertEquals(va, cpu0.getCpuPtr("counters"), "the same copy");
    assertEquals(1, t.preemptCount());
    cpu0.putCpuPtr("counters");
    assertEquals(0, t.preemptCount());
    long local = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.thisCpuPtr("counters"); // migration disabled: the v5.11+ check is silent
    cpu0.kunmapLocal(local);
    assertEquals(1, m.diagnostics().size());
    assertTrue(cpu1.thisCpuPtr("counters") != va, "each CPU has its copy");
  }

  @Test
  void thisCpuReadAndWriteReachThisCpusCopyOnly() {
    cpu0.thisCpuWrite("v", 5);
    cpu1.thisCpuWrite("v", 6);
    assertEquals(5, cpu0.thisCpuRead("v"));
    assertEquals(6, cpu1.thisCpuRead("v"));
    assertEquals(5, cpu0.readLong(cpu0.getCpuPtr("v")));
    cpu0.putCpuPtr("v");
    assertEquals(List.of(), codes(), "this_cpu ops and the idle task are never reported");
  }

  @Test
  void anotherTaskUsingTheCopyInBetweenIsARaceNamingTheKmapLocal() {
    Task a = m.createTask("a", 0);
    Task b = m.createTask("b", 0);
    m.schedule(0, a);
    cpu0.callSite("t.ksim", 1, "src");
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.callSite("t.ksim", 2, "p");
    long p = cpu0.thisCpuPtr("scratch");
    cpu0.callSite("t.ksim", 3, "p");
    cpu0.writeLong(p, 1);
    m.schedule(0, b);
    cpu0.callSite("t.ksim", 4, null);
    cpu0.thisCpuWrite("scratch", 2);
    m.schedule(0, a);
    cpu0.callSite("t.ksim", 5, "p");
    assertEquals(2, cpu0.readLong(p));
    assertEquals(List.of(DiagnosticCode.PER_CPU_RACE), codes());
    Diagnostic d = m.diagnostics().get(0);
    assertTrue(d.message().contains("holds a kmap_local from t.ksim:1 (src)"), d.message());
    assertEquals(List.of(2, 4, 5), d.sites().stream().map(Site::line).toList());
    cpu0.readLong(p);
    assertEquals(1, m.diagnostics().size(), "reported once: the pointer saw the copy since");
  }

  @Test
  void mutexLockMaySleepAndIsReportedUnderKmapAtomic() {
    long va = cpu0.kmapAtomic(m.page(Toy.HIGH_PFN));
    cpu0.mutexLock("m");
    cpu0.mutexUnlock("m");
    cpu0.kunmapAtomic(va);
    cpu0.mutexLock("m");
    cpu0.mightSleep();
    assertEquals(List.of(DiagnosticCode.SLEEP_IN_ATOMIC), codes());
    assertEquals(DiagnosticCode.BAD_ARGUMENT,
        assertThrows(KmapException.class, () -> cpu0.localLock(" ")).code());
  }
}
