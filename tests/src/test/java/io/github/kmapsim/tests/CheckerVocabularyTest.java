// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kmap_high_get/kunmap_high (ARM only), flush_dcache_page, memcpy between two mapped addresses
 * and __this_cpu_read/write, on real variants.
 */
class CheckerVocabularyTest {

  private static Cpu running(Machine m) {
    Task t = m.createTask("t", 0);
    m.schedule(0, t);
    return m.cpu(0);
  }

  private static List<DiagnosticCode> codes(Machine m) {
    return m.diagnostics().stream().map(Diagnostic::code).toList();
  }

  @Test
  void kmapHighGetPinsAnExistingPkmapEntryOnArmOnly() {
    Machine m = Variants.machine("arm");
    Cpu cpu = running(m);
    Page p = Variants.highPage(m, 0);
    assertEquals(0, cpu.kmapHighGet(p), "no pkmap mapping yet: NULL");
    long k = cpu.kmap(p).vaddr();
    int nr = (int) ((k - m.layout().pkmapBase()) / m.pageSize());
    assertEquals(2, m.pkmapCount(nr));
    assertEquals(k, cpu.kmapHighGet(p));
    assertEquals(3, m.pkmapCount(nr), "kmap_high_get took a reference");
    cpu.kunmapHigh(p);
    cpu.kunmap(p);
    assertEquals(1, m.pkmapCount(nr), "unused, mapping kept until the next flush");
    KmapException bug = assertThrows(KmapException.class, () -> cpu.kunmapHigh(p));
    assertEquals(DiagnosticCode.KUNMAP_UNMAPPED, bug.diagnostic().code());
    assertThrows(KmapException.class, () -> cpu.kmapHighGet(m.page(0)), "lowmem");
    assertEquals(List.of(DiagnosticCode.KUNMAP_UNMAPPED), codes(m));

    Machine x86 = Variants.machine("x86");
    Cpu c = running(x86);
    KmapException e = assertThrows(KmapException.class,
        () -> c.kmapHighGet(Variants.highPage(x86, 0)));
    assertEquals(DiagnosticCode.BAD_CONFIG, e.diagnostic().code());
    assertTrue(e.getMessage().contains("ARCH_NEEDS_KMAP_HIGH_GET"), e.getMessage());
  }

  @Test
  void flushDcachePageFlushesTheKernelMappingOnlyWhereTheDcacheAliases() {
    Machine vivt = Variants.machine("arm-vivt");
    Cpu cpu = running(vivt);
    Page p = Variants.highPage(vivt, 0);
    long before = vivt.counters().cacheFlushes();
    cpu.flushDcachePage(p);
    assertEquals(before, vivt.counters().cacheFlushes(), "no pkmap mapping: nothing to flush");
    cpu.kmap(p);
    long mapped = vivt.counters().cacheFlushes();
    cpu.flushDcachePage(p);
    assertEquals(mapped + 1, vivt.counters().cacheFlushes());
    cpu.flushDcachePage(vivt.page(0));
    assertEquals(mapped + 2, vivt.counters().cacheFlushes(), "lowmem: the direct map");

    Machine x86 = Variants.machine("x86");
    Cpu c = running(x86);
    long x = x86.counters().cacheFlushes();
    c.flushDcachePage(x86.page(0));
    assertEquals(x, x86.counters().cacheFlushes(), "x86: a no-op");
  }

  @Test
  void memcpyCopiesBetweenTwoMappingsAndChecksBoth() {
    Machine m = Variants.machine("x86");
    Cpu cpu = running(m);
    long a = cpu.kmapLocalPage(Variants.highPage(m, 0));
    long b = cpu.kmapLocalPage(Variants.highPage(m, 1));
    cpu.writeLong(a + 0xff8, 0x1122334455667788L);
    cpu.memcpy(b, a + 0xff8, 8);
    assertEquals(0x1122334455667788L, cpu.readLong(b));
    cpu.writeLong(a, 0x0807060504030201L);
    cpu.memcpy(a + 1, a, 8); // overlapping: as memmove
    assertEquals(1, cpu.readByte(a + 1));
    assertEquals(8, cpu.readByte(a + 8), "not smeared by a forward byte copy");
    cpu.kunmapLocal(b);
    KmapException oops = assertThrows(KmapException.class, () -> cpu.memcpy(a + 8, b, 8));
    assertEquals(DiagnosticCode.PAGE_FAULT, oops.diagnostic().code(), "b's slot is clear");
    assertEquals(0x08, cpu.readByte(a + 8), "nothing copied into a");
  }

  @Test
  void rawThisCpuOpsAreReportedWherePreemptible() {
    Machine m = Variants.machine("x86");
    Cpu cpu = running(m);
    cpu.rawThisCpuWrite("n", 5);
    assertEquals(List.of(DiagnosticCode.PREEMPTIBLE_PER_CPU), codes(m));
    assertTrue(m.diagnostics().get(0).message().startsWith("BUG: using __this_cpu_write() in"
        + " preemptible [00000000] code: t/"), m.diagnostics().get(0).message());
    cpu.preemptDisable();
    assertEquals(5, cpu.rawThisCpuRead("n"));
    cpu.preemptEnable();
    assertEquals(5, cpu.thisCpuRead("n"));
    assertEquals(1, m.diagnostics().size(), "preempt_disable and this_cpu_read are silent");
  }
}
