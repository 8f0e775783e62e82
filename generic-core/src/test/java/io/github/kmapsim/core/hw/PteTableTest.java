// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteTable;
import org.junit.jupiter.api.Test;

/** kmap_get_pte: linear arithmetic, page-table walks, and the arch's set_pte/pte_clear. */
class PteTableTest {

  /** 16-entry PTE tables: __kmap_pte (FIX_KMAP_BEGIN at vpn 0xffffe) has 14 entries below it. */
  private static Machine machine(boolean linear, boolean contiguous) {
    return KmapSim.newMachine(Toy.config(),
        new ToyArch(new ToyArch.FlushingHooks(true, linear), 16, contiguous));
  }

  @Test
  void linearArithmeticAcrossNonContiguousTablesMissesThePageTable() {
    Machine m = machine(true, false);
    long va = m.cpu(1).kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertEquals(Toy.slot(1, 0), va);
    assertEquals(DiagnosticCode.STRAY_PTE_WRITE, m.diagnostics().get(0).code());
    assertEquals(0, m.kernelPte(va), "the slot's real PTE was never written");
    KmapException e = assertThrows(KmapException.class, () -> m.cpu(1).readLong(va));
    assertEquals(DiagnosticCode.PAGE_FAULT, e.code());
  }

  @Test
  void aPageTableWalkFindsEverySlotOfEveryCpu() {
    Machine m = machine(false, false);
    for (int cpu = 0; cpu < 2; cpu++) {
      long va = m.cpu(cpu).kmapLocalPage(m.page(Toy.HIGH_PFN + cpu));
      m.cpu(cpu).writeLong(va, cpu + 1);
      assertEquals(cpu + 1, m.cpu(cpu).readLong(va));
    }
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics().toString());
  }

  @Test
  void contiguousTablesLetLinearArithmeticCrossTables() {
    Machine m = machine(true, true);
    long va = m.cpu(1).kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertEquals((Toy.HIGH_PFN << 12) | ToyArch.PAGE_KERNEL, m.kernelPte(va));
    assertTrue(m.diagnostics().isEmpty());
  }

  @Test
  void setPteAndPteClearGoThroughTheArch() {
    long global = 0x800;
    ArchVariant buddyArch = new ToyArch() {
      @Override
      public PteCodec pteCodec() {
        return new BuddyCodec(global);
      }
    };
    Machine m = KmapSim.newMachine(MachineConfig.preset("toy").toBuilder().cpus(1).build(),
        buddyArch);
    long va = m.cpu(0).kmapLocalPage(m.page(Toy.HIGH_PFN));
    long buddy = (va >>> 12) % 2 == 0 ? va + 4096 : va - 4096;
    assertEquals(global, m.kernelPte(buddy), "set_pte marked the buddy global");
    m.cpu(0).kunmapLocal(va);
    assertEquals(global, m.kernelPte(va), "pte_clear keeps _PAGE_GLOBAL when the buddy is global");
    long again = m.cpu(0).kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    assertEquals(va, again, "pte_none ignores the global bit, so the slot is free");
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants().toString());
  }

  /** A MIPS-like codec: a global PTE makes its buddy global too. */
  private record BuddyCodec(long global) implements PteCodec {
    @Override
    public int pteBits() {
      return 32;
    }

    @Override
    public long pfnPte(long pfn, long prot) {
      return (pfn << 12) | prot | global;
    }

    @Override
    public long ptePfn(long pte) {
      return pte >>> 12;
    }

    @Override
    public boolean ptePresent(long pte) {
      return (pte & ToyArch.PRESENT) != 0;
    }

    @Override
    public boolean pteWrite(long pte) {
      return (pte & ToyArch.RW) != 0;
    }

    @Override
    public boolean pteNone(long pte) {
      return (pte & ~global) == 0;
    }

    @Override
    public void setPte(PteTable t, long ptep, long pte) {
      t.set(ptep, pte);
      if ((pte & global) != 0 && pteNone(t.get(ptep ^ 1))) {
        t.set(ptep ^ 1, t.get(ptep ^ 1) | global);
      }
    }

    @Override
    public void pteClear(PteTable t, long ptep) {
      t.set(ptep, (t.get(ptep ^ 1) & global) != 0 ? global : 0);
    }

    @Override
    public long pageKernel() {
      return ToyArch.PAGE_KERNEL;
    }

    @Override
    public long maxPfn() {
      return 1L << 20;
    }

    @Override
    public String describe(long pte) {
      return Long.toHexString(pte);
    }
  }
}
