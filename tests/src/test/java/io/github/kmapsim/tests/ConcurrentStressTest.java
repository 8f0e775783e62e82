// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.core.KmapSim;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The per-CPU-threads contract under contention: one Java thread per simulated CPU (two CPUs,
 * or four where the variant has them: two threads per CPU pair), each making seeded random calls
 * on its own CPU at once: nested kmap_local and kmap_atomic with writes and reads checked through
 * every live map, interrupts that map on top of the task, persistent kmap()/kunmap() of pages
 * shared by all CPUs (the pkmap lock), walks over many distinct pages so that the pkmap scan wraps
 * and {@code flush_all_zero_pkmaps} IPIs every other CPU while it runs, and kmap_flush_unused.
 * On powerpc-book3s32 and csky-ck860 every kmap_local map and unmap also invalidates the slot in
 * every CPU's TLB by a hardware broadcast ({@code tlbie}, {@code tlbi.vaas}) while the other
 * threads translate through theirs. A listener registered before the threads start counts every
 * event from every thread.
 *
 * <p>During the run each thread checks what it reads (its own words, in pages of its own and in
 * shared pkmapped pages) and that an unmapped slot no longer translates on its CPU; afterwards the
 * machine must report no diagnostic and no invariant violation, every counter must add up with
 * what the threads did and with what the listener heard, and physical memory must hold the last
 * value each thread wrote. The ops are seeded (the seed is printed on failure,
 * {@code -Dstress.seed=N} reruns one); the interleaving is the operating system's.
 */
class ConcurrentStressTest {
  private static final int OPS = 20_000;
  private static final int SHARED_PAGES = 4096;
  private static final int MAX_PKMAP_HELD = 8;
  private static final long JOIN_MS = 120_000;

  /** A listener that counts what every thread's calls report, thread-safely. */
  static final class Tally implements KmapListener {
    final LongAdder mapped = new LongAdder();
    final LongAdder unmapped = new LongAdder();
    final LongAdder ranges = new LongAdder();
    final LongAdder broadcasts = new LongAdder();
    final LongAdder ipis = new LongAdder();
    final LongAdder diagnosed = new LongAdder();

    @Override
    public void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {
      mapped.increment();
    }

    @Override
    public void unmapped(int cpu, Task task, int slot, long vaddr) {
      unmapped.increment();
    }

    @Override
    public void tlbFlushed(int cpu, TlbFlush kind, long start, long end, int n) {
      if (kind == TlbFlush.KERNEL_RANGE) {
        ranges.increment();
      } else if (kind == TlbFlush.BROADCAST_PAGE) {
        broadcasts.increment();
      }
    }

    @Override
    public void ipiSent(int fromCpu, int toCpu) {
      ipis.increment();
    }

    @Override
    public void diagnosed(io.github.kmapsim.api.Diagnostic d) {
      diagnosed.increment();
    }
  }

  /** One CPU's driver: its task, its private pages, its counts and the last value of each word. */
  private static final class Driver {
    final int id;
    final Cpu cpu;
    final Task task;
    final SplittableRandom random;
    final Machine m;
    final long pageSize;
    final List<Page> own = new ArrayList<>();
    final long[] lastOwn;
    final long[] lastShared = new long[SHARED_PAGES];
    long localMaps;
    long kmaps;
    long flushes;

    Driver(Machine m, int id, long seed) {
      this.m = m;
      this.id = id;
      this.cpu = m.cpu(id);
      this.task = m.createTask("stress" + id, id);
      this.random = new SplittableRandom(seed * 31 + id);
      this.pageSize = m.pageSize();
      for (int p = 0; p < 6; p++) {
        own.add(m.page(m.maxLowPfn() + 64L * id + p));
      }
      lastOwn = new long[own.size()];
    }

    /** The word of a shared page this CPU owns: no two CPUs write the same word. */
    long sharedOffset() {
      return 8L * id;
    }

    Page shared(int n) {
      return m.page(m.maxLowPfn() + 1024 + n);
    }

