// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.Variants.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The persistent kmap pool ({@code kmap_high}, {@code map_new_virtual}, {@code kunmap_high},
 * {@code flush_all_zero_pkmaps}) on every variant's PKMAP_BASE and LAST_PKMAP: kunmap is lazy,
 * the scan flushes every unused entry with one global TLB flush exactly when it wraps, and a full
 * pool puts the caller to sleep until a kunmap wakes it.
 */
class PersistentKmapTest {

  /** PKMAP_ADDR(nr). */
  private static long pkmapAddr(MemoryLayout layout, int nr) {
    return layout.pkmapBase() + ((long) nr << layout.pageShift());
  }

  /**
   * The {@code i}th highmem page of colour 0: with DCACHE_N_COLORS N > 1 (xtensa-c2) pkmap
   * scans per colour, and the pages of colour 0 take entries N, 2N, ... (0 after the wrap).
   */
  private static Page colour0(Machine m, long i) {
    int n = m.arch().dcacheColours();
    long first = (m.maxLowPfn() + n - 1) & -n;
    return m.page(first + i * n);
  }

  /**
   * LAST_PKMAP - 1 kmap/kunmap pairs fill entries 1..LAST_PKMAP-1 lazily (with N colours, the
   * LAST_PKMAP / N - 1 entries N, 2N, ... of colour 0); the next kmap wraps: one
   * flush_all_zero_pkmaps, one flush_tlb_kernel_range over the pool reaching the other CPUs by
   * IPI, and the new mapping at PKMAP_ADDR(0).
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void theWrapFlushesTheUnusedEntriesOnceWithOneGlobalFlush(String variant) {
    Machine m = Variants.machine(variant);
    MemoryLayout layout = m.layout();
    int last = layout.lastPkmap();
    int n = m.arch().dcacheColours();
    int entries = last / n;
    Cpu cpu = m.cpu(0);
    Cpu other = m.cpu(m.nrCpus() - 1);
    Counters beforeLast = null;
    Counters afterLast = null;
    for (int i = 1; i < entries; i++) {
      Page page = colour0(m, i);
      if (i == entries - 1) {
        beforeLast = m.counters();
      }
      long va = cpu.kmap(page).vaddr();
      if (i == entries - 1) {
        afterLast = m.counters();
      }
      assertEquals(hex(pkmapAddr(layout, i * n)), hex(va), "kmap " + i + " takes entry " + i * n);
      if (i == 5) {
        other.readLong(va);
      }
      cpu.kunmap(page);
      assertEquals(1, m.pkmapCount(i * n), "entry " + i * n + " unused but not flushed");
    }
    assertEquals(0, m.counters().pkmapFlushes(), "no wrap yet");
    assertTrue(other.tlbHolds(pkmapAddr(layout, 5 * n)), "kunmap is lazy: the translation stays");
    assertEquals(hex(pkmapAddr(layout, 5 * n)), hex(m.pageAddress(colour0(m, 5))));
    Counters plainKmap = delta(beforeLast, afterLast);
    List<long[]> rangeFlushes = new ArrayList<>();
    List<List<Long>> ipisAfter = new ArrayList<>();
    m.addListener(new KmapListener() {
      @Override
      public void tlbFlushed(int on, TlbFlush kind, long start, long end, int ipis) {
        if (kind == TlbFlush.KERNEL_RANGE) {
          rangeFlushes.add(new long[] {on, start, end, ipis});
          ipisAfter.add(new ArrayList<>());
        }
      }

      @Override
      public void ipiSent(int from, int to) {
        if (!ipisAfter.isEmpty()) {
          ipisAfter.get(ipisAfter.size() - 1).add((long) to);
        }
      }
    });
    Counters before = m.counters();

    long va = cpu.kmap(colour0(m, entries)).vaddr();

    Counters wrap = delta(before, m.counters());
    assertEquals(hex(pkmapAddr(layout, 0)), hex(va), "the wrap takes PKMAP_ADDR(0)");
    assertEquals(1, wrap.pkmapFlushes(), wrap::toString);
    assertEquals(1, wrap.tlbRangeFlushes() - plainKmap.tlbRangeFlushes(),
        () -> "one flush_tlb_kernel_range beyond what every kmap does: " + wrap + " vs " + plainKmap);
    assertEquals(m.nrCpus() - 1, wrap.ipis() - plainKmap.ipis(), "an IPI to every other CPU");
    assertEquals(0, wrap.tlbFullFlushes(), wrap::toString);
    List<Integer> pool = IntStream.range(0, rangeFlushes.size())
        .filter(i -> rangeFlushes.get(i)[1] == pkmapAddr(layout, 0)
            && rangeFlushes.get(i)[2] == pkmapAddr(layout, last))
        .boxed().toList();
    assertEquals(1, pool.size(), "one flush event for the whole pool, as counted");
    long[] poolFlush = rangeFlushes.get(pool.get(0));
    assertEquals(cpu.id(), poolFlush[0], "reported by the CPU that flushed");
    assertEquals(m.nrCpus() - 1, poolFlush[3], "carrying its IPIs");
    assertEquals(LongStream.range(0, m.nrCpus()).filter(c -> c != cpu.id()).boxed().toList(),
        ipisAfter.get(pool.get(0)).stream().sorted().toList(),
        "followed by one IPI event to every other CPU");
    assertFalse(other.tlbHolds(pkmapAddr(layout, 5 * n)), "the global flush reached the other"
        + " CPU");
    assertEquals(0, m.pageAddress(colour0(m, 5)), "page_address forgotten");
    for (int i = 1; i < last; i++) {
      assertEquals(0, m.pkmapCount(i), "entry " + i + " freed");
      assertTrue(m.arch().pteCodec().pteNone(m.kernelPte(pkmapAddr(layout, i))), "entry " + i);
    }
    assertEquals(2, m.pkmapCount(0));
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }

  /**
   * With every entry held, kmap() sleeps on pkmap_map_wait (returns 0, the CPU runs its idle
   * task); the holder's kunmap wakes the waiter, whose retried kmap gets the freed entry. With
   * colours the waiter sleeps on its colour's queue, and the holder releases a page of that
   * colour; on a uniprocessor the holder runs on CPU0 too, before and after the waiter.
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void aFullPoolSleepsUntilAKunmapWakesTheWaiter(String variant) {
    Machine m = Variants.machine(variant);
    MemoryLayout layout = m.layout();
    int last = layout.lastPkmap();
    int hc = m.nrCpus() - 1; // the holder's CPU: CPU1, or CPU0 on a uniprocessor
    Task holder = m.createTask("holder", hc);
    Task waiter = m.createTask("waiter", 0);
    m.schedule(hc, holder);
    for (int i = 0; i < last; i++) {
      assertTrue(m.cpu(hc).kmap(Variants.highPage(m, i)).mapped(), "entry for page " + i);
    }
    m.schedule(0, waiter);
    Page wanted = Variants.highPage(m, last);

    assertEquals(new KmapResult.Sleeping(waiter, wanted), m.cpu(0).kmap(wanted),
        "no free entry: kmap sleeps");

    assertEquals(Task.State.SLEEPING, waiter.state());
    assertEquals("swapper/0", m.cpu(0).current().name(), "CPU0 switched to its idle task");
    assertEquals(1, m.counters().pkmapSleeps());
    assertEquals(Optional.of(wanted), waiter.kmapWaiting());
    Page released = Variants.highPage(m, 7L * m.arch().dcacheColours()); // wanted's colour
    long freed = m.pageAddress(released);
    if (hc == 0) {
      m.schedule(0, holder);
    }
    m.cpu(hc).kunmap(released);
    assertEquals(Task.State.RUNNABLE, waiter.state(), "kunmap_high woke the waiter");
    m.schedule(0, waiter); // the core retries waiter's kmap()

    long va = m.pageAddress(wanted);
    assertEquals(Optional.empty(), waiter.kmapWaiting(), "the retry mapped the page");
    assertEquals(hex(freed), hex(va), "the retried kmap gets the entry the kunmap freed");
    assertEquals(hex(va), hex(m.pageAddress(wanted)));
    assertEquals(0, m.pageAddress(released));
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }

  private static Counters delta(Counters a, Counters b) {
    return new Counters(
        b.localMaps() - a.localMaps(), b.localUnmaps() - a.localUnmaps(),
        b.atomicMaps() - a.atomicMaps(), b.lowmemShortcuts() - a.lowmemShortcuts(),
        b.pteWrites() - a.pteWrites(), b.pteClears() - a.pteClears(),
        b.tlbLocalFlushes() - a.tlbLocalFlushes(), b.tlbRangeFlushes() - a.tlbRangeFlushes(),
        b.tlbFullFlushes() - a.tlbFullFlushes(), b.ipis() - a.ipis(),
        b.lazyMmuFlushes() - a.lazyMmuFlushes(), b.cacheFlushes() - a.cacheFlushes(),
        b.contextSwitches() - a.contextSwitches(), b.switchesWithMaps() - a.switchesWithMaps(),
        b.slotsSavedOnSwitch() - a.slotsSavedOnSwitch(),
        b.slotsRestoredOnSwitch() - a.slotsRestoredOnSwitch(), b.tlbHits() - a.tlbHits(),
        b.tlbMisses() - a.tlbMisses(), b.warnings() - a.warnings(),
        b.persistentMaps() - a.persistentMaps(), b.persistentUnmaps() - a.persistentUnmaps(),
        b.pkmapFlushes() - a.pkmapFlushes(), b.pkmapSleeps() - a.pkmapSleeps(),
        b.ioMaps() - a.ioMaps());
  }
}
