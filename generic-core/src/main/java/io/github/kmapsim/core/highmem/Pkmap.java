// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.hw.KernelPageTable;
import io.github.kmapsim.core.sched.KmapRetry;
import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.Scheduler;
import io.github.kmapsim.core.sched.SimTask;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The persistent kmap pool of {@code mm/highmem.c}: LAST_PKMAP entries at PKMAP_BASE, their
 * {@code pkmap_count} (0 free, 1 unmapped but not yet flushed, n > 1 in use n - 1 times),
 * {@code last_pkmap_nr}, the {@code page_address()} table of highmem pages and the
 * {@code pkmap_map_wait} queue. Where the scan goes, when it has wrapped, how far it looks and
 * which queue a kmap sleeps on are the colour hooks of {@link KmapHooks} ({@code get_pkmap_color}
 * and its family), which keep one scan position and one queue per D-cache colour on xtensa and
 * the single {@code last_pkmap_nr} and {@code pkmap_map_wait} everywhere else. Its monitor is
 * {@code kmap_lock}: one lock for all CPUs, which is what makes kmap() scale badly.
 *
 * <p>A kmap() that must wait puts its task to sleep and returns {@link KmapResult.Sleeping}; the
 * scheduler calls {@link #retry} when the task runs again, which finishes the kmap() as {@code
 * map_new_virtual()}'s loop does.
 */
public final class Pkmap implements KmapRetry {
  private final Scheduler scheduler;
  private final Events events;
  private final Reporter reporter;
  private final PteCodec codec;
  private final KmapHooks hooks;
  private final KernelPageTable pt;
  private final long pkmapBase;
  private final int lastPkmap;
  private final int pageShift;
  private final long pageOffset;
  private final long maxLowPfn;
  private final int[] count;
  private final PageAddressTable slotOfPfn;
  /** Who holds each entry, one element per kmap(), for deadlock reports. */
  private static final SimTask[] NO_TASKS = new SimTask[0];
  private final List<List<SimTask>> holders = new ArrayList<>();
  /** The wait queues {@code get_pkmap_wait_queue_head()} chooses from, one per colour. */
  private final List<Set<SimTask>> waitQueues = new ArrayList<>();
  /** The scan positions {@code get_next_pkmap_nr()} advances, one per colour. */
  private final int[] lastPkmapNr;
  /** A copy of {@link #lastPkmapNr} that the dry run of the scan advances instead. */
  private final int[] scanScratch;
  private final String archName;
  /**
   * The last state captured or restored: a capture shares its count and holder arrays when they
   * did not change (states are immutable), so a snapshot allocates for what changed.
   */
  private HighmemState lastCapture;

  /**
   * @param maxLowPfn {@code max_low_pfn}: kmap() of a page below it is its direct-map address
   */
  public Pkmap(ArchVariant arch, MemoryLayout layout, long maxLowPfn, KernelPageTable pt,
      Scheduler scheduler, Events events, Reporter reporter) {
    this.scheduler = scheduler;
    this.events = events;
    this.reporter = reporter;
    this.codec = arch.pteCodec();
    this.hooks = arch.hooks();
    this.pt = pt;
    this.pkmapBase = layout.pkmapBase();
    this.lastPkmap = layout.lastPkmap();
    this.pageShift = layout.pageShift();
    this.pageOffset = layout.pageOffset();
    this.maxLowPfn = maxLowPfn;
    this.count = new int[lastPkmap];
    this.slotOfPfn = new PageAddressTable(lastPkmap);
    for (int i = 0; i < lastPkmap; i++) {
      holders.add(new ArrayList<>());
    }
    int colours = arch.dcacheColours();
    this.lastPkmapNr = new int[colours];
    this.scanScratch = new int[colours];
    for (int c = 0; c < colours; c++) {
      waitQueues.add(new LinkedHashSet<>());
    }
    this.archName = arch.name();
  }

  /** {@code PKMAP_ADDR(nr)}. */
  long address(int nr) {
    return pkmapBase + ((long) nr << pageShift);
  }

  /** {@code PKMAP_NR(addr)}, or -1 outside the pkmap window. */
  int nr(long vaddr) {
    long nr = (vaddr - pkmapBase) >> pageShift;
    return vaddr >= pkmapBase && nr < lastPkmap ? (int) nr : -1;
  }

  /** {@code pkmap_count[nr]}. */
  public synchronized int count(int nr) {
    return count[nr];
  }

