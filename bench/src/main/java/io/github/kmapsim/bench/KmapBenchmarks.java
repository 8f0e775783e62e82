package io.github.kmapsim.bench;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two hot paths of a simulator that uses kmapsim, each beside its floor.
 *
 * <ul>
 *   <li>{@link #kmapLocalRoundTrip}: {@code kmap_local_page} + {@code kunmap_local} of a highmem
 *       page on CPU0 of an {@code x86} machine; {@link #roundTripFloor}: the stores that round trip
 *       makes, done by bare code on {@code long[]}s.
 *   <li>{@link #translatedRead}: {@code readLong} through a live kmap on a TLB hit, the offset
 *       walking through the page; {@link #readFloor}: a {@code long[]} read with the same offsets.
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

  /** An x86 machine with a benchmark task current on CPU0 and the first highmem page. */
  @State(Scope.Thread)
  public static class Sim {
    Machine machine;
    Task task;
    Cpu cpu0;
    Page highPage;
    long pageSize;

    @Setup(Level.Trial)
    public void build() {
      machine = KmapSim.newMachine(MachineConfig.preset(VARIANT));
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
      List<String> broken = machine.checkInvariants();
      if (!broken.isEmpty() || !machine.diagnostics().isEmpty()) {
        throw new IllegalStateException(
            "machine not clean after the trial: " + broken + " " + machine.diagnostics());
      }
      Counters c = machine.counters();
      if (c.localMaps() - c.localUnmaps() != task.liveMaps().size()) {
        throw new IllegalStateException("maps and unmaps do not add up: " + c);
      }
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
   * in one {@code long[]}, as the struct keeps them together, also keeps the JIT from folding the
   * push into the pop: every store in the round trip has a different-address store before it.
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
   * The floor of {@link #kmapLocalRoundTrip}: push, PTE store, pteval store, PTE clear, pteval
   * clear, pop, on {@code long[]}s, with the slot's fixmap address computed as the kernel does.
   * Returns the address so that the work feeds the result.
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
}
