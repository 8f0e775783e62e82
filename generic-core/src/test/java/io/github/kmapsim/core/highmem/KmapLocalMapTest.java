// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.HardwareServices;
import java.util.List;
import org.junit.jupiter.api.Test;

/** __kmap_local_pfn_prot, __kmap_local_page_prot and the slot stack. */
class KmapLocalMapTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);

  @Test
  void highmemPageGetsSlotZeroOfItsCpuWithTheArchPte() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    Task t = cpu0.current();
    assertEquals(Toy.slot(0, 0), va);
    assertEquals((Toy.HIGH_PFN << 12) | ToyArch.PAGE_KERNEL, m.kernelPte(va));
    assertEquals(1, t.kmapIdx());
    assertEquals(m.kernelPte(va), t.pteval(0));
    assertEquals(1, t.migrationDisabled(), "migrate_disable is held until the unmap");
    assertEquals(0, t.preemptCount(), "preemption is only disabled inside the call");
    assertEquals(List.of(new LiveMap(0, va, Toy.HIGH_PFN, (Toy.HIGH_PFN << 12) | ToyArch.PAGE_KERNEL)),
        t.liveMaps());
  }

  @Test
  void nestedMapsWalkDownTheFixmapAndOtherCpusUseTheirOwnStride() {
    long a = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long b = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    long c = m.cpu(1).kmapLocalPage(m.page(Toy.HIGH_PFN + 2));
    assertEquals(Toy.slot(0, 1), b);
    assertEquals(a - 4096, b, "a higher fixmap index is a lower address");
    assertEquals(Toy.slot(1, 0), c, "CPU1's slots start KM_MAX_IDX entries further down");
  }

  @Test
  void lowmemPageReturnsItsDirectMapAddressWithoutPush() {
    long va = cpu0.kmapLocalPage(m.page(0x123));
    assertEquals(ToyArch.PAGE_OFFSET + 0x123000L, va);
    assertEquals(0, cpu0.current().kmapIdx());
    assertEquals(0, cpu0.current().migrationDisabled());
    cpu0.kunmapLocal(va);
    assertEquals(0, cpu0.current().kmapIdx());
    assertEquals(1, m.counters().lowmemShortcuts());
    assertTrue(m.diagnostics().isEmpty(), "the lowmem unmap returns silently");
  }

  @Test
  void forceMapMapsLowmemThroughTheFixmap() {
    Machine fm = Toy.machine(Toy.config().toBuilder().forceMap(true).build());
    long va = fm.cpu(0).kmapLocalPage(fm.page(0x123));
    assertEquals(Toy.slot(0, 1), va, "FORCE_MAP selects DEBUG_KMAP_LOCAL: slot 0 is a guard");
    assertEquals((0x123L << 12) | ToyArch.PAGE_KERNEL, fm.kernelPte(va));
    fm.cpu(0).writeLong(va + 8, 77);
    assertEquals(77, fm.cpu(0).readLong(ToyArch.PAGE_OFFSET + 0x123008L),
        "the fixmap alias and the direct map reach the same page");
  }

  @Test
  void kmapLocalPfnAlwaysUsesAFixmapSlot() {
    long va = cpu0.kmapLocalPfn(0x10);
    assertEquals(Toy.slot(0, 0), va);
    assertEquals(1, cpu0.current().kmapIdx());
  }

  @Test
  void protIsEncodedByTheArch() {
    long va = cpu0.kmapLocalPageProt(m.page(Toy.HIGH_PFN), ToyArch.PRESENT);
    assertEquals((Toy.HIGH_PFN << 12) | ToyArch.PRESENT, m.kernelPte(va));
  }

  @Test
  void archHighGetMappingIsReturnedWithoutPush() {
    long pkmapAddress = 0xff800000L;
    Machine hg = Toy.machine(Toy.config(), new ToyArch.FlushingHooks(true, true) {
      @Override
      public long highGet(HardwareServices hw, long pfn) {
        return pfn == Toy.HIGH_PFN ? pkmapAddress : 0;
      }
    });
    assertEquals(pkmapAddress, hg.cpu(0).kmapLocalPage(hg.page(Toy.HIGH_PFN)));
    assertEquals(0, hg.cpu(0).current().kmapIdx());
    assertEquals(Toy.slot(0, 0), hg.cpu(0).kmapLocalPage(hg.page(Toy.HIGH_PFN + 1)));
  }

  @Test
  void nestingStopsAtTheKernelLimitOf15() {
    for (int i = 0; i < 15; i++) {
      assertEquals(Toy.slot(0, i), cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + i)));
    }
    KmapException e =
        assertThrows(KmapException.class, () -> cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 15)));
    assertEquals(DiagnosticCode.STACK_OVERFLOW, e.code());
    assertTrue(e.getMessage().contains("KM_MAX_IDX 16"), e.getMessage());
    assertEquals(15, cpu0.current().kmapIdx(), "the BUG leaves the stack as it was");
    assertEquals(15, cpu0.current().migrationDisabled());
    assertEquals(0, m.kernelPte(Toy.slot(0, 15)), "slot 15 is never used");
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants().toString());
  }

  @Test
  void debugKmapLocalUsesOddSlotsAndAllows16() {
    Machine d = Toy.machine(Toy.config().toBuilder().debugKmapLocal(true).build());
    Cpu c = d.cpu(0);
    for (int i = 0; i < 16; i++) {
      assertEquals(Toy.slot(0, 2 * i + 1, 33), c.kmapLocalPage(d.page(Toy.HIGH_PFN + i)));
    }
    assertEquals(32, c.current().kmapIdx());
    for (int i = 0; i < 33; i += 2) {
      assertEquals(0, d.kernelPte(Toy.slot(0, i, 33)), "guard slot " + i + " stays unmapped");
    }
    KmapException e =
        assertThrows(KmapException.class, () -> c.kmapLocalPage(d.page(Toy.HIGH_PFN + 16)));
    assertEquals(DiagnosticCode.STACK_OVERFLOW, e.code());
    assertEquals(Toy.slot(1, 1, 33), d.cpu(1).kmapLocalPage(d.page(Toy.HIGH_PFN + 20)),
        "the per-CPU stride is 33 with DEBUG_KMAP_LOCAL");
  }

  @Test
  void aGuardPageCatchesAnOverrun() {
    Machine d = Toy.machine(Toy.config().toBuilder().debugKmapLocal(true).build());
    long va = d.cpu(0).kmapLocalPage(d.page(Toy.HIGH_PFN));
    KmapException e = assertThrows(KmapException.class, () -> d.cpu(0).readLong(va + 4096));
    assertEquals(DiagnosticCode.PAGE_FAULT, e.code());
    assertTrue(e.getMessage().contains(String.format("0x%08x", va + 4096)), e.getMessage());
  }
}