  /** {@code page_address()} of a highmem page: its pkmap address, or 0. */
  public synchronized long pageAddress(long pfn) {
    int nr = slotOfPfn.get(pfn);
    return nr < 0 ? 0 : address(nr);
  }

  /**
   * {@code kmap_high_get(page)}: pins an existing persistent mapping of the page for
   * {@code task} and returns its address, or 0 when the page has none.
   */
  public synchronized long highGet(long pfn, SimTask task) {
    int nr = slotOfPfn.get(pfn);
    if (nr < 0) {
      return 0;
    }
    count[nr]++;
    holders.get(nr).add(task);
    return address(nr);
  }

  /**
   * {@code kunmap_high(page)} called directly, as after {@code kmap_high_get()}: no might_sleep
   * (with ARCH_NEEDS_KMAP_HIGH_GET the lock is irqsave, callable from any context); the BUG_ONs
   * of kunmap_high, then the waiters are woken outside the lock.
   */
  public void kunmapHighDirect(SchedCpu cpu, long pfn) {
    scheduler.wake(kunmapHigh(cpu, cpu.currentTask(), pfn));
  }

  /**
   * {@code kmap()} (highmem-internal.h): {@code might_sleep()}, lowmem pages answered by
   * page_address, highmem ones by {@code kmap_high()}, then {@code kmap_flush_tlb()}.
   *
   * @return the address, or {@link KmapResult.Sleeping} when the task had to sleep on {@code
   *     pkmap_map_wait}: this CPU now runs its idle task, and {@link #retry} finishes the call
   *     once the task runs again
   */
  public KmapResult kmap(SchedCpu cpu, Page page) {
    SimTask task = cpu.currentTask();
    long pfn = page.pfn();
    if (pfn < maxLowPfn) {
      cpu.mightSleep("kmap");
      return new KmapResult.Mapped(pageOffset + (pfn << pageShift));
    }
    long vaddr = kmapHigh(cpu, task, pfn, cpu.preemptible());
    if (vaddr == 0) {
      sleep(cpu, task, page);
      return new KmapResult.Sleeping(task, page);
    }
    hooks.kmapFlushTlb(cpu.hw().services(), vaddr);
    return new KmapResult.Mapped(vaddr);
  }

  /**
   * {@code schedule()} returned in {@code map_new_virtual()}: the task leaves {@code
   * pkmap_map_wait} and scans again; it maps the page ({@code kmap_flush_tlb()} as after any
   * kmap()) or, when another task took the freed entry first, sleeps again. A scan that finds
   * every holder waiting is reported ({@code PKMAP_DEADLOCK}) and the task sleeps on, as the
   * kernel's would, forever.
   */
  @Override
  public void retry(SchedCpu cpu, SimTask task) {
    Page page = task.kmapWait;
    long pfn = page.pfn();
    task.kmapWait = null;
    leaveWaitQueue(task);
    long vaddr;
    try {
      vaddr = kmapHigh(cpu, task, pfn, true);
    } catch (KmapException e) { // recorded; nothing changed: the task waits again
      synchronized (this) {
        waitQueue(colorOf(pfn)).add(task);
      }
      vaddr = 0;
    }
    if (vaddr == 0) {
      sleep(cpu, task, page);
      return;
    }
    hooks.kmapFlushTlb(cpu.hw().services(), vaddr);
    if (events.active()) {
      events.kmapRetried(cpu.id(), task, pfn, vaddr);
    }
  }

  /** The task, queued on {@code pkmap_map_wait}, sleeps: its CPU switches to the idle task. */
  private void sleep(SchedCpu cpu, SimTask task, Page page) {
    cpu.counters().pkmapSleeps++;
    task.kmapWait = page;
    if (events.active()) {
      events.kmapSleeping(cpu.id(), task, page.pfn());
    }
    scheduler.sleep(cpu);
  }

  /**
   * {@code kunmap()}: {@code might_sleep()}, then {@code kunmap_high()} for a highmem page; a
   * kunmap the pool refuses ({@code KUNMAP_UNMAPPED}) is refused before the might_sleep report.
   */
  public void kunmap(SchedCpu cpu, long pfn) {
    SimTask task = cpu.currentTask();
    if (pfn < maxLowPfn) {
      cpu.mightSleep("kunmap");
      return;
    }
    List<SimTask> woken;
    synchronized (this) {
      checkKunmapHigh(cpu, task, pfn);
      cpu.mightSleep("kunmap");
      woken = kunmapHigh(cpu, task, pfn);
    }
    scheduler.wake(woken);
  }

