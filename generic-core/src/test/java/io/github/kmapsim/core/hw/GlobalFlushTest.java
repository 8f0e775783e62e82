// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.core.machine.SimMachine;
import io.github.kmapsim.spi.HardwareServices;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * The flushes an arch hook can ask for that reach every CPU: {@code flush_tlb_all()} and
 * {@code flush_tlb_kernel_range()} (this CPU now, every other one by IPI, as x86's
 * {@code on_each_cpu()} in arch/x86/mm/tlb.c), the broadcast page flush (powerpc's
 * {@code tlbie}: every CPU, no IPI), and the one-page local flush.
 */
class GlobalFlushTest {
  private static final int CPUS = 3;
  private final Machine m = Toy.machine(Toy.config().toBuilder().cpus(CPUS).build());

  private HardwareServices hw(int cpu) {
    return ((SimMachine) m).hardware().cpu(cpu).services();
  }

  /** Two consecutive pkmap pages, read on every CPU so that every TLB holds both. */
  private long twoPkmapPagesInEveryTlb() {
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    assertEquals(va + 4096, m.cpu(0).kmap(m.page(Toy.HIGH_PFN + 1)).vaddr());
    for (int c = 0; c < CPUS; c++) {
      m.cpu(c).readLong(va);
      m.cpu(c).readLong(va + 4096);
      assertTrue(m.cpu(c).tlbHolds(va) && m.cpu(c).tlbHolds(va + 4096));
    }
    return va;
  }

  @Test
  void servicesBelongToTheirCpu() {
    for (int c = 0; c < CPUS; c++) {
      assertEquals(c, hw(c).smpProcessorId());
      assertEquals(MachineConfig.preset("toy").kmMaxIdx(), hw(c).kmMaxIdx());
    }
  }

  @Test
  void flushTlbAllEmptiesEveryTlbWithAnIpiToEachOtherCpu() {
    long va = twoPkmapPagesInEveryTlb();
    Counters before = m.counters();
    KmapListener listener = mock(KmapListener.class);
    m.addListener(listener);

    hw(1).flushTlbAll();

    for (int c = 0; c < CPUS; c++) {
      assertFalse(m.cpu(c).tlbHolds(va) || m.cpu(c).tlbHolds(va + 4096), "CPU" + c);
    }
    Counters after = m.counters();
    assertEquals(before.tlbFullFlushes() + 1, after.tlbFullFlushes());
    assertEquals(before.ipis() + CPUS - 1, after.ipis());
    verify(listener).tlbFlushed(1, TlbFlush.ALL, 0, 0, CPUS - 1);
    verify(listener).ipiSent(1, 0);
    verify(listener).ipiSent(1, 2);
    assertEquals(0x1234, readBack(va), "the mapping itself stays: the next access walks it");
  }

  private long readBack(long va) {
    m.cpu(2).writeLong(va, 0x1234);
    return m.cpu(0).readLong(va);
  }

  @Test
  void flushTlbKernelRangeDropsExactlyTheRangeOnEveryCpu() {
    long va = twoPkmapPagesInEveryTlb();
    Counters before = m.counters();
    KmapListener listener = mock(KmapListener.class);
    m.addListener(listener);

    hw(0).flushTlbKernelRange(va, va + 4096);

    for (int c = 0; c < CPUS; c++) {
      assertFalse(m.cpu(c).tlbHolds(va), "CPU" + c + " still holds the flushed page");
      assertTrue(m.cpu(c).tlbHolds(va + 4096), "CPU" + c + " lost the page past the end");
    }
    Counters after = m.counters();
    assertEquals(before.tlbRangeFlushes() + 1, after.tlbRangeFlushes());
    assertEquals(before.ipis() + CPUS - 1, after.ipis());
    InOrder order = inOrder(listener);
    order.verify(listener).tlbFlushed(0, TlbFlush.KERNEL_RANGE, va, va + 4096, CPUS - 1);
    order.verify(listener).ipiSent(0, 1);
    order.verify(listener).ipiSent(0, 2);
  }

  @Test
  void aBroadcastPageFlushReachesEveryCpuWithoutIpis() {
    long va = twoPkmapPagesInEveryTlb();
    Counters before = m.counters();
    KmapListener listener = mock(KmapListener.class);
    m.addListener(listener);

    hw(2).flushTlbKernelPageBroadcast(va + 4096 + 12);

    for (int c = 0; c < CPUS; c++) {
      assertTrue(m.cpu(c).tlbHolds(va), "CPU" + c);
      assertFalse(m.cpu(c).tlbHolds(va + 4096), "CPU" + c);
    }
    Counters after = m.counters();
    assertEquals(before.tlbLocalFlushes() + 1, after.tlbLocalFlushes());
    assertEquals(before.ipis(), after.ipis());
    verify(listener).tlbFlushed(2, TlbFlush.BROADCAST_PAGE, va + 4096, va + 8192, 0);
  }

  @Test
  void aLocalPageFlushDropsOnePageOfOneCpu() {
    long va = twoPkmapPagesInEveryTlb();
    Counters before = m.counters();
    KmapListener listener = mock(KmapListener.class);
    m.addListener(listener);

    hw(1).localFlushTlbKernelPage(va + 4096 + 100);

    assertFalse(m.cpu(1).tlbHolds(va + 4096));
    assertTrue(m.cpu(1).tlbHolds(va), "the page below stays");
    assertTrue(m.cpu(0).tlbHolds(va + 4096) && m.cpu(2).tlbHolds(va + 4096), "other CPUs keep it");
    assertEquals(before.tlbLocalFlushes() + 1, m.counters().tlbLocalFlushes());
    verify(listener).tlbFlushed(1, TlbFlush.LOCAL_PAGE, va + 4096, va + 8192, 0);
  }

  @Test
  void cacheFlushesAreCountedOnAPhysicallyIndexedCache() {
    Counters before = m.counters();
    hw(0).flushCacheAll();
    hw(0).flushDcacheArea(ToyArch.PAGE_OFFSET, 4096);
    assertEquals(before.cacheFlushes() + 2, m.counters().cacheFlushes());
  }

  /** Flushing an address outside the kernel page table still counts, and changes no TLB. */
  @Test
  void aFlushOfAnAddressOutsideThePageTableIsCountedOnly() {
    long va = twoPkmapPagesInEveryTlb();
    Counters before = m.counters();
    hw(0).localFlushTlbKernelPage(ToyArch.PAGE_OFFSET);
    hw(0).flushTlbKernelRange(ToyArch.PAGE_OFFSET, ToyArch.PAGE_OFFSET + 4096);
    for (int c = 0; c < CPUS; c++) {
      assertTrue(m.cpu(c).tlbHolds(va) && m.cpu(c).tlbHolds(va + 4096));
    }
    Counters after = m.counters();
    assertEquals(before.tlbLocalFlushes() + 1, after.tlbLocalFlushes());
    assertEquals(before.tlbRangeFlushes() + 1, after.tlbRangeFlushes());
  }
}
