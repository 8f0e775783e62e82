// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.core.machine.SimMachine;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MmuBehaviour;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The MMU behaviours a variant declares make a dropped or misplaced hook visible: paired TLB
 * entries, speculative walks, lazy MMU batching, the VIVT flush by virtual address, and the
 * broadcast invalidation service.
 */
class MmuBehaviourTest {
  private static final long PAGE = 4096;

  /** The toy with some MMU behaviours, a cache type and hooks. */
  private static Machine toy(KmapHooks hooks, CacheType cache, MmuBehaviour... behaviours) {
    Set<MmuBehaviour> set = behaviours.length == 0 ? Set.of()
        : EnumSet.copyOf(List.of(behaviours));
    return KmapSim.newMachine(Toy.config(), new ToyArch(hooks) {
      @Override
      public Set<MmuBehaviour> mmuBehaviours() {
        return set;
      }

      @Override
      public CacheType cacheType() {
        return cache;
      }
    });
  }

  private static Machine toy(KmapHooks hooks, MmuBehaviour... behaviours) {
    return toy(hooks, CacheType.PHYSICAL, behaviours);
  }

  private static HardwareServices hw(Machine m, int cpu) {
    return ((SimMachine) m).hardware().cpu(cpu).services();
  }

  private static List<InvariantViolation.Code> codes(Machine m) {
    return m.checkInvariants().stream().map(InvariantViolation::code).toList();
  }

  /** Hooks that flush the local TLB page before the PTE is cleared, as nds32's pre_unmap does. */
  private static final KmapHooks FLUSH_BEFORE_CLEAR = new KmapHooks() {
    @Override
    public void preUnmap(HardwareServices hw, long vaddr) {
      hw.localFlushTlbKernelPage(vaddr);
    }
  };