  /**
   * {@code kmap_high(page)}: reuse the page's entry or find a free one ({@code map_new_virtual}:
   * scan with {@code get_next_pkmap_nr()} for the page's colour, flush all unused entries when
   * {@code no_more_pkmaps()} says the scan wrapped, sleep after
   * {@code get_pkmap_entries_count()} tries).
   *
   * @return the address, or 0 when every entry is in use and the task must sleep; then it has
   *     been queued on {@code pkmap_map_wait} and the caller puts it to sleep
   * @throws io.github.kmapsim.api.KmapException {@code PKMAP_DEADLOCK} when no holder could ever
   *     free an entry, {@code SCHED_WHILE_ATOMIC} when the task would have to sleep but may not,
   *     {@code BAD_TASK} when it would have to sleep but is the idle task;
   *     both are found by a dry run of the scan before anything changes (the might_sleep report
   *     included)
   */
  synchronized long kmapHigh(SchedCpu cpu, SimTask task, long pfn, boolean maySleep) {
    int existing = slotOfPfn.get(pfn);
    if (existing < 0 && scanDry(colorOf(pfn)) < 0) {
      if (!maySleep) {
        throw reporter.fail(DiagnosticCode.SCHED_WHILE_ATOMIC, cpu, task, String.format(
            "scheduling while atomic: kmap(pfn 0x%x) must wait for a free pkmap entry but"
                + " CPU%d cannot sleep", pfn, cpu.id()));
      }
      if (task.isIdle()) {
        throw reporter.fail(DiagnosticCode.BAD_TASK, cpu, task, String.format(
            "kmap(pfn 0x%x) must wait for a free pkmap entry, but the idle task %s cannot"
                + " sleep: it is what CPU%d runs when no task can", pfn, task.name(), cpu.id()));
      }
      checkDeadlock(cpu, task, pfn, colorOf(pfn));
    }
    cpu.mightSleep("kmap");
    int nr = existing >= 0 ? existing : mapNewVirtual(cpu, task, pfn);
    if (nr < 0) {
      return 0;
    }
    count[nr]++;
    holders.get(nr).add(task);
    cpu.counters().persistentMaps++;
    return address(nr);
  }

  /**
   * {@code map_new_virtual()} without changing anything: where the scan from the current
   * {@code last_pkmap_nr} would stop, taking into account that a wrap flushes every unused entry,
   * or -1 when it would give up and sleep.
   */
  private int scanDry(int color) {
    System.arraycopy(lastPkmapNr, 0, scanScratch, 0, lastPkmapNr.length);
    int budget = entriesCount(color);
    boolean flushed = false;
    for (;;) {
      int nr = checkedNr(hooks.getNextPkmapNr(scanScratch, color, lastPkmap), color);
      if (hooks.noMorePkmaps(nr, color)) {
        flushed = true;
        budget = entriesCount(color);
      }
      if (count[nr] == 0 || flushed && count[nr] == 1) {
        return nr;
      }
      if (--budget == 0) {
        return -1;
      }
    }
  }

  private int mapNewVirtual(SchedCpu cpu, SimTask task, long pfn) {
    int color = colorOf(pfn);
    int budget = entriesCount(color);
    int nr;
    for (;;) {
      nr = nextPkmapNr(color);
      if (hooks.noMorePkmaps(nr, color)) {
        flushAllZeroPkmaps(cpu);
        budget = entriesCount(color);
      }
      if (count[nr] == 0) {
        break;
      }
      if (--budget == 0) {
        waitQueue(color).add(task);
        return -1;
      }
    }
    codec.setPte(cpu.hw().pteTable(), pt.indexOf(address(nr) >>> pageShift),
        codec.pfnPte(pfn, codec.kmapProt()));
    count[nr] = 1;
    slotOfPfn.put(pfn, nr);
    return nr;
  }

  /**
   * {@code kunmap_high(page)}: drops one use of the page's entry; when it falls to 1 (unused,
   * mapping kept until the next flush) the waiters are woken.
   *
   * @return the tasks to wake, outside the lock
   */
  synchronized List<SimTask> kunmapHigh(SchedCpu cpu, SimTask task, long pfn) {
    int nr = checkKunmapHigh(cpu, task, pfn);
    List<SimTask> held = holders.get(nr);
    if (!held.remove(task) && !held.isEmpty()) {
      held.remove(0);
    }
    cpu.counters().persistentUnmaps++;
    Set<SimTask> queue = waitQueue(colorOf(pfn));
    if (--count[nr] == 1 && !queue.isEmpty()) {
      List<SimTask> woken = List.copyOf(queue);
      queue.clear();
      return woken;
    }
    return List.of();
  }

