// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.core.machine.SimMachine;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MmuBehaviour;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Remote TLB invalidation as the kernel makes it: {@code flush_tlb_kernel_range()} and {@code
 * flush_tlb_all()} send IPIs ({@code on_each_cpu(do_flush_tlb_kernel_range)}), a broadcast
 * invalidation ({@code tlbie}) reaches every TLB; either way the other CPU's TLB is not touched by
 * the sender's thread: the invalidation is posted ({@link Mmu#post}) and applied before that CPU's
 * next translation, probe, check or snapshot. With {@link MmuBehaviour#SPECULATIVE_WALKS} an entry
 * invalidated while its PTE is still present may be loaded again by the walker before the PTE
 * changes; with {@link MmuBehaviour#PAIRED_TLB_ENTRIES} (MIPS {@code local_flush_tlb_one()}
 * probes one even/odd entry) a post covers whole pairs.
 */
class MmuRemotePostTest {
  private static final long PAGE = 4096;
  private static final long PTE = Toy.HIGH_PFN << 12 | ToyArch.PAGE_KERNEL;

  private static Machine toy(KmapHooks hooks, MmuBehaviour... behaviours) {
    Set<MmuBehaviour> set = behaviours.length == 0 ? Set.of()
        : EnumSet.copyOf(List.of(behaviours));
    return KmapSim.newMachine(Toy.config(), new ToyArch(hooks) {
      @Override
      public Set<MmuBehaviour> mmuBehaviours() {
        return set;
      }
    });
  }

  private static Hardware hardware(Machine m) {
    return ((SimMachine) m).hardware();
  }

  private static Mmu mmu(Machine m, int cpu) {
    return hardware(m).cpu(cpu).mmu();
  }

  private static HardwareServices hw(Machine m, int cpu) {
    return hardware(m).cpu(cpu).services();
  }

  private static int entry(Machine m, long vaddr) {
    return hardware(m).pageTable().indexOf(vaddr >>> 12);
  }

  private static long vaddrOf(Machine m, int e) {
    return hardware(m).pageTable().vpnOf(e) << 12;
  }

  /** Sets PTE {@code e} from {@code cpu}, as an arch hook's set_pte would. */
  private static void setPte(Machine m, int cpu, int e, long pte) {
    hardware(m).cpu(cpu).pteTable().set(e, pte);
  }

  // ---- flush_tlb_kernel_range's IPI: posted, applied before the owner's next use ----

  @Test
  void aRemoteRangeFlushIsAppliedBeforeTheOwnerTranslatesAgain() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    Cpu cpu0 = m.cpu(0);
    long va = cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr();
    cpu0.writeLong(va, 0x1111);
    int e = entry(m, va);
    assertTrue(cpu0.tlbHolds(va));
    // CPU1 remaps the pkmap entry to another page and flushes: CPU0's entry is posted stale
    setPte(m, 1, e, (Toy.HIGH_PFN + 7) << 12 | ToyArch.PAGE_KERNEL);
    hw(m, 1).flushTlbKernelRange(va, va + PAGE);
    assertNotNull(mmu(m, 0).tlb().data(e), "posted, not applied by the sender's thread");
    assertEquals((Toy.HIGH_PFN + 7) << 12 | 0x18, mmu(m, 0).translate(va + 0x18),
        "translate applies the post first and walks the new PTE");
    assertNull(mmu(m, 0).tlb().data(e));
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
    assertEquals(0, cpu0.readLong(va), "the new page, through a fresh walk");
  }

  @Test
  void theInvariantCheckAppliesAPendingPostBeforeItLooksAtTheTlb() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    m.cpu(0).readLong(va);
    setPte(m, 1, entry(m, va), (Toy.HIGH_PFN + 7) << 12 | ToyArch.PAGE_KERNEL);
    hw(m, 1).flushTlbKernelRange(va, va + PAGE);
    List<io.github.kmapsim.api.InvariantViolation> violations = new ArrayList<>();
    mmu(m, 0).checkTlb(violations);
    assertEquals(List.of(), violations, "CPU0 has been sent the flush: nothing stale");
  }

  @Test
  void aProbeAppliesAPendingPostAndFaultsAsTheAccessWould() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    m.cpu(0).readLong(va);
    int e = entry(m, va);
    setPte(m, 1, e, 0);
    hw(m, 1).flushTlbKernelRange(va, va + PAGE);
    Mmu mmu = mmu(m, 0);
    KmapException read = assertThrows(KmapException.class, () -> mmu.probe(va, false));
    assertTrue(read.getMessage().contains("not-present page"), read.getMessage());
    // a read-only PTE from CPU1: a write probe faults, a read probe does not
    setPte(m, 1, e, Toy.HIGH_PFN << 12 | ToyArch.PRESENT);
    mmu.probe(va, false);
    KmapException write = assertThrows(KmapException.class, () -> mmu.probe(va, true));
    assertTrue(write.getMessage().contains("write to a read-only PTE"), write.getMessage());
  }

  @Test
  void aRemoteFlushTlbAllIsAppliedAtTheOwnersNextLookup() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    m.cpu(0).readLong(va);
    hw(m, 1).flushTlbAll();
    assertNotNull(mmu(m, 0).tlb().data(entry(m, va)), "posted only");
    assertFalse(m.cpu(0).tlbHolds(va));
  }

  // ---- probe and translate agree with the access itself ----

  /**
   * {@code probe} faults exactly when the access would, with the same message, and changes
   * nothing but the oops it reports; {@code translate} gives the physical address the access
   * reaches. Tried at every boundary: the main region of the page table, the lowmem direct map
   * (PAGE_OFFSET to high_memory), and addresses covered by neither.
   */
  @Test
  void probeAndTranslateAgreeWithTheAccessAtEveryBoundary() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    Cpu cpu = m.cpu(0);
    long pk = cpu.kmap(m.page(Toy.HIGH_PFN)).vaddr();
    long local = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    long ro = cpu.kmapLocalPageProt(m.page(Toy.HIGH_PFN + 2), ToyArch.PRESENT);
    KernelPageTable pt = hardware(m).pageTable();
    long mainStart = pt.mainVpn() << 12;
    long mainEnd = pt.mainVpn() + pt.mainPages() << 12;
    long highMemory = ToyArch.PAGE_OFFSET + ToyArch.LOWMEM;
    long[] addresses = {pk, pk + PAGE - 8, local, ro, mainStart, mainStart - PAGE, mainEnd - PAGE,
        mainEnd, ToyArch.PAGE_OFFSET - PAGE, ToyArch.PAGE_OFFSET, ToyArch.PAGE_OFFSET + 0x5128,
        highMemory - PAGE, highMemory, 0x1000};
    Mmu mmu = mmu(m, 0);
    for (long va : addresses) {
      for (boolean write : new boolean[] {false, true}) {
        String what = String.format("%s 0x%08x", write ? "write" : "read", va);
        MachineSnapshot before = m.snapshot();
        String probed = fault(() -> mmu.probe(va, write));
        assertEquals(List.of(), before.diff(m.snapshot()).stream()
            .filter(l -> !l.startsWith("diagnostic ")).toList(),
            what + ": a probe changes nothing but the oops it reports");
        long pa = mmu.translate(va);
        String accessed = fault(() -> mmu.storage(va, write));
        assertEquals(accessed, probed, what);
        if (accessed == null && !write) {
          assertTrue(pa >= 0, what);
          assertTrue(hardware(m).memory().page(pa >>> 12) == mmu.storage(va, false),
              what + ": translate names the page the access reaches");
        }
      }
    }
    assertEquals(0x5128, mmu.translate(ToyArch.PAGE_OFFSET + 0x5128));
    assertEquals(ToyArch.LOWMEM - 1, mmu.translate(highMemory - 1));
    assertEquals(-1, mmu.translate(0x1000));
    assertEquals(-1, mmu.translate(highMemory));
    assertEquals(0, mmu.translate(ToyArch.PAGE_OFFSET));
    assertEquals(-1, mmu.translate(ToyArch.PAGE_OFFSET - 1));
  }

  private static String fault(Runnable access) {
    try {
      access.run();
      return null;
    } catch (KmapException e) {
      return e.getMessage();
    }
  }

  // ---- speculative walks: what a post leaves the walker ----

  @Test
  void aRemoteFlushWhileThePteIsPresentLetsTheWalkerReloadBeforePteClear() {
    // no flush in the unmap hooks: only CPU1's earlier flush_tlb_kernel_range
    Machine m = toy(new KmapHooks() {}, MmuBehaviour.SPECULATIVE_WALKS);
    Cpu cpu0 = m.cpu(0);
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    hw(m, 1).flushTlbKernelRange(va, va + PAGE);
    cpu0.kunmapLocal(va); // never accessed: the walker reloaded it just before pte_clear
    assertTrue(cpu0.tlbHolds(va), "the remote flush came before pte_clear: no protection");
  }

  @Test
  void withoutTheRemoteFlushNothingIsReloaded() {
    Machine m = toy(new KmapHooks() {}, MmuBehaviour.SPECULATIVE_WALKS);
    Cpu cpu0 = m.cpu(0);
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.kunmapLocal(va);
    assertFalse(cpu0.tlbHolds(va));
  }

  @Test
  void aPostRecordsForEachEntryWhetherItsPteWasPresentAcrossBitmapWords() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.SPECULATIVE_WALKS);
    int base = entry(m, m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr()) & ~63;
    int[] present = {base + 3, base + 63, base + 64, base + 130};
    for (int e : present) {
      setPte(m, 1, e, PTE);
    }
    int old = entry(m, m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr());
    long from = vaddrOf(m, base);
    hw(m, 1).flushTlbKernelRange(from, from + 200 * PAGE);
    int[] expected = java.util.stream.IntStream.concat(java.util.Arrays.stream(present),
        java.util.stream.IntStream.of(old)).sorted().distinct().toArray();
    assertArrayEquals(expected, mmu(m, 0).captureReloadable(),
        "CPU0's walker may reload each entry that was present when the IPI was sent");
    assertArrayEquals(expected, mmu(m, 1).captureReloadable(), "CPU1 flushed its own TLB too");
  }

  @Test
  void aLaterPostOfACleanedEntryTakesBackAnEarlierOne() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.SPECULATIVE_WALKS);
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    int e = entry(m, va);
    hw(m, 1).flushTlbKernelRange(va, va + PAGE); // present: reloadable
    setPte(m, 1, e, 0);
    hw(m, 1).flushTlbKernelRange(va, va + PAGE); // cleared: not any more
    assertArrayEquals(new int[0], mmu(m, 0).captureReloadable());
  }

  @Test
  void aRestoreAppliesAPendingPostFirstSoTheRestoredStateStays() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.SPECULATIVE_WALKS);
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    Mmu mmu = mmu(m, 0);
    int[] none = mmu.captureReloadable();
    hw(m, 1).flushTlbKernelRange(va, va + PAGE);
    mmu.restoreReloadable(none);
    assertArrayEquals(new int[0], mmu.captureReloadable());
    long empty = vaddrOf(m, entry(m, va) + 5); // no PTE: a local flush records nothing there
    hw(m, 0).localFlushTlbKernelPage(empty);
    assertArrayEquals(new int[0], mmu.captureReloadable(), "the restore cleared the posted entry");
  }

  @Test
  void withPairedEntriesAPostCoversTheWholePair() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.SPECULATIVE_WALKS,
        MmuBehaviour.PAIRED_TLB_ENTRIES);
    int even = entry(m, m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr()) & ~1;
    int base = even + 8; // a pair nothing else uses
    setPte(m, 1, base, PTE);
    setPte(m, 1, base + 1, PTE + PAGE);
    setPte(m, 1, base + 2, PTE + 3 * PAGE);
    setPte(m, 1, base + 3, PTE + 2 * PAGE);
    hw(m, 1).flushTlbKernelPageBroadcast(vaddrOf(m, base + 1)); // the odd half
    assertArrayEquals(new int[] {base, base + 1}, mmu(m, 0).captureReloadable());
    hw(m, 1).flushTlbKernelPageBroadcast(vaddrOf(m, base + 2)); // even half; odd one present
    assertArrayEquals(new int[] {base, base + 1, base + 2, base + 3},
        mmu(m, 0).captureReloadable());
  }

  @Test
  void withPairedEntriesALocalFlushMarksBothHalves() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.SPECULATIVE_WALKS,
        MmuBehaviour.PAIRED_TLB_ENTRIES);
    int base = (entry(m, m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr()) & ~1) + 8;
    setPte(m, 0, base, PTE);
    setPte(m, 0, base + 1, PTE + PAGE);
    hw(m, 0).localFlushTlbKernelPage(vaddrOf(m, base));
    assertArrayEquals(new int[] {base, base + 1}, mmu(m, 0).captureReloadable());
  }

  @Test
  void aLocalRangeFlushMarksThePresentEntriesUpToTheEndOfTheTable() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.SPECULATIVE_WALKS);
    KernelPageTable pt = hardware(m).pageTable();
    int last = pt.size() - 1;
    setPte(m, 0, last, PTE);
    setPte(m, 0, last - 2, PTE);
    long start = vaddrOf(m, last - 3);
    hw(m, 0).localFlushTlbKernelRange(start, vaddrOf(m, last) + PAGE);
    assertArrayEquals(new int[] {last - 2, last}, mmu(m, 0).captureReloadable());
  }

  @Test
  void aPairedRefillDropsAStaleBuddyHalfWhoseReplacementIsNotPresent() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true), MmuBehaviour.PAIRED_TLB_ENTRIES);
    int base = (entry(m, m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr()) & ~1) + 8;
    setPte(m, 0, base, PTE);
    setPte(m, 0, base + 1, PTE + PAGE);
    m.cpu(0).readLong(vaddrOf(m, base));
    assertTrue(m.cpu(0).tlbHolds(vaddrOf(m, base + 1)), "the refill loaded the buddy");
    setPte(m, 0, base + 1, 0);
    hw(m, 0).localFlushTlbKernelPage(vaddrOf(m, base + 1));
    m.cpu(0).readLong(vaddrOf(m, base));
    assertFalse(m.cpu(0).tlbHolds(vaddrOf(m, base + 1)), "the buddy half is invalid now");
  }

  /**
   * An access after a remote flush, with nothing else before it, reaches the page the PTE maps
   * now: the access applies the post before it looks at the TLB. The fresh walk is a miss.
   */
  @Test
  void anAccessAppliesAPendingPostBeforeItUsesTheTlb() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    Cpu cpu0 = m.cpu(0);
    long va = cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr();
    cpu0.writeLong(va, 0x1111);
    long misses = m.counters().tlbMisses();
    setPte(m, 1, entry(m, va), (Toy.HIGH_PFN + 7) << 12 | ToyArch.PAGE_KERNEL);
    hw(m, 1).flushTlbKernelRange(va, va + PAGE);
    assertEquals(0, cpu0.readLong(va), "the new page");
    assertEquals(misses + 1, m.counters().tlbMisses(), "one refill");
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics()::toString);
  }

  /**
   * A PTE changed with no flush at all: the TLB still translates to the old page, the simulator
   * says so once (W: STALE_TLB, naming the page the table maps now) and goes on using the entry
   * as the hardware would; the invariant check reports the entry until it is flushed.
   */
  @Test
  void aStaleEntryIsReportedOnceWithWhatThePageTableMapsNow() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    Cpu cpu0 = m.cpu(0);
    long va = cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr();
    cpu0.writeLong(va, 0x2222);
    setPte(m, 0, entry(m, va), (Toy.HIGH_PFN + 7) << 12 | ToyArch.PAGE_KERNEL);
    assertEquals(0x2222, cpu0.readLong(va), "the old page, through the stale entry");
    assertEquals(1, m.diagnostics().size(), m.diagnostics()::toString);
    String text = m.diagnostics().get(0).toString();
    assertTrue(text.contains(String.format("the page table now maps pfn 0x%x",
        Toy.HIGH_PFN + 7)), text);
    cpu0.readLong(va);
    assertEquals(1, m.diagnostics().size(), "reported once per change");
    setPte(m, 0, entry(m, va), 0);
    cpu0.readLong(va);
    assertEquals(2, m.diagnostics().size());
    assertTrue(m.diagnostics().get(1).toString().contains("the page table entry is now empty"),
        m.diagnostics().get(1)::toString);
  }

  /** A writable TLB entry whose PTE became read-only is stale, as a remap to another page is. */
  @Test
  void aWritableEntryOverAReadOnlyPteIsStale() {
    Machine m = toy(new ToyArch.FlushingHooks(true, true));
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN)).vaddr();
    m.cpu(0).writeLong(va, 1);
    setPte(m, 0, entry(m, va), Toy.HIGH_PFN << 12 | ToyArch.PRESENT);
    List<io.github.kmapsim.api.InvariantViolation> violations = new ArrayList<>();
    mmu(m, 0).checkTlb(violations);
    assertEquals(1, violations.size(), violations::toString);
    assertEquals(io.github.kmapsim.api.InvariantViolation.Code.STALE_TLB,
        violations.get(0).code());
  }
}
