// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.HardwareServices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kmap() and kunmap() (include/linux/highmem-internal.h) call {@code might_sleep()} for lowmem
 * and highmem pages alike, and {@code kmap_flush_tlb(addr)} after a highmem kmap;
 * {@code flush_all_zero_pkmaps()} (mm/highmem.c) calls {@code flush_cache_kmaps()} first.
 */
class PkmapHooksAndSleepTest {
  private final List<String> calls = new ArrayList<>();
  private final Machine m = Toy.machine(Toy.config(), new ToyArch.FlushingHooks(true, true) {
    @Override
    public void kmapFlushTlb(HardwareServices hw, long vaddr) {
      calls.add(String.format("kmap_flush_tlb CPU%d 0x%x", hw.smpProcessorId(), vaddr));
    }

    @Override
    public void flushCacheKmaps(HardwareServices hw) {
      calls.add("flush_cache_kmaps CPU" + hw.smpProcessorId());
    }
  });
  private final Cpu cpu1 = m.cpu(1);

  private Diagnostic onlyDiagnostic() {
    assertEquals(1, m.diagnostics().size(), m.diagnostics()::toString);
    return m.diagnostics().get(0);
  }

  @Test
  void kmapOfALowmemPageInAtomicContextIsASleepInAtomicWarning() {
    cpu1.preemptDisable();
    KmapResult r = cpu1.kmap(m.page(0x200));
    assertEquals(new KmapResult.Mapped(ToyArch.PAGE_OFFSET + 0x200000L), r);
    Diagnostic d = onlyDiagnostic();
    assertEquals(DiagnosticCode.SLEEP_IN_ATOMIC, d.code());
    assertTrue(d.message().contains("kmap()"), d::message);
    assertTrue(calls.isEmpty(), "no kmap_flush_tlb for a lowmem page: " + calls);
  }

  @Test
  void kunmapOfALowmemPageInAtomicContextIsASleepInAtomicWarning() {
    cpu1.kmap(m.page(0x200));
    cpu1.preemptDisable();
    cpu1.kunmap(m.page(0x200));
    Diagnostic d = onlyDiagnostic();
    assertEquals(DiagnosticCode.SLEEP_IN_ATOMIC, d.code());
    assertTrue(d.message().contains("kunmap()"), d::message);
  }

  @Test
  void kunmapOfAHighmemPageInAtomicContextWarnsAndStillUnmaps() {
    KmapResult r = cpu1.kmap(m.page(Toy.HIGH_PFN));
    long va = ((KmapResult.Mapped) r).vaddr();
    assertEquals(List.of(String.format("kmap_flush_tlb CPU1 0x%x", va)), calls);
    cpu1.preemptDisable();
    cpu1.kunmap(m.page(Toy.HIGH_PFN));
    Diagnostic d = onlyDiagnostic();
    assertEquals(DiagnosticCode.SLEEP_IN_ATOMIC, d.code());
    assertTrue(d.message().contains("kunmap()"), d::message);
    assertEquals(1, m.counters().persistentUnmaps());
  }

  @Test
  void kmapFlushUnusedFlushesTheCacheKmapsFirst() {
    cpu1.kmap(m.page(Toy.HIGH_PFN));
    cpu1.kunmap(m.page(Toy.HIGH_PFN));
    calls.clear();
    m.cpu(0).kmapFlushUnused();
    assertEquals(List.of("flush_cache_kmaps CPU0"), calls);
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics()::toString);
  }
}