  /** The BUG_ON of {@code kunmap_high()}: the page's entry, which must be in use. */
  private int checkKunmapHigh(SchedCpu cpu, SimTask task, long pfn) {
    int nr = slotOfPfn.get(pfn);
    if (nr < 0 || count[nr] < 2) {
      throw reporter.fail(DiagnosticCode.KUNMAP_UNMAPPED, cpu, task, String.format(
          "kunmap_high: pfn 0x%x %s", pfn, nr < 0 ? "has no persistent mapping (BUG_ON(!vaddr))"
              : "is mapped but unused: pkmap_count[" + nr + "] would drop to 0"));
    }
    return nr;
  }

  /**
   * {@code remove_wait_queue(&pkmap_map_wait, &wait)}: {@code map_new_virtual()} leaves the
   * queue as soon as {@code schedule()} returns, whoever woke the task.
   */
  public synchronized void leaveWaitQueue(SimTask task) {
    for (Set<SimTask> queue : waitQueues) {
      queue.remove(task);
    }
  }

  /** {@code kmap_flush_unused()}. */
  public synchronized void flushUnused(SchedCpu cpu) {
    flushAllZeroPkmaps(cpu);
  }

  /**
   * {@code flush_all_zero_pkmaps()}: {@code flush_cache_kmaps()}, then every entry with count 1
   * is freed (PTE cleared, page_address forgotten) and, if any was, one
   * {@code flush_tlb_kernel_range} over the whole pkmap window on every CPU.
   */
  private void flushAllZeroPkmaps(SchedCpu cpu) {
    hooks.flushCacheKmaps(cpu.hw().services());
    boolean needFlush = false;
    for (int i = 0; i < lastPkmap; i++) {
      if (count[i] != 1) {
        continue;
      }
      count[i] = 0;
      int pte = pt.indexOf(address(i) >>> pageShift);
      slotOfPfn.remove(codec.ptePfn(pt.get(pte)));
      codec.pteClear(cpu.hw().pteTable(), pte);
      needFlush = true;
    }
    if (needFlush) {
      cpu.counters().pkmapFlushes++;
      cpu.hw().services().flushTlbKernelRange(address(0), address(lastPkmap));
    }
  }

  /**
   * A task about to wait while every holder of an entry of its colour waits too will never wake:
   * only a kunmap of a page of that colour wakes its queue.
   */
  private void checkDeadlock(SchedCpu cpu, SimTask task, long pfn, int color) {
    Map<String, Integer> held = new TreeMap<>();
    int entries = 0;
    for (int i = 0; i < lastPkmap; i++) {
      if (count[i] == 0 || colorOf(codec.ptePfn(pt.get(pt.indexOf(address(i) >>> pageShift))))
          != color) {
        continue;
      }
      entries++;
      for (SimTask h : holders.get(i)) {
        if (h != task && !waiting(h) && h.state != Task.State.DEAD) {
          return;
        }
        held.merge(h.name(), 1, Integer::sum);
      }
    }
    String which = waitQueues.size() == 1 ? "all " + lastPkmap + " pkmap entries are"
        : "all " + entries + " pkmap entries of colour " + color + " are";
    throw reporter.fail(DiagnosticCode.PKMAP_DEADLOCK, cpu, task, String.format(
        "kmap(pfn 0x%x) would sleep forever: %s held by tasks that are waiting for one"
            + " themselves (or have exited): %s", pfn, which, held));
  }

