// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.bench;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What schedule exploration multiplies, each beside its floor where it has one (issue 11, item 5).
 *
 * <ul>
 *   <li>{@link #memcpyPage}: {@code memcpy_page()} of a whole highmem page to another through two
 *       local maps on CPU0 of an {@code x86} machine; {@link #arraycopyPage}: its floor,
 *       {@code System.arraycopy} of a page's {@code long} words.
 *   <li>{@link #contextSwitch}: two context switches on CPU0, to a task holding no map and back to
 *       one holding {@code k} live local maps ({@code __kmap_local_sched_out} clears k slots,
 *       {@code __kmap_local_sched_in} restores them).
 *   <li>{@link #snapshot}, {@link #restore}: a small machine (2 CPUs, 32 touched highmem pages,
 *       one task holding two local maps); {@link #restore} first makes a small change (one word
 *       written through a live map, one map and unmap), then restores the snapshot taken before.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineBenchmarks {

  private static final String VARIANT = "x86";

  /** Two highmem pages on an x86 machine with a task current on CPU0, the source filled. */
  @State(Scope.Thread)
  public static class Copy {
    Machine machine;
    Cpu cpu0;
    Page src;
    Page dst;
    long[] from;
    long[] to;

    @Setup(Level.Trial)
    public void build() {
      machine = KmapSim.newMachine(MachineConfig.preset(VARIANT));
      Task task = machine.createTask("bench", 0);
      machine.schedule(0, task);
      cpu0 = machine.cpu(0);
      src = machine.page(machine.maxLowPfn());
      dst = machine.page(machine.maxLowPfn() + 1);
      int words = (int) (machine.layout().pageSize() / 8);
      long va = cpu0.kmapLocalPage(src);
      for (int i = 0; i < words; i++) {
        cpu0.writeLong(va + 8L * i, i * 0x9E37_79B9_7F4A_7C15L);
      }
      cpu0.kunmapLocal(va);
      from = new long[words];
      to = new long[words];
      for (int i = 0; i < words; i++) {
        from[i] = i * 0x9E37_79B9_7F4A_7C15L;
      }
    }

    /** The copy must have arrived and the machine be clean. */
    @TearDown(Level.Trial)
    public void check() {
      long va = cpu0.kmapLocalPage(dst);
      long last = cpu0.readLong(va + machine.layout().pageSize() - 8);
      cpu0.kunmapLocal(va);
      if (last != (from.length - 1) * 0x9E37_79B9_7F4A_7C15L || !machine.diagnostics().isEmpty()
          || !machine.checkInvariants().isEmpty()) {
        throw new IllegalStateException("memcpy_page did not copy cleanly: " + machine.diagnostics());
      }
    }
  }

  /** {@code memcpy_page(dst, 0, src, 0, PAGE_SIZE)} between two highmem pages on CPU0. */
  @Benchmark
  public Page memcpyPage(Copy c) {
    c.cpu0.helpers().memcpyPage(c.dst, 0, c.src, 0, (int) c.machine.layout().pageSize());
    return c.dst;
  }

  /** The floor of {@link #memcpyPage}: {@code System.arraycopy} of a page's words. */
  @Benchmark
  public long[] arraycopyPage(Copy c) {
    System.arraycopy(c.from, 0, c.to, 0, c.from.length);
    return c.to;
  }

  /** CPU0 with a task holding {@code k} local maps of distinct highmem pages, and one holding none. */
  @State(Scope.Thread)
  public static class Switch {
    @Param({"0", "1", "2", "4", "8", "15"})
    int k;
    Machine machine;
    Task mapper;
    Task other;

    @Setup(Level.Trial)
    public void build() {
      machine = KmapSim.newMachine(MachineConfig.preset(VARIANT));
      mapper = machine.createTask("mapper", 0);
      other = machine.createTask("other", 0);
      machine.schedule(0, mapper);
      for (int i = 0; i < k; i++) {
        machine.cpu(0).kmapLocalPage(machine.page(machine.maxLowPfn() + i));
      }
    }

    /** The maps must have survived every switch, and the machine be clean. */
    @TearDown(Level.Trial)
    public void check() {
      if (mapper.liveMaps().size() != k || !machine.diagnostics().isEmpty()
          || !machine.checkInvariants().isEmpty()) {
        throw new IllegalStateException("context switches did not run cleanly: "
            + mapper.liveMaps() + " " + machine.diagnostics());
      }
    }
  }

  /** Switches CPU0 to the task without maps and back to the one with {@code k}: two switches. */
  @Benchmark
  public Task contextSwitch(Switch s) {
    s.machine.schedule(0, s.other);
    s.machine.schedule(0, s.mapper);
    return s.mapper;
  }

  /** A 2-CPU x86 machine with 32 touched highmem pages and a task holding two local maps. */
  @State(Scope.Thread)
  public static class Small {
    static final int PAGES = 32;
    Machine machine;
    Cpu cpu0;
    Task task;
    MachineSnapshot before;
    long mapped;
    Page spare;
    long n;

    @Setup(Level.Trial)
    public void build() {
      machine = KmapSim.newMachine(MachineConfig.preset(VARIANT).toBuilder().cpus(2).build());
      task = machine.createTask("bench", 0);
      machine.schedule(0, task);
      cpu0 = machine.cpu(0);
      for (int p = 0; p < PAGES; p++) {
        long va = cpu0.kmapLocalPage(machine.page(machine.maxLowPfn() + p));
        for (int w = 0; w < 512; w += 64) {
          cpu0.writeLong(va + 8L * w, p * 1_000_003L + w + 1);
        }
        cpu0.kunmapLocal(va);
      }
      cpu0.kmapLocalPage(machine.page(machine.maxLowPfn()));
      mapped = cpu0.kmapLocalPage(machine.page(machine.maxLowPfn() + 1));
      spare = machine.page(machine.maxLowPfn() + 2);
      before = machine.snapshot();
    }

    /** After the last restore the machine must equal the snapshot exactly. */
    @TearDown(Level.Trial)
    public void check() {
      machine.restore(before);
      if (!machine.snapshot().equals(before) || !machine.diagnostics().isEmpty()) {
        throw new IllegalStateException("restore is not exact: " + before.diff(machine.snapshot()));
      }
    }
  }

  /** {@code Machine.snapshot()} of the small machine. */
  @Benchmark
  public MachineSnapshot snapshot(Small s) {
    return s.machine.snapshot();
  }

  /**
   * A small step (a word written through a live map, a map and unmap of another page), then
   * {@code Machine.restore} of the snapshot taken before it: what an explorer does to go back to
   * a schedule's prefix.
   */
  @Benchmark
  public Machine restore(Small s) {
    s.cpu0.writeLong(s.mapped + 64, ++s.n);
    s.cpu0.kunmapLocal(s.cpu0.kmapLocalPage(s.spare));
    s.machine.restore(s.before);
    return s.machine;
  }
}
