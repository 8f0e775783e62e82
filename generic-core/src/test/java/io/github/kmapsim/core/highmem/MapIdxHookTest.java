// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.HardwareServices;
import org.junit.jupiter.api.Test;

/**
 * {@code arch_kmap_local_map_idx()} and {@code arch_kmap_local_unmap_idx()} overridden, as
 * xtensa does for its cache colours (arch/xtensa/include/asm/highmem.h, v5.11+): the slot is the
 * fixmap entry the hook names, and an index outside FIX_KMAP_BEGIN..FIX_KMAP_END is the port's
 * bug, refused before anything changes.
 */
class MapIdxHookTest {
  private static final int KM_MAX_IDX = 16;

  /** Slot {@code idx} of a CPU at fixmap index {@code kmap_local_calc_idx(idx) + shift}. */
  private static Machine shifted(int shift) {
    return Toy.machine(Toy.config(), new ToyArch.FlushingHooks(true, true) {
      @Override
      public int mapIdx(HardwareServices hw, int idx, long pfn) {
        return hw.kmapLocalCalcIdx(idx) + shift;
      }

      @Override
      public int unmapIdx(HardwareServices hw, int idx, long vaddr) {
        return hw.kmapLocalCalcIdx(idx) + shift;
      }
    });
  }

  @Test
  void theHooksIndexIsTheSlotsFixmapEntry() {
    Machine m = shifted(3);
    Cpu cpu1 = m.cpu(1);
    long va = cpu1.kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertEquals(ToyArch.FIXADDR_TOP - ((long) (1 + KM_MAX_IDX + 3) << 12), va);
    assertEquals(Toy.HIGH_PFN << 12 | ToyArch.PAGE_KERNEL, m.kernelPte(va));
    cpu1.writeLong(va, 77);
    cpu1.kunmapLocal(va);
    assertEquals(0, m.kernelPte(va), "the unmap cleared the entry unmap_idx named");
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics()::toString);
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
  }

  @Test
  void anIndexPastFixKmapEndIsRefusedAndNothingChanges() {
    Machine m = shifted(KM_MAX_IDX); // CPU1's last slot lands one past FIX_KMAP_END
    Cpu cpu1 = m.cpu(1);
    MachineSnapshot before = m.snapshot();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> cpu1.kmapLocalPage(m.page(Toy.HIGH_PFN)));
    assertTrue(e.getMessage().contains("arch_kmap_local_map_idx(0) of toy returned 32")
        && e.getMessage().contains("outside FIX_KMAP_BEGIN..FIX_KMAP_END (0..31)"), e::getMessage);
    assertEquals(before, m.snapshot());
    long va = m.cpu(0).kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertEquals(ToyArch.FIXADDR_TOP - ((long) (1 + KM_MAX_IDX) << 12), va,
        "CPU0's slot 0 at index 16 is still inside the window");
  }

  @Test
  void aNegativeIndexIsRefusedToo() {
    Machine m = shifted(-1);
    MachineSnapshot before = m.snapshot();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> m.cpu(0).kmapLocalPage(m.page(Toy.HIGH_PFN)));
    assertTrue(e.getMessage().contains("returned -1"), e::getMessage);
    assertEquals(before, m.snapshot());
  }
}