  private boolean waiting(SimTask t) {
    for (Set<SimTask> queue : waitQueues) {
      if (queue.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** The pool's part of a snapshot, with the io_mappings' state. */
  synchronized HighmemState capture(long nextIoremap, IoMapping[] live) {
    int n = 0;
    for (int i = 0; i < lastPkmap; i++) {
      n += count[i] != 0 ? 2 : 0;
    }
    long[] pages = new long[n];
    n = 0;
    for (int i = 0; i < lastPkmap; i++) {
      if (count[i] != 0) {
        pages[n++] = codec.ptePfn(pt.get(pt.indexOf(address(i) >>> pageShift)));
        pages[n++] = i;
      }
    }
    HighmemState prev = lastCapture;
    boolean sameHeld = prev != null;
    for (int i = 0; i < lastPkmap && sameHeld; i++) {
      sameHeld = same(holders.get(i), prev.holders()[i]);
    }
    SimTask[][] held = sameHeld ? prev.holders() : new SimTask[lastPkmap][];
    for (int i = 0; i < lastPkmap && !sameHeld; i++) {
      held[i] = tasks(holders.get(i));
    }
    SimTask[][] queues = new SimTask[waitQueues.size()][];
    for (int i = 0; i < queues.length; i++) {
      queues[i] = tasks(waitQueues.get(i));
    }
    lastCapture = new HighmemState(
        prev != null && Arrays.equals(count, prev.count()) ? prev.count() : count.clone(),
        lastPkmapNr.clone(), pages, held, queues, nextIoremap, live);
    return lastCapture;
  }

  /** Whether a holder list holds the tasks of {@code tasks}, in order. */
  private static boolean same(List<SimTask> list, SimTask[] tasks) {
    if (list.size() != tasks.length) {
      return false;
    }
    for (int i = 0; i < tasks.length; i++) {
      if (list.get(i) != tasks[i]) {
        return false;
      }
    }
    return true;
  }

  /** The tasks of a list, as an array; empty lists share one empty array. */
  private static SimTask[] tasks(java.util.Collection<SimTask> list) {
    return list.isEmpty() ? NO_TASKS : list.toArray(NO_TASKS);
  }

  /** Puts back the pool of {@link #capture}; the page table is the hardware's to restore. */
  synchronized void restore(HighmemState s) {
    lastCapture = s;
    System.arraycopy(s.count(), 0, count, 0, lastPkmap);
    System.arraycopy(s.lastPkmapNr(), 0, lastPkmapNr, 0, lastPkmapNr.length);
    slotOfPfn.clear();
    for (int i = 0; i < s.pageAddress().length; i += 2) {
      slotOfPfn.put(s.pageAddress()[i], (int) s.pageAddress()[i + 1]);
    }
    for (int i = 0; i < lastPkmap; i++) {
      if (!same(holders.get(i), s.holders()[i])) {
        holders.get(i).clear();
        holders.get(i).addAll(List.of(s.holders()[i]));
      }
    }
    for (int i = 0; i < waitQueues.size(); i++) {
      if (!waitQueues.get(i).isEmpty() || s.waitQueues()[i].length != 0) {
        waitQueues.get(i).clear();
        waitQueues.get(i).addAll(List.of(s.waitQueues()[i]));
      }
    }
  }

  /** {@code get_pkmap_color(page)}, checked against DCACHE_N_COLORS. */
  private int colorOf(long pfn) {
    int color = hooks.getPkmapColor(pfn);
    if (color < 0 || color >= lastPkmapNr.length) {
      throw new IllegalStateException(String.format("get_pkmap_color(pfn 0x%x) of %s returned %d:"
          + " outside 0..DCACHE_N_COLORS - 1 (%d)", pfn, archName, color, lastPkmapNr.length - 1));
    }
    return color;
  }

  /** {@code get_next_pkmap_nr(color)}, checked against LAST_PKMAP. */
  private int nextPkmapNr(int color) {
    return checkedNr(hooks.getNextPkmapNr(lastPkmapNr, color, lastPkmap), color);
  }

  private int checkedNr(int nr, int color) {
    if (nr < 0 || nr >= lastPkmap) {
      throw new IllegalStateException(String.format("get_next_pkmap_nr(%d) of %s returned %d:"
          + " outside 0..LAST_PKMAP - 1 (%d)", color, archName, nr, lastPkmap - 1));
    }
    return nr;
  }

  /** {@code get_pkmap_entries_count(color)}. */
  private int entriesCount(int color) {
    return hooks.getPkmapEntriesCount(color, lastPkmap);
  }

  /** {@code get_pkmap_wait_queue_head(color)}, checked against the colours' queues. */
  private Set<SimTask> waitQueue(int color) {
    int q = hooks.getPkmapWaitQueueHead(color);
    if (q < 0 || q >= waitQueues.size()) {
      throw new IllegalStateException(String.format("get_pkmap_wait_queue_head(%d) of %s"
          + " returned %d: outside 0..DCACHE_N_COLORS - 1 (%d)", color, archName, q,
          waitQueues.size() - 1));
    }
    return waitQueues.get(q);
  }
}
