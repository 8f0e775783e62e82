// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.bench;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two hot paths of a simulator that uses kmapsim, each beside its floor.
 *
 * <ul>
 *   <li>{@link #kmapLocalRoundTrip}: {@code kmap_local_page} + {@code kunmap_local} of a highmem
 *       page on CPU0 of an {@code x86} machine, beside two floors done by bare code on
 *       {@code long[]}s: {@link #roundTripFloor}, the six kernel data stores (push, PTE, pteval
 *       and their undoing; the JIT drops the pteval set, so 5 run), and
 *       {@link #roundTripAllStoresFloor}, all 23 stores kmapsim's round trip makes (the kernel's,
 *       the simulator's bookkeeping and the counters), checked in the compiled code.
 *   <li>{@link #translatedRead}: {@code readLong} through a live kmap on a TLB hit, the offset
 *       walking through the page; {@link #readFloor}: a {@code long[]} read with the same offsets.
 *   <li>{@link #kmapRoundTrip}: the persistent {@code kmap} + {@code kunmap} of a highmem page,
 *       single thread; {@link #kmapRoundTripTwoThreads} and
 *       {@link #kmapLocalRoundTripTwoThreads}: each flavour with two threads, each driving its own
 *       CPU of one shared two-CPU machine with its own page.
 * </ul>
 *
 * <p>Targets: round trip at most 4x its floor, translated read at most 3x its floor, 0 B/op for
 * both ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KmapBenchmarks {

  private static final String VARIANT = "x86";

  /**
   * An x86 machine with a benchmark task current on CPU0 and the first highmem page; with the
   * checker's access checks on (the default) or off ({@code MachineConfig.checks}), so that one
   * run measures what the checker costs.
   */
  @State(Scope.Thread)
  public static class Sim {
    @Param({"true", "false"})
    boolean checks;

    Machine machine;
    Task task;
    Cpu cpu0;
    Page highPage;
    long pageSize;

    @Setup(Level.Trial)
    public void build() {
      machine = KmapSim.newMachine(MachineConfig.preset(VARIANT).toBuilder().checks(checks)
          .build());
      task = machine.createTask("bench", 0);
      machine.schedule(0, task);
      cpu0 = machine.cpu(0);
      highPage = machine.page(machine.maxLowPfn());
      if (!machine.isHighMem(highPage)) {
        throw new IllegalStateException(highPage + " is not highmem");
      }
      pageSize = machine.layout().pageSize();
    }

    /** The machine must have run cleanly: a fast wrong answer is no result. */
    @TearDown(Level.Trial)
    public void check() {
      checkClean(machine, List.of(task));
    }
  }

  /**
   * Fails the trial unless the machine ran cleanly: no diagnostics, {@code checkInvariants()}
   * empty, and the counters add up for what the benchmarks did on x86: each local unmap cleared
   * one PTE and flushed one TLB page, every local map and unmap flushed the lazy MMU mode once,
   * every PTE write is a local map, a local unmap or the first kmap of a page (its pkmap entry is
   * still there, count 1: no wrap flush ran), every kmap was undone, nobody slept, nothing was
   * flushed globally, and the only context switches are the one per benchmark task in setup.
   * Mapped state ({@link Mapped}) may still hold its kmap: the live maps are counted.
   */
  static void checkClean(Machine machine, List<Task> tasks) {
    List<InvariantViolation> broken = machine.checkInvariants();
    if (!broken.isEmpty() || !machine.diagnostics().isEmpty()) {
      throw new IllegalStateException(
          "machine not clean after the trial: " + broken + " " + machine.diagnostics());
    }
    int live = 0;
    for (Task t : tasks) {
      live += t.liveMaps().size();
    }
    int pkmapEntries = 0;
    for (int nr = 0; nr < machine.layout().lastPkmap(); nr++) {
      int count = machine.pkmapCount(nr);
      if (count > 1) {
        throw new IllegalStateException("pkmap entry " + nr + " still in use: count " + count);
      }
      pkmapEntries += count;
    }
    Counters c = machine.counters();
    long mapsAndUnmaps = c.localMaps() + c.localUnmaps();
    boolean addsUp = c.localMaps() - c.localUnmaps() == live
        && c.pteClears() == c.localUnmaps()
        && c.tlbLocalFlushes() == c.localUnmaps()
        && c.lazyMmuFlushes() == mapsAndUnmaps
        && c.pteWrites() == mapsAndUnmaps + pkmapEntries
        && c.persistentMaps() == c.persistentUnmaps()
        && c.pkmapSleeps() == 0
        && c.pkmapFlushes() == 0
        && c.tlbRangeFlushes() == 0
        && c.tlbFullFlushes() == 0
        && c.ipis() == 0
        && c.lowmemShortcuts() == 0
        && c.atomicMaps() == 0
        && c.warnings() == 0
        && c.contextSwitches() == tasks.size();
    if (!addsUp) {
      throw new IllegalStateException("counters do not add up (live local maps " + live
          + ", pkmap entries kept " + pkmapEntries + "): " + c);
    }
  }

  /**
   * A live kmap of a highmem page on CPU0, its TLB entry loaded, and an offset that walks through
   * the page 8 bytes at a time.
   */
  @State(Scope.Thread)
  public static class Mapped {
    Sim sim;
    Cpu cpu0;
    long vaddr;
    long offsetMask;
    long offset;

    @Setup(Level.Trial)
    public void map(Sim s) {
      sim = s;
      cpu0 = s.cpu0;
      vaddr = cpu0.kmapLocalPage(s.highPage);
      offsetMask = s.pageSize - 8;
      for (long off = 0; off < s.pageSize; off += 8) {
        cpu0.writeLong(vaddr + off, off * 0x9E37_79B9_7F4A_7C15L);
      }
      cpu0.readLong(vaddr);
      if (!cpu0.tlbHolds(vaddr)) {
        throw new IllegalStateException("CPU0's TLB does not hold 0x" + Long.toHexString(vaddr));
      }
    }

    @TearDown(Level.Trial)
    public void unmap() {
      if (!cpu0.tlbHolds(vaddr)) {
        throw new IllegalStateException("the reads did not stay on a TLB hit");
      }
      cpu0.kunmapLocal(vaddr);
    }
  }

  /**
   * The bare-code model of the round trip's stores, with the x86 machine's own layout values:
   * {@code ctrl} plays {@code struct kmap_ctrl} (word 0 is {@code idx}, words 1.. are
   * {@code pteval[]}) and {@code pageTable} the kmap PTEs. Keeping {@code idx} and {@code pteval}
   * in one {@code long[]}, as the struct keeps them together, keeps the JIT from folding the push
   * into the pop (the pteval accesses in between may alias {@code idx}). It does not save the
   * pteval set: C2 (JDK 17) removes {@code ctrl[1 + idx] = pteval} as a dead store, since the
   * pteval clear overwrites it with only a {@code pageTable} store and no load in between
   * ({@code -XX:+PrintAssembly} shows 5 stores per call, see README). Kept as it is, so that its
   * numbers stay comparable with earlier runs; {@link #roundTripAllStoresFloor} is the checked one.
   */
  @State(Scope.Thread)
  public static class Floor {
    long[] ctrl;
    long[] pageTable;
    int kmMaxIdx;
    int cpu;
    int pageShift;
    long fixaddrTop;
    int fixKmapBegin;
    long pageKernel;
    long pfn;

    @Setup(Level.Trial)
    public void build(Sim s) {
      MemoryLayout layout = s.machine.layout();
      PteCodec codec = s.machine.arch().pteCodec();
      kmMaxIdx = s.machine.config().kmMaxIdx();
      ctrl = new long[1 + kmMaxIdx];
      pageTable = new long[kmMaxIdx * s.machine.nrCpus()];
      cpu = 0;
      pageShift = layout.pageShift();
      fixaddrTop = layout.fixaddrTop();
      fixKmapBegin = layout.fixKmapBegin();
      pageKernel = codec.pageKernel();
      pfn = s.highPage.pfn();
    }
  }

  /**
   * The bare-code model of every store kmapsim's x86 round trip makes. {@code task} plays the
   * simulated {@code task_struct} (words {@link #PREEMPT_COUNT}, {@link #MIGRATION_DISABLED},
   * {@link #POSITIONS_USED}, {@link #KMAP_IDX}, then {@code kmap_ctrl.pteval[]}), {@code pageTable}
   * the kernel PTEs of the kmap window ({@code __kmap_pte - idx}), {@code tlbValid} the CPU's TLB
   * valid flags (a {@code boolean[]}, as {@code Tlb.flush} stores into) and {@code counters} the
   * CPU's counters. The values are the x86 machine's own.
   */
  @State(Scope.Thread)
  public static class AllStores {
    static final int PREEMPT_COUNT = 0;
    static final int MIGRATION_DISABLED = 1;
    static final int POSITIONS_USED = 2;
    static final int KMAP_IDX = 3;
    static final int PTEVAL = 4;

    static final int LOCAL_MAPS = 0;
    static final int LOCAL_UNMAPS = 1;
    static final int PTE_WRITES = 2;
    static final int PTE_CLEARS = 3;
    static final int TLB_LOCAL_FLUSHES = 4;
    static final int LAZY_MMU_FLUSHES = 5;

    long[] task;
    long[] pageTable;
    boolean[] tlbValid;
    long[] counters;
    int cpuStride;
    int kmapPte;
    int pageShift;
    long kmapBase;
    long prot;
    long pfn;

    @Setup(Level.Trial)
    public void build(Sim s) {
      MemoryLayout layout = s.machine.layout();
      int kmMaxIdx = s.machine.config().kmMaxIdx();
      task = new long[PTEVAL + kmMaxIdx];
      pageTable = new long[kmMaxIdx * s.machine.nrCpus()];
      tlbValid = new boolean[pageTable.length];
      counters = new long[6];
      cpuStride = 0; // CPU0: KM_MAX_IDX * smp_processor_id()
      kmapPte = pageTable.length - 1; // __kmap_pte: the PTE of FIX_KMAP_BEGIN, the highest address
      pageShift = layout.pageShift();
      kmapBase = layout.fixToVirt(layout.fixKmapBegin());
      prot = s.machine.arch().pteCodec().kmapProt();
      pfn = s.highPage.pfn();
    }

    /** The model must come out as the core's does: stack empty, slots and PTEs clear, counts even. */
    @TearDown(Level.Trial)
    public void check() {
      boolean clean = task[PREEMPT_COUNT] == 0 && task[MIGRATION_DISABLED] == 0
          && task[POSITIONS_USED] == 0 && task[KMAP_IDX] == 0 && task[PTEVAL] == 0
          && pageTable[kmapPte - cpuStride] == 0 && counters[LOCAL_MAPS] == counters[LOCAL_UNMAPS]
          && counters[PTE_WRITES] == 2 * counters[LOCAL_MAPS]
          && counters[LAZY_MMU_FLUSHES] == 2 * counters[LOCAL_MAPS]
          && counters[PTE_CLEARS] == counters[LOCAL_UNMAPS]
          && counters[TLB_LOCAL_FLUSHES] == counters[LOCAL_UNMAPS];
      if (!clean) {
        throw new IllegalStateException("the all-stores floor did not undo itself");
      }
    }
  }

  /** A page's worth of longs and the same walking offset as {@link Mapped}. */
  @State(Scope.Thread)
  public static class RawPage {
    long[] words;
    long offsetMask;
    long offset;

    @Setup(Level.Trial)
    public void build(Sim s) {
      words = new long[(int) (s.pageSize / 8)];
      offsetMask = s.pageSize - 8;
      for (int i = 0; i < words.length; i++) {
        words[i] = i * 8L * 0x9E37_79B9_7F4A_7C15L;
      }
    }
  }

  /** {@code kmap_local_page} + {@code kunmap_local} of a highmem page on CPU0; returns the address. */
  @Benchmark
  public long kmapLocalRoundTrip(Sim s) {
    long vaddr = s.cpu0.kmapLocalPage(s.highPage);
    s.cpu0.kunmapLocal(vaddr);
    return vaddr;
  }

  /**
   * The minimal floor of {@link #kmapLocalRoundTrip}: push, PTE store, pteval store, PTE clear,
   * pteval clear, pop, on {@code long[]}s, with the slot's fixmap address computed as the kernel
   * does. Returns the address so that the work feeds the result. The JIT drops the pteval store
   * (see {@link Floor}): 5 of these 6 stores are executed.
   */
  @Benchmark
  public long roundTripFloor(Floor f) {
    long[] ctrl = f.ctrl;
    long[] pageTable = f.pageTable;
    // __kmap_local_pfn_prot
    int idx = (int) ctrl[0];
    ctrl[0] = idx + 1; // kmap_local_idx_push
    int fix = idx + f.kmMaxIdx * f.cpu; // arch_kmap_local_map_idx -> kmap_local_calc_idx
    long vaddr = f.fixaddrTop - ((long) (f.fixKmapBegin + fix) << f.pageShift); // __fix_to_virt
    long pteval = f.pfn << f.pageShift | f.pageKernel; // pfn_pte
    pageTable[fix] = pteval; // set_pte_at
    ctrl[1 + idx] = pteval; // current->kmap_ctrl.pteval[idx]
    // kunmap_local_indexed
    pageTable[fix] = 0; // pte_clear
    ctrl[1 + idx] = 0; // current->kmap_ctrl.pteval[idx] = __pte(0)
    ctrl[0] = idx; // kmap_local_idx_pop
    return vaddr;
  }

  /**
   * The all-stores floor of {@link #kmapLocalRoundTrip}: exactly the 23 stores kmapsim's x86
   * round trip makes, in its order, by bare code on arrays, and nothing else but the loads and
   * arithmetic their values and addresses need. 13 stand for the kernel ({@code kmap_ctrl},
   * {@code preempt_count}, {@code migration_disabled}, the PTE and the TLB entry), 2 for the
   * simulator's {@code positionsUsed} bookkeeping, 8 for the counters the core increments.
   *
   * <p>None can be folded by the JIT: {@code task}, {@code pageTable} and {@code counters} are
   * all {@code long[]}s it cannot tell apart, so each counter or PTE store sits between the
   * store and the reload of a {@code task} word (a read-modify-write cannot take its value from
   * the earlier store across a store that may alias it), and the unmap recomputes its slot from
   * {@code kmap_ctrl.idx} re-read from memory, as {@code kunmap_local_indexed} does, so the PTE
   * and pteval clears do not have the set's address node. Checked with
   * {@code -XX:+PrintAssembly}: 23 stores to memory per call (see README).
   */
  @Benchmark
  public long roundTripAllStoresFloor(AllStores f) {
    long[] task = f.task;
    long[] pt = f.pageTable;
    boolean[] tlb = f.tlbValid;
    long[] c = f.counters;
    // __kmap_local_pfn_prot(pfn, prot)
    task[AllStores.MIGRATION_DISABLED]++; //  1 migrate_disable()
    task[AllStores.PREEMPT_COUNT]++; //  2 preempt_disable()
    int idx = (int) task[AllStores.KMAP_IDX];
    task[AllStores.KMAP_IDX] = idx + 1; //  3 kmap_local_idx_push(): kmap_ctrl.idx += KM_INCR
    task[AllStores.POSITIONS_USED] |= 1L << idx; //  4 simulator bookkeeping: positionsUsed
    int fix = idx + f.cpuStride; // arch_kmap_local_map_idx -> kmap_local_calc_idx
    long vaddr = f.kmapBase - ((long) fix << f.pageShift); // __fix_to_virt(FIX_KMAP_BEGIN + idx)
    long pteval = f.pfn << f.pageShift | f.prot; // pfn_pte(pfn, prot)
    pt[f.kmapPte - fix] = pteval; //  5 set_pte_at(&init_mm, vaddr, kmap_pte - idx, pteval)
    c[AllStores.PTE_WRITES]++; //  6 counter pteWrites (CpuPteTable.set)
    c[AllStores.LAZY_MMU_FLUSHES]++; //  7 arch_kmap_local_post_map: arch_flush_lazy_mmu_mode()
    task[AllStores.PTEVAL + idx] = pteval; //  8 current->kmap_ctrl.pteval[idx] = pteval
    task[AllStores.PREEMPT_COUNT]--; //  9 preempt_enable()
    c[AllStores.LOCAL_MAPS]++; // 10 counter localMaps
    // kunmap_local_indexed(vaddr)
    int top = (int) task[AllStores.KMAP_IDX] - 1; // kmap_local_idx(), re-read
    int ufix = top + f.cpuStride; // arch_kmap_local_unmap_idx
    task[AllStores.PREEMPT_COUNT]++; // 11 preempt_disable()
    int upte = f.kmapPte - ufix; // kmap_pte - idx
    c[AllStores.PTE_CLEARS]++; // 12 counter pteClears
    pt[upte] = 0; // 13 pte_clear(&init_mm, addr, kmap_pte - idx)
    c[AllStores.PTE_WRITES]++; // 14 counter pteWrites (CpuPteTable.set)
    tlb[upte] = false; // 15 arch_kmap_local_post_unmap: flush_tlb_one_kernel(addr)
    c[AllStores.TLB_LOCAL_FLUSHES]++; // 16 counter tlbLocalFlushes
    c[AllStores.LAZY_MMU_FLUSHES]++; // 17 ... then arch_flush_lazy_mmu_mode()
    task[AllStores.PTEVAL + top] = 0; // 18 current->kmap_ctrl.pteval[idx] = __pte(0)
    task[AllStores.KMAP_IDX] = top; // 19 kmap_local_idx_pop()
    if (top == 0) {
      task[AllStores.POSITIONS_USED] = 0; // 20 simulator bookkeeping: stack empty again
    }
    task[AllStores.PREEMPT_COUNT]--; // 21 preempt_enable()
    task[AllStores.MIGRATION_DISABLED]--; // 22 migrate_enable()
    c[AllStores.LOCAL_UNMAPS]++; // 23 counter localUnmaps
    return vaddr;
  }

  /**
   * The persistent {@code kmap(page)} + {@code kunmap(page)} of the same highmem page on CPU0,
   * single thread: {@code kmap_high} finds the page's entry through {@code page_address} (the
   * first call made it) and takes a use of it under {@code kmap_lock}; {@code kunmap_high} drops
   * the use under the lock. The entry stays mapped (count 1) between calls, as in the kernel.
   */
  @Benchmark
  public long kmapRoundTrip(Sim s) {
    long vaddr = s.cpu0.kmap(s.highPage).vaddr();
    s.cpu0.kunmap(s.highPage);
    return vaddr;
  }

  /** {@code readLong} through a live kmap on a TLB hit, the offset walking through the page. */
  @Benchmark
  public long translatedRead(Mapped m) {
    long off = (m.offset + 8) & m.offsetMask;
    m.offset = off;
    return m.cpu0.readLong(m.vaddr + off);
  }

  /** The floor of {@link #translatedRead}: a {@code long[]} read with the same offsets. */
  @Benchmark
  public long readFloor(RawPage p) {
    long off = (p.offset + 8) & p.offsetMask;
    p.offset = off;
    return p.words[(int) (off >>> 3)];
  }

  /** One two-CPU x86 machine shared by the threads of a benchmark; each thread claims a CPU. */
  @State(Scope.Benchmark)
  public static class SharedMachine {
    Machine machine;
    AtomicInteger nextCpu;
    /** The tasks the threads made, for the teardown check. */
    final List<Task> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Setup(Level.Trial)
    public void build() {
      machine = KmapSim.newMachine(MachineConfig.preset(VARIANT).toBuilder().cpus(2).build());
      nextCpu = new AtomicInteger();
      tasks.clear();
    }

    @TearDown(Level.Trial)
    public void check() {
      checkClean(machine, tasks);
    }
  }

  /**
   * One benchmark thread's CPU of the {@link SharedMachine}: it claims CPU 0 or 1, creates its
   * task there and schedules it (the scheduler's lock serialises the two setups), and uses its
   * own highmem page, so the kmap_local paths of the two threads share nothing of the kernel's
   * and the pkmap paths share only the pool and its lock.
   */
  @State(Scope.Thread)
  public static class OwnCpu {
    Cpu cpu;
    Page page;

    @Setup(Level.Trial)
    public void claim(SharedMachine shared) {
      Machine machine = shared.machine;
      int id = shared.nextCpu.getAndIncrement();
      if (id >= machine.nrCpus()) {
        throw new IllegalStateException("thread " + (id + 1) + " has no CPU of its own: the shared"
            + " machine has " + machine.nrCpus() + "; run these benchmarks with at most that many"
            + " threads");
      }
      Task task = machine.createTask("bench" + id, id);
      machine.schedule(id, task);
      shared.tasks.add(task);
      cpu = machine.cpu(id);
      page = machine.page(machine.maxLowPfn() + id);
      if (!machine.isHighMem(page) || cpu.current() != task) {
        throw new IllegalStateException("CPU" + id + " is not set up: " + page + ", " + cpu.current());
      }
    }
  }

  /** {@link #kmapRoundTrip} with two threads, each on its own CPU with its own page. */
  @Benchmark
  @Threads(2)
  public long kmapRoundTripTwoThreads(OwnCpu t) {
    long vaddr = t.cpu.kmap(t.page).vaddr();
    t.cpu.kunmap(t.page);
    return vaddr;
  }

  /** {@link #kmapLocalRoundTrip} with two threads, each on its own CPU with its own page. */
  @Benchmark
  @Threads(2)
  public long kmapLocalRoundTripTwoThreads(OwnCpu t) {
    long vaddr = t.cpu.kmapLocalPage(t.page);
    t.cpu.kunmapLocal(vaddr);
    return vaddr;
  }
}