  @Test
  void aPairedRefillLoadsTheBuddyAndAFlushDropsBoth() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.PAIRED_TLB_ENTRIES);
    Cpu cpu = m.cpu(0);
    long s0 = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long s1 = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    long s2 = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 2));
    assertEquals(s1 - PAGE, s2);
    assertEquals(0, (s2 >>> 12) & 1, "slot 2 is the even page of the pair slot 1 belongs to");
    cpu.readLong(s1);
    assertTrue(cpu.tlbHolds(s2), "the refill of slot 1 loaded its buddy, slot 2");
    assertFalse(cpu.tlbHolds(s0), "slot 0 is in another pair");
    hw(m, 0).localFlushTlbKernelPage(s2);
    assertFalse(cpu.tlbHolds(s1) || cpu.tlbHolds(s2), "one invalidation drops the whole entry");
    cpu.kunmapLocal(s2);
    cpu.kunmapLocal(s1);
    cpu.kunmapLocal(s0);
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
  }

  @Test
  void withoutPairsTheBuddyIsNotLoaded() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    Cpu cpu = m.cpu(0);
    cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long s1 = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    long s2 = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 2));
    cpu.readLong(s1);
    assertFalse(cpu.tlbHolds(s2));
  }

  @Test
  void aSpeculativeWalkDefeatsAFlushMadeBeforePteClear() {
    Machine m = toy(FLUSH_BEFORE_CLEAR, MmuBehaviour.SPECULATIVE_WALKS);
    Cpu cpu = m.cpu(1);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.kunmapLocal(va); // never accessed: only the walker can have loaded it
    assertTrue(cpu.tlbHolds(va), "the walker loaded the PTE again between the flush and pte_clear");
    assertEquals(List.of(InvariantViolation.Code.STALE_TLB), codes(m));
  }

  @Test
  void withoutSpeculationTheSameFlushLeavesNothing() {
    Machine m = toy(FLUSH_BEFORE_CLEAR);
    Cpu cpu = m.cpu(1);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.kunmapLocal(va);
    assertFalse(cpu.tlbHolds(va));
    assertTrue(m.checkInvariants().isEmpty());
  }

  @Test
  void aSpeculativeWalkIsHarmlessToAFlushAfterPteClear() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.SPECULATIVE_WALKS);
    Cpu cpu = m.cpu(0);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.kunmapLocal(va);
    assertFalse(cpu.tlbHolds(va));
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
    assertEquals(0, m.counters().tlbMisses(), "a speculative walk is not a miss");
  }

  /** x86's hooks: post_map and post_unmap end with arch_flush_lazy_mmu_mode(). */
  private static KmapHooks x86Like(boolean flushAfterMap) {
    return new KmapHooks() {
      @Override
      public void postMap(HardwareServices hw, long vaddr, long pteval) {
        if (flushAfterMap) {
          hw.flushLazyMmuMode();
        }
      }

      @Override
      public void postUnmap(HardwareServices hw, long vaddr) {
        hw.localFlushTlbKernelPage(vaddr);
        hw.flushLazyMmuMode();
      }
    };
  }

  @Test
  void lazyMmuUpdatesReachThePageTableWhenTheBatchIsIssued() {
    Machine m = toy(x86Like(true), MmuBehaviour.LAZY_MMU_UPDATES,
        MmuBehaviour.SPECULATIVE_WALKS);
    Cpu cpu = m.cpu(1);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.writeLong(va, 0x1234);
    cpu.kunmapLocal(va);
    assertFalse(cpu.tlbHolds(va), "the batch kept the pte_clear before the TLB flush");
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics()::toString);
  }

  @Test
  void withoutTheLazyFlushAfterMapTheSlotIsNotMappedYet() {
    Machine m = toy(x86Like(false), MmuBehaviour.LAZY_MMU_UPDATES);
    Cpu cpu = m.cpu(1);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertFalse(ToyArch.Codec.INSTANCE.ptePresent(m.kernelPte(va)), "the set_pte waits");
    assertTrue(codes(m).contains(InvariantViolation.Code.LAZY_MMU_PENDING), codes(m)::toString);
    KmapException e = assertThrows(KmapException.class, () -> cpu.readLong(va));
    assertTrue(e.getMessage().contains("not-present page"), e.getMessage());
  }

  @Test
  void aFullBatchIsIssued() {
    Machine m = toy(new KmapHooks() {}, MmuBehaviour.LAZY_MMU_UPDATES);
    Cpu cpu = m.cpu(0);
    long[] vas = new long[15];
    for (int i = 0; i < 15; i++) { // 15 sets, then 15 clears, then the 33rd entry issues
      vas[i] = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + i));
    }
    long first = vas[0];
    assertFalse(ToyArch.Codec.INSTANCE.ptePresent(m.kernelPte(first)));
    for (int i = vas.length - 1; i >= 0; i--) {
      cpu.kunmapLocal(vas[i]);
    }
    cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 20));
    cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 21));
    cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 22));
    assertTrue(ToyArch.Codec.INSTANCE.ptePresent(m.kernelPte(first)),
        "the 31st entry filled the batch of 32, the 33rd issued it");
  }

  @Test
  void aBroadcastFlushReachesEveryCpuWithoutIpis() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    m.cpu(0).readLong(va);
    m.cpu(1).readLong(va);
    KmapListener listener = mock(KmapListener.class);
    m.addListener(listener);
    Counters before = m.counters();
    hw(m, 1).flushTlbKernelPageBroadcast(va);
    assertFalse(m.cpu(0).tlbHolds(va) || m.cpu(1).tlbHolds(va));
    Counters after = m.counters();
    assertEquals(before.tlbLocalFlushes() + 1, after.tlbLocalFlushes(), "no IPI: counted local");
    assertEquals(before.tlbRangeFlushes(), after.tlbRangeFlushes());
    assertEquals(before.ipis(), after.ipis());
    verify(listener).tlbFlushed(1, TlbFlush.BROADCAST_PAGE, va, va + PAGE, 0);
  }

  // ---- what the behaviours keep is part of the snapshot ----

  /**
   * A snapshot taken while a lazy MMU batch waits (a broken port's map left it unissued) restores
   * it exactly: the set_pte is still queued, not in the page table, and issuing it afterwards
   * maps the slot as it would have the first time.
   */
  @Test
  void aSnapshotWithAPendingLazyMmuBatchRestoresItExactly() {
    Machine m = toy(x86Like(false), MmuBehaviour.LAZY_MMU_UPDATES);
    Cpu cpu = m.cpu(1);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    MachineSnapshot pending = m.snapshot();
    hw(m, 1).flushLazyMmuMode();
    assertTrue(ToyArch.Codec.INSTANCE.ptePresent(m.kernelPte(va)), "issued");
    List<String> diff = pending.diff(m.snapshot());
    assertTrue(diff.stream().anyMatch(l -> l.startsWith("CPU1 lazy MMU batch: [set PTE #")
        && l.endsWith("-> []")), () -> String.join("\n", diff));
    MachineSnapshot issued = m.snapshot();

    m.restore(pending);
    assertEquals(pending, m.snapshot());
    assertFalse(ToyArch.Codec.INSTANCE.ptePresent(m.kernelPte(va)), "queued again");
    assertTrue(codes(m).contains(InvariantViolation.Code.LAZY_MMU_PENDING), codes(m)::toString);
    hw(m, 1).flushLazyMmuMode();
    assertEquals(issued, m.snapshot(), "the restored batch issues the same store");
    assertEquals(List.of(), codes(m));
  }

  /**
   * Both halves of a paired TLB entry are in the snapshot: after restore the refill's buddy is
   * held again, and a flush of either page drops both, as before.
   */
  @Test
  void aSnapshotWithPairedEntriesRestoresBothHalves() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.PAIRED_TLB_ENTRIES);
    Cpu cpu = m.cpu(0);
    cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long s1 = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    long s2 = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 2));
    cpu.readLong(s1);
    MachineSnapshot paired = m.snapshot();
    hw(m, 0).localFlushTlbKernelPage(s1);
    assertFalse(cpu.tlbHolds(s1) || cpu.tlbHolds(s2));
    assertEquals(2, paired.diff(m.snapshot()).stream().filter(l -> l.startsWith("CPU0 TLB"))
        .count(), () -> String.join("\n", paired.diff(m.snapshot())));

    m.restore(paired);
    assertEquals(paired, m.snapshot());
    assertTrue(cpu.tlbHolds(s1) && cpu.tlbHolds(s2), "both halves are back");
    hw(m, 0).localFlushTlbKernelPage(s2);
    assertFalse(cpu.tlbHolds(s1), "and still one entry: a flush of the buddy drops both");
  }

  /**
   * The speculative walker's pending reload (a flush made before pte_clear) is in the snapshot:
   * restored, the same pte_clear lets the walker load the stale entry again.
   */
  @Test
  void aSnapshotKeepsTheEntriesASpeculativeWalkerMayReload() {
    Machine m = toy(FLUSH_BEFORE_CLEAR, MmuBehaviour.SPECULATIVE_WALKS);
    Cpu cpu = m.cpu(1);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    MachineSnapshot mapped = m.snapshot();
    hw(m, 1).localFlushTlbKernelPage(va); // pre_unmap's flush, the PTE still present
    MachineSnapshot flushed = m.snapshot();
    assertTrue(mapped.diff(flushed).contains(String.format(
        "CPU1 speculative reload of 0x%08x: none -> pending", va)), mapped.diff(flushed)::toString);
    m.restore(mapped);
    assertEquals(mapped, m.snapshot());
    m.restore(flushed);
    assertEquals(flushed, m.snapshot());
    cpu.kunmapLocal(va); // pre_unmap flushes again, then pte_clear: the walker reloads first
    assertTrue(cpu.tlbHolds(va));
    assertEquals(List.of(InvariantViolation.Code.STALE_TLB), codes(m));
  }

  /**
   * A broadcast page flush from one CPU is posted to the others, which apply it before they next
   * use their TLB; a snapshot applies it first, so it sees the entry gone everywhere, and a
   * restore to before the flush brings every CPU's entry back.
   */
  @Test
  void aBroadcastFlushIsInTheSnapshotOnEveryCpuAndRestoreUndoesIt() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    m.cpu(0).readLong(va);
    m.cpu(1).readLong(va);
    MachineSnapshot both = m.snapshot();
    hw(m, 0).flushTlbKernelPageBroadcast(va);
    List<String> diff = both.diff(m.snapshot());
    assertEquals(List.of("CPU0 counter tlbLocalFlushes: 0 -> 1", String.format(
        "CPU0 TLB 0x%08x: pfn 0x%x (pte 0x%x, writable) -> none", va, Toy.HIGH_PFN,
        m.kernelPte(va)), String.format(
        "CPU1 TLB 0x%08x: pfn 0x%x (pte 0x%x, writable) -> none", va, Toy.HIGH_PFN,
        m.kernelPte(va))), diff);
    m.restore(both);
    assertEquals(both, m.snapshot());
    assertTrue(m.cpu(0).tlbHolds(va) && m.cpu(1).tlbHolds(va));
  }

  /** Hooks that flush the VIVT D-cache in post_unmap, after (or before) the TLB flush. */
  private static KmapHooks vivtFlushInPostUnmap(boolean afterTlbFlush) {
    return new KmapHooks() {
      @Override
      public void postUnmap(HardwareServices hw, long vaddr) {
        if (!afterTlbFlush) {
          hw.flushDcacheArea(vaddr, PAGE);
        }
        hw.localFlushTlbKernelPage(vaddr);
        if (afterTlbFlush) {
          hw.flushDcacheArea(vaddr, PAGE);
        }
      }
    };
  }

  private static long physicalLong(Machine m, long pa) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (m.readPhysical(pa + i) & 0xffL);
    }
    return v;
  }

  @Test
  void aVivtFlushWithNoTranslationLeftCannotWriteBack() {
    Machine m = toy(vivtFlushInPostUnmap(true), CacheType.VIVT);
    Cpu cpu = m.cpu(0);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.writeLong(va, 0x77);
    cpu.kunmapLocal(va);
    assertEquals(0, physicalLong(m, Toy.HIGH_PFN << 12), "the line stayed in the cache");
    assertEquals(List.of(InvariantViolation.Code.ORPHANED_DIRTY_LINE), codes(m));
  }

  @Test
  void aVivtFlushWhileTheTlbStillTranslatesWritesBack() {
    Machine m = toy(vivtFlushInPostUnmap(false), CacheType.VIVT);
    Cpu cpu = m.cpu(0);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.writeLong(va, 0x77);
    cpu.kunmapLocal(va);
    assertEquals(0x77, physicalLong(m, Toy.HIGH_PFN << 12));
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
  }
}