    void run() {
      Deque<Long> held = new ArrayDeque<>();
      List<Integer> pk = new ArrayList<>();
      int walk = random.nextInt(SHARED_PAGES);
      for (int op = 0; op < OPS; op++) {
        int r = random.nextInt(100);
        if (r < 35) {
          nestedLocal();
        } else if (r < 45) {
          interruptWithMap();
        } else if (r < 85) {
          // a walk: kmap() the next shared page, check and write this CPU's word
          walk = (walk + 1 + random.nextInt(3)) % SHARED_PAGES;
          Page p = shared(walk);
          KmapResult kmapped = cpu.kmap(p);
          check(kmapped.mapped(), "kmap slept: the pool was meant never to run dry");
          long va = kmapped.vaddr();
          long got = cpu.readLong(va + sharedOffset());
          check(got == lastShared[walk], "shared page %d read 0x%x, wrote 0x%x", walk, got,
              lastShared[walk]);
          long v = random.nextLong();
          cpu.writeLong(va + sharedOffset(), v);
          lastShared[walk] = v;
          pk.add(walk);
          kmaps++;
          if (pk.size() > random.nextInt(MAX_PKMAP_HELD) || pk.size() == MAX_PKMAP_HELD) {
            cpu.kunmap(shared(pk.remove(random.nextInt(pk.size()))));
          }
        } else if (r < 88) {
          cpu.kmapFlushUnused();
          flushes++;
        } else {
          atomicSection(held);
        }
      }
      for (int n : pk) {
        cpu.kunmap(shared(n));
      }
    }

    /** Two or three nested local kmaps of own pages, written and read back through each. */
    private void nestedLocal() {
      int depth = 2 + random.nextInt(2);
      long[] va = new long[depth];
      int[] which = new int[depth];
      for (int l = 0; l < depth; l++) {
        which[l] = (random.nextInt(own.size()) + l) % own.size();
        boolean dup = false;
        for (int k = 0; k < l; k++) {
          dup |= which[k] == which[l];
        }
        if (dup) {
          depth = l;
          break;
        }
        va[l] = cpu.kmapLocalPage(own.get(which[l]));
        localMaps++;
        long got = cpu.readLong(va[l] + 8);
        check(got == lastOwn[which[l]], "own page %d read 0x%x, wrote 0x%x", which[l], got,
            lastOwn[which[l]]);
        long v = random.nextLong();
        cpu.writeLong(va[l] + 8, v);
        lastOwn[which[l]] = v;
      }
      for (int l = depth - 1; l >= 0; l--) {
        cpu.kunmapLocal(va[l]);
        check(cpu.translate(va[l]) == -1, "CPU%d still translates 0x%x after kunmap_local", id,
            va[l]);
      }
    }

    /** A hardirq that maps an own page over the task's maps and unmaps it before returning. */
    private void interruptWithMap() {
      long under = cpu.kmapLocalPage(own.get(0));
      localMaps++;
      cpu.irqEnter();
      int p = 1 + random.nextInt(own.size() - 1);
      long va = cpu.kmapLocalPage(own.get(p));
      localMaps++;
      check(cpu.readLong(va + 8) == lastOwn[p], "irq read of own page %d", p);
      cpu.kunmapLocal(va);
      cpu.irqExit();
      check(cpu.readLong(under + 8) == lastOwn[0], "the task's map after the irq");
      cpu.kunmapLocal(under);
    }

    /** kmap_atomic of an own page, a write, and the unmap. */
    private void atomicSection(Deque<Long> held) {
      int p = random.nextInt(own.size());
      long va = cpu.kmapAtomic(own.get(p));
      localMaps++;
      long v = random.nextLong();
      cpu.writeLong(va + 8, v);
      lastOwn[p] = v;
      held.push(va);
      cpu.kunmapAtomic(held.pop());
    }

