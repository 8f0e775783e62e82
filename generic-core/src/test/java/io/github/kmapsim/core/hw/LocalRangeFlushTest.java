// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.machine.SimMachine;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import org.junit.jupiter.api.Test;

/**
 * {@code local_flush_tlb_kernel_range(start, end)}: the range leaves the local CPU's TLB only,
 * counted with the local flushes, with no IPI.
 */
class LocalRangeFlushTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);
  private final Cpu cpu1 = m.cpu(1);

  /** Three consecutive pkmap pages, each read on both CPUs so that both TLBs hold them. */
  private long threePkmapPagesInBothTlbs() {
    long first = 0;
    for (int i = 0; i < 3; i++) {
      long va = cpu0.kmap(m.page(Toy.HIGH_PFN + i)).vaddr();
      if (i == 0) {
        first = va;
      }
      assertEquals(first + i * 4096L, va, "pkmap hands out consecutive entries");
      cpu0.readLong(va);
      cpu1.readLong(va);
    }
    return first;
  }

  private HardwareServices hw(int cpu) {
    return ((SimMachine) m).hardware().cpu(cpu).services();
  }

  @Test
  void theRangeLeavesOnlyTheLocalTlb() {
    long va = threePkmapPagesInBothTlbs();
    Counters before = m.counters();
    KmapListener listener = mock(KmapListener.class);
    m.addListener(listener);

    hw(0).localFlushTlbKernelRange(va, va + 2 * 4096);

    assertFalse(cpu0.tlbHolds(va) || cpu0.tlbHolds(va + 4096), "both pages left CPU0's TLB");
    assertTrue(cpu0.tlbHolds(va + 2 * 4096), "the page past the end stays");
    assertTrue(cpu1.tlbHolds(va) && cpu1.tlbHolds(va + 4096), "CPU1 was not asked");
    Counters after = m.counters();
    assertEquals(before.tlbLocalFlushes() + 1, after.tlbLocalFlushes());
    assertEquals(before.tlbRangeFlushes(), after.tlbRangeFlushes());
    assertEquals(before.ipis(), after.ipis(), "a local flush sends no IPI");
    verify(listener).tlbFlushed(0, TlbFlush.LOCAL_RANGE, va, va + 2 * 4096, 0);
    verify(listener, never())
        .tlbFlushed(eq(1), eq(TlbFlush.LOCAL_RANGE), anyLong(), anyLong(), anyInt());
    verify(listener, never()).ipiSent(anyInt(), anyInt());
  }

  @Test
  void anUnalignedEndStillCoversItsLastPage() {
    long va = threePkmapPagesInBothTlbs();
    hw(1).localFlushTlbKernelRange(va + 4096, va + 4096 + 1);
    assertFalse(cpu1.tlbHolds(va + 4096));
    assertTrue(cpu1.tlbHolds(va) && cpu1.tlbHolds(va + 2 * 4096));
    assertTrue(cpu0.tlbHolds(va + 4096));
  }

  /** xtensa's and ARC's {@code arch_kmap_local_post_unmap}: a one-page local range flush. */
  @Test
  void aPostUnmapRangeFlushLeavesNoTranslation() {
    KmapHooks rangeFlush = new KmapHooks() {
      @Override
      public void postUnmap(HardwareServices hw, long vaddr) {
        hw.localFlushTlbKernelRange(vaddr, vaddr + 4096);
      }
    };
    Machine rm = Toy.machine(Toy.config(), rangeFlush);
    Cpu c = rm.cpu(0);
    long va = c.kmapLocalPage(rm.page(Toy.HIGH_PFN));
    c.writeLong(va, 0x5555);
    c.kunmapLocal(va);
    assertFalse(c.tlbHolds(va));
    assertEquals(-1, c.translate(va));
    long again = c.kmapLocalPage(rm.page(Toy.HIGH_PFN + 1));
    assertEquals(va, again);
    assertEquals(0, c.readLong(again), "the new page, not the old one");
    assertTrue(rm.diagnostics().isEmpty(), rm.diagnostics()::toString);
    assertTrue(rm.checkInvariants().isEmpty(), rm.checkInvariants()::toString);
    assertEquals(1, rm.counters().tlbLocalFlushes());
  }
}
