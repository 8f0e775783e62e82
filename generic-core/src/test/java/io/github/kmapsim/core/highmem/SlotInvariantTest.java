// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code checkInvariants()} on the kmap slots of a CPU: a live slot holds the pteval
 * {@code __kmap_local_pfn_prot()} recorded in {@code kmap_ctrl.pteval}, and every other slot
 * of the CPU is {@code pte_none}. Broken ports break each, and only the broken slot is named.
 */
class SlotInvariantTest {

  /** An arch_kmap_local_set_pte that drops the write bit from what it installs. */
  private static final KmapHooks READ_ONLY_SET_PTE = new ToyArch.FlushingHooks(true, true) {
    @Override
    public void setPte(PteCodec codec, PteTable table, long vaddr, long ptep, long pteval) {
      codec.setPte(table, ptep, pteval & ~ToyArch.RW);
    }
  };

  @Test
  void aLiveSlotWhosePteIsNotItsPtevalIsNamed() {
    Machine m = Toy.machine(Toy.config(), READ_ONLY_SET_PTE);
    long a = m.cpu(1).kmapLocalPage(m.page(Toy.HIGH_PFN));
    long b = m.cpu(1).kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    List<InvariantViolation> v = m.checkInvariants();
    assertEquals(2, v.size(), v::toString);
    for (int i = 0; i < 2; i++) {
      assertEquals(InvariantViolation.Code.LIVE_SLOT_PTE_WRONG, v.get(i).code());
      assertEquals(1, v.get(i).cpu());
    }
    assertEquals(List.of(a, b), List.of(v.get(0).address(), v.get(1).address()));
    assertTrue(v.get(0).message().contains("expected 0x"), v.get(0)::message);
  }

  /** A pte_clear that leaves the entry as it was. */
  private static final class NoClearArch extends ToyArch {
    @Override
    public PteCodec pteCodec() {
      return new PteCodec() {
        private final PteCodec toy = ToyArch.Codec.INSTANCE;

        @Override
        public int pteBits() {
          return toy.pteBits();
        }

        @Override
        public long pfnPte(long pfn, long prot) {
          return toy.pfnPte(pfn, prot);
        }

        @Override
        public long ptePfn(long pte) {
          return toy.ptePfn(pte);
        }

        @Override
        public boolean ptePresent(long pte) {
          return toy.ptePresent(pte);
        }

        @Override
        public boolean pteWrite(long pte) {
          return toy.pteWrite(pte);
        }

        @Override
        public void pteClear(PteTable table, long ptep) {
          // the porting mistake: nothing cleared
        }

        @Override
        public long pageKernel() {
          return toy.pageKernel();
        }

        @Override
        public long maxPfn() {
          return toy.maxPfn();
        }

        @Override
        public String describe(long pte) {
          return toy.describe(pte);
        }
      };
    }
  }

  @Test
  void aFreeSlotWhosePteIsLeftSetIsNamed() {
    Machine m = KmapSim.newMachine(MachineConfig.preset("toy").toBuilder().cpus(2).build(),
        new NoClearArch());
    long a = m.cpu(0).kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
    m.cpu(0).kunmapLocal(a);
    List<InvariantViolation> v = m.checkInvariants();
    assertEquals(1, v.size(), v::toString);
    assertEquals(InvariantViolation.Code.FREE_SLOT_PTE_SET, v.get(0).code());
    assertEquals(0, v.get(0).cpu());
    assertEquals(a, v.get(0).address());
    assertTrue(v.get(0).message().contains("no live slot"), v.get(0)::message);
  }

  @Test
  void aCorrectPortHasNoViolationWithSlotsLiveOnEveryCpu() {
    Machine m = Toy.machine();
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 15; i++) {
        m.cpu(c).kmapLocalPage(m.page(Toy.HIGH_PFN + 16 * c + i));
      }
    }
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
  }
}
