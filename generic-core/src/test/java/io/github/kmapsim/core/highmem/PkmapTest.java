// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.HardwareServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kmap_high, map_new_virtual, flush_all_zero_pkmaps, kunmap_high and kmap_high_get. */
class PkmapTest {
  private static final long PKMAP_BASE = 0xff800000L;
  private static final int LAST_PKMAP = 512;

  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);

  private static long pkmapAddr(int nr) {
    return PKMAP_BASE + ((long) nr << 12);
  }

  @Test
  void kmapTakesTheNextFreeEntryAndSharesItPerPage() {
    long va = cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr();
    assertEquals(pkmapAddr(1), va, "the scan starts at last_pkmap_nr + 1");
    assertEquals((Toy.HIGH_PFN << 12) | ToyArch.PAGE_KERNEL, m.kernelPte(va));
    assertEquals(2, m.pkmapCount(1));
    assertEquals(va, m.pageAddress(m.page(Toy.HIGH_PFN)));
    assertEquals(va, cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr(), "a mapped page reuses its entry");
    assertEquals(3, m.pkmapCount(1));
    cpu0.kunmap(m.page(Toy.HIGH_PFN));
    cpu0.kunmap(m.page(Toy.HIGH_PFN));
    assertEquals(1, m.pkmapCount(1), "unused but not yet flushed");
    assertEquals(va, m.pageAddress(m.page(Toy.HIGH_PFN)), "the mapping survives until a flush");
    assertEquals(va, cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr());
    assertEquals(ToyArch.PAGE_OFFSET + 0x7000, cpu0.kmap(m.page(7)).vaddr(), "lowmem: page_address");
    assertEquals(0, cpu0.current().migrationDisabled(), "kmap pins nothing");
  }

  @Test
  void theScanFlushesExactlyWhenItWrapsPastUnusedEntries() {
    for (int i = 1; i < LAST_PKMAP; i++) {
      cpu0.kmap(m.page(Toy.HIGH_PFN + i)).vaddr();
    }
    m.cpu(1).readLong(pkmapAddr(5));
    for (int i = 1; i < LAST_PKMAP; i++) {
      cpu0.kunmap(m.page(Toy.HIGH_PFN + i));
    }
    Counters before = m.counters();
    assertEquals(0, before.pkmapFlushes());
    assertTrue(m.cpu(1).tlbHolds(pkmapAddr(5)), "kunmap is lazy: the translation stays");

    long va = cpu0.kmap(m.page(Toy.HIGH_PFN + 1000)).vaddr();
    assertEquals(pkmapAddr(0), va, "the wrap frees every count-1 entry and takes entry 0");
    Counters after = m.counters();
    assertEquals(1, after.pkmapFlushes());
    assertEquals(1, after.tlbRangeFlushes() - before.tlbRangeFlushes());
    assertEquals(1, after.ipis() - before.ipis(), "flush_tlb_kernel_range reaches CPU1 by IPI");
    assertFalse(m.cpu(1).tlbHolds(pkmapAddr(5)));
    assertEquals(0, m.pageAddress(m.page(Toy.HIGH_PFN + 5)));
    assertEquals(0, m.kernelPte(pkmapAddr(5)));
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants().toString());
  }

  @Test
  void aWrapWithNothingToFreeFlushesNoTlb() {
    for (int i = 1; i < LAST_PKMAP; i++) {
      cpu0.kmap(m.page(Toy.HIGH_PFN + i)).vaddr();
    }
    long va = cpu0.kmap(m.page(Toy.HIGH_PFN + 1000)).vaddr();
    assertEquals(pkmapAddr(0), va);
    assertEquals(0, m.counters().tlbRangeFlushes());
  }

  /**
   * The idle task runs when no task can: it cannot sleep on pkmap_map_wait. Its kmap() of a page
   * that would have to wait is refused before anything changes (it was an endless retry).
   */
  /** A task "holder" on CPU1 kmap()s LAST_PKMAP distinct pages: every pkmap entry is in use. */
  private void fillThePoolFromCpu1() {
    m.schedule(1, m.createTask("holder", 1));
    for (int i = 0; i < LAST_PKMAP; i++) {
      m.cpu(1).kmap(m.page(Toy.HIGH_PFN + i));
    }
  }

  @Test
  void theIdleTaskCannotSleepInKmap() {
    fillThePoolFromCpu1();
    MachineSnapshot before = m.snapshot();
    KmapException e = assertThrows(KmapException.class,
        () -> cpu0.kmap(m.page(Toy.HIGH_PFN + 1000)));
    assertEquals(DiagnosticCode.BAD_TASK, e.code());
    assertTrue(e.getMessage().contains("the idle task swapper/0 cannot sleep"), e.getMessage());
    List<String> diff = before.diff(m.snapshot());
    assertEquals(1, diff.size(), diff::toString);
    assertTrue(diff.get(0).startsWith("diagnostic "), diff::toString);
    assertEquals("swapper/0", cpu0.current().name());
    assertEquals(pkmapAddr(1), cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr(),
        "a page that has an entry needs no sleep, even for the idle task");
  }

  @Test
  void aFullPoolPutsTheTaskToSleepAndKunmapWakesIt() {
    Task waiter = m.createTask("waiter", 0);
    fillThePoolFromCpu1();
    m.schedule(0, waiter);
    Page wanted = m.page(Toy.HIGH_PFN + 1000);
    assertEquals(new KmapResult.Sleeping(waiter, wanted), cpu0.kmap(wanted));
    assertEquals(Task.State.SLEEPING, waiter.state());
    assertEquals(Optional.of(wanted), waiter.kmapWaiting());
    assertEquals("swapper/0", cpu0.current().name());
    assertEquals(1, m.counters().pkmapSleeps());
    assertThrows(KmapException.class, () -> m.schedule(0, waiter), "a sleeping task cannot run");

    m.cpu(1).kunmap(m.page(Toy.HIGH_PFN + 7));
    assertEquals(Task.State.RUNNABLE, waiter.state(), "kunmap_high woke the waiter");
    List<String> events = new ArrayList<>();
    m.addListener(new KmapListener() {
      @Override
      public void kmapRetried(int cpu, Task task, long pfn, long vaddr) {
        events.add(task.name() + " " + Long.toHexString(pfn) + " " + Long.toHexString(vaddr));
      }
    });
    m.schedule(0, waiter); // map_new_virtual() goes on: the core retries the kmap()

    long va = m.pageAddress(wanted);
    assertEquals(Optional.empty(), waiter.kmapWaiting(), "the retry mapped the page");
    assertEquals(waiter, cpu0.current());
    assertEquals(pkmapAddr(8), va, "page 7's entry, freed by the wrap flush");
    assertEquals(List.of("waiter " + Long.toHexString(wanted.pfn()) + " "
        + Long.toHexString(va)), events);
    assertEquals(1, m.counters().pkmapFlushes());
    assertEquals(2, m.pkmapCount(8), "the waiter holds it");
    cpu0.kunmap(wanted);
    assertEquals(1, m.pkmapCount(8));
  }

  @Test
  void aRetryThatFindsThePoolFullAgainSleepsAgain() {
    Task waiter = m.createTask("waiter", 0);
    fillThePoolFromCpu1();
    m.schedule(0, waiter);
    assertFalse(cpu0.kmap(m.page(Toy.HIGH_PFN + 1000)).mapped());
    m.cpu(1).kunmap(m.page(Toy.HIGH_PFN + 7));
    assertTrue(m.cpu(1).kmap(m.page(Toy.HIGH_PFN + 2000)).mapped(), "the holder takes it back");

    m.schedule(0, waiter);

    assertEquals(Task.State.SLEEPING, waiter.state(), "no free entry: it sleeps again");
    assertEquals("swapper/0", cpu0.current().name());
    assertEquals(Optional.of(m.page(Toy.HIGH_PFN + 1000)), waiter.kmapWaiting());
    assertEquals(2, m.counters().pkmapSleeps());
  }

  @Test
  void tasksThatAllWaitOnEachOtherAreADeadlock() {
    Task a = m.createTask("a", 0);
    Task b = m.createTask("b", 1);
    holdHalfThePoolEach(a, b);
    assertFalse(cpu0.kmap(m.page(Toy.HIGH_PFN + 1000)).mapped(), "a waits: b may still kunmap");
    KmapException e =
        assertThrows(KmapException.class, () -> m.cpu(1).kmap(m.page(Toy.HIGH_PFN + 1001)).vaddr());
    assertEquals(DiagnosticCode.PKMAP_DEADLOCK, e.code());
    assertTrue(e.getMessage().contains("{a=256, b=256}"), e.getMessage());
    assertEquals(b, m.cpu(1).current(), "b did not go to sleep");
  }

  @Test
  void aHolderAsleepOffPkmapMapWaitMayStillKunmapSoThisIsNoDeadlock() {
    Task a = m.createTask("a", 0);
    Task b = m.createTask("b", 1);
    holdHalfThePoolEach(a, b);
    cpu0.sleep(); // a sleeps for another reason, off pkmap_map_wait: a wake-up may still come
    assertFalse(m.cpu(1).kmap(m.page(Toy.HIGH_PFN + 1001)).mapped(),
        "b waits: a is not on pkmap_map_wait and may still kunmap, so this is no deadlock");
    assertEquals(Task.State.SLEEPING, b.state());
    assertEquals(List.of(), m.diagnostics());
  }

  /**
   * A task woken by {@code wake_up_process()} while it waits in kmap() leaves {@code
   * pkmap_map_wait} and scans again when it runs ({@code goto start} in {@code
   * map_new_virtual()}): with the pool still full it sleeps on the queue again.
   */
  @Test
  void aWaiterWokenByWakeUpProcessRetriesAndWaitsAgain() {
    Task a = m.createTask("a", 0);
    Task b = m.createTask("b", 1);
    holdHalfThePoolEach(a, b);
    assertFalse(cpu0.kmap(m.page(Toy.HIGH_PFN + 1000)).mapped(), "a waits on pkmap_map_wait");
    assertTrue(m.wakeUpProcess(a), "a signal-like wake_up_process");
    m.schedule(0, a);
    assertEquals(Task.State.SLEEPING, a.state());
    assertEquals(Optional.of(m.page(Toy.HIGH_PFN + 1000)), a.kmapWaiting());
    assertEquals(2, m.counters().pkmapSleeps());
    m.cpu(1).kunmap(m.page(Toy.HIGH_PFN + 1));
    assertEquals(Task.State.RUNNABLE, a.state(), "a was back on pkmap_map_wait: kunmap woke it");
  }

  /** a on CPU0 and b on CPU1 each kmap() half of the LAST_PKMAP entries. */
  private void holdHalfThePoolEach(Task a, Task b) {
    m.schedule(0, a);
    m.schedule(1, b);
    for (int i = 0; i < LAST_PKMAP; i++) {
      (i % 2 == 0 ? cpu0 : m.cpu(1)).kmap(m.page(Toy.HIGH_PFN + i));
    }
  }

  @Test
  void kmapMayNotSleepInAtomicContext() {
    cpu0.preemptDisable();
    cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr();
    assertEquals(DiagnosticCode.SLEEP_IN_ATOMIC, m.diagnostics().get(0).code());
    for (int i = 1; i < LAST_PKMAP; i++) {
      cpu0.kmap(m.page(Toy.HIGH_PFN + i)).vaddr();
    }
    KmapException e =
        assertThrows(KmapException.class, () -> cpu0.kmap(m.page(Toy.HIGH_PFN + 1000)).vaddr());
    assertEquals(DiagnosticCode.SCHED_WHILE_ATOMIC, e.code());
    assertEquals(Task.State.RUNNING, cpu0.current().state());
  }

  @Test
  void kunmapOfAPageThatIsNotMappedIsABug() {
    KmapException e = assertThrows(KmapException.class, () -> cpu0.kunmap(m.page(Toy.HIGH_PFN)));
    assertEquals(DiagnosticCode.KUNMAP_UNMAPPED, e.code());
  }

  @Test
  void kmapFlushUnusedFreesUnusedEntriesNow() {
    cpu0.kmap(m.page(Toy.HIGH_PFN)).vaddr();
    cpu0.kunmap(m.page(Toy.HIGH_PFN));
    cpu0.kmapFlushUnused();
    assertEquals(0, m.pkmapCount(1));
    assertEquals(0, m.pageAddress(m.page(Toy.HIGH_PFN)));
    assertEquals(1, m.counters().tlbRangeFlushes());
  }

  @Test
  void kmapLocalReusesAPkmapMappingThroughKmapHighGet() {
    Machine hg = KmapSim.newMachine(Toy.config(), new ToyArch(new ToyArch.FlushingHooks(true, false) {
      @Override
      public long highGet(HardwareServices hw, long pfn) {
        return hw.kmapHighGet(pfn);
      }

      @Override
      public boolean needsKmapHighGet() {
        return true;
      }
    }));
    Cpu c = hg.cpu(0);
    long pk = c.kmap(hg.page(Toy.HIGH_PFN)).vaddr();
    long local = c.kmapLocalPage(hg.page(Toy.HIGH_PFN));
    assertEquals(pk, local, "no second alias of the page");
    assertEquals(3, hg.pkmapCount(1));
    assertEquals(0, c.current().kmapIdx(), "no slot was pushed");
    c.kunmapLocal(local);
    assertEquals(2, hg.pkmapCount(1), "kunmap_local went back through kunmap_high");
    assertEquals(Toy.slot(0, 0), c.kmapLocalPage(hg.page(Toy.HIGH_PFN + 1)),
        "a page without a pkmap mapping still gets a local slot");
  }
}