    private void check(boolean ok, String what, Object... args) {
      if (!ok) {
        throw new AssertionError("CPU" + id + ": " + String.format(what, args));
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> cpusOnTheirOwnThreadsShareThePoolAndFlushEachOther() {
    Long only = Long.getLong("stress.seed");
    List<Long> seeds = only != null ? List.of(only) : List.of(1L, 2L, 3L);
    return Stream.of("x86", "arm", "mips", "xtensa-c2", "powerpc-book3s32", "csky-ck860")
        .flatMap(v -> seeds.stream().map(seed ->
        DynamicTest.dynamicTest(v + " seed " + seed, () -> stress(v, seed))));
  }

  private static void stress(String variant, long seed) throws InterruptedException {
    int cpus = Variants.cpus(variant, 4);
    Machine m = KmapSim.newMachine(MachineConfig.preset(variant).toBuilder().cpus(cpus).build());
    Tally tally = new Tally();
    m.addListener(tally);
    List<Driver> drivers = new ArrayList<>();
    for (int c = 0; c < cpus; c++) {
      Driver d = new Driver(m, c, seed);
      m.schedule(c, d.task);
      drivers.add(d);
    }
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (Driver d : drivers) {
      Thread t = new Thread(() -> {
        try {
          start.await();
          d.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "cpu" + d.id);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(JOIN_MS);
      assertFalse(t.isAlive(), t.getName() + " did not finish (seed " + seed + ")");
    }
    String rerun = " (" + variant + ", rerun with -Dstress.seed=" + seed + ")";
    if (failure.get() != null) {
      throw new AssertionError(failure.get() + rerun, failure.get());
    }

    assertEquals(List.of(), m.diagnostics(), "diagnostics" + rerun);
    assertEquals(List.of(), m.checkInvariants(), "invariants" + rerun);
    Counters c = m.counters();
    long maps = drivers.stream().mapToLong(d -> d.localMaps).sum();
    long kmaps = drivers.stream().mapToLong(d -> d.kmaps).sum();
    assertEquals(maps, c.localMaps(), "localMaps" + rerun);
    assertEquals(maps, c.localUnmaps(), "localUnmaps" + rerun);
    assertEquals(kmaps, c.persistentMaps(), "persistentMaps" + rerun);
    assertEquals(kmaps, c.persistentUnmaps(), "persistentUnmaps" + rerun);
    assertTrue(c.pkmapFlushes() > drivers.size(), "the scan wrapped: " + c + rerun);
    assertEquals(c.localMaps(), tally.mapped.sum(), "the listener heard every map" + rerun);
    assertEquals(c.localUnmaps(), tally.unmapped.sum(), "every unmap" + rerun);
    assertEquals(c.tlbRangeFlushes(), tally.ranges.sum(), "every range flush" + rerun);
    assertEquals(c.ipis(), tally.ipis.sum(), "every IPI" + rerun);
    assertEquals((cpus - 1) * c.tlbRangeFlushes(), c.ipis(), "IPIs per range flush" + rerun);
    assertEquals(0, tally.diagnosed.sum(), rerun);
    // a broadcast page flush, no IPI, after every kmap_local map and unmap (book3s32's and
    // ck860's post_map and post_unmap) and, on ck860, every kmap() of a highmem page too
    // (kmap_flush_tlb): every shared and own page here is highmem
    long broadcasts = switch (variant) {
      case "powerpc-book3s32" -> c.localMaps() + c.localUnmaps();
      case "csky-ck860" -> c.localMaps() + c.localUnmaps() + c.persistentMaps();
      default -> 0;
    };
    assertEquals(broadcasts, tally.broadcasts.sum(), "broadcast page flushes" + rerun);
    for (int nr = 0; nr < m.layout().lastPkmap(); nr++) {
      assertTrue(m.pkmapCount(nr) <= 1, "pkmap entry " + nr + " still held" + rerun);
    }
    int shift = m.layout().pageShift();
    for (Driver d : drivers) {
      for (int p = 0; p < d.own.size(); p++) {
        long pa = (d.own.get(p).pfn() << shift) + 8;
        assertEquals(d.lastOwn[p], Variants.physicalLong(m, pa), "CPU" + d.id + " page " + p
            + rerun);
      }
      for (int n = 0; n < SHARED_PAGES; n++) {
        long pa = (d.shared(n).pfn() << shift) + d.sharedOffset();
        assertEquals(d.lastShared[n], Variants.physicalLong(m, pa), "CPU" + d.id + " shared page "
            + n + rerun);
      }
    }
  }
}
