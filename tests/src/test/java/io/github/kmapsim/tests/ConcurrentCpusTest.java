// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two simulated CPUs driven from two Java threads at once, as a simulator that gives each CPU its
 * own thread does. Each thread runs its own task on its own CPU and maps its own highmem pages,
 * nested two or three deep, rotating the pages through the slots so that a missing TLB flush would
 * show as a read of the wrong page.
 */
class ConcurrentCpusTest {

  private static final int CPUS = 2;
  private static final int ITERATIONS = 4000;
  private static final int PAGES_PER_CPU = 4;
  private static final int MAX_DEPTH = 3;
  private static final long JOIN_TIMEOUT_MS = 120_000;

  /** What each worker owns and last wrote: per page, the iteration and nesting level, or -1. */
  private static final class Worker {
    final int cpuId;
    final Cpu cpu;
    final Task task;
    final Page[] pages = new Page[PAGES_PER_CPU];
    final int[] lastIteration = new int[PAGES_PER_CPU];
    final int[] lastLevel = new int[PAGES_PER_CPU];
    long maps;
    long firstSlotAddress = -1;

    Worker(Machine machine, int cpuId) {
      this.cpuId = cpuId;
      this.cpu = machine.cpu(cpuId);
      this.task = machine.createTask("worker-" + cpuId, cpuId);
      for (int p = 0; p < PAGES_PER_CPU; p++) {
        pages[p] = machine.page(machine.maxLowPfn() + 16L * cpuId + p);
        lastIteration[p] = -1;
      }
    }
  }

  private static long[] offsets(long pageSize) {
    return new long[] {0, 8, pageSize / 2 + 8, pageSize - 8};
  }

  /** A pattern unique to (cpu, iteration, level, offset), mixed so that neighbours differ in many bits. */
  static long pattern(int cpu, int iteration, int level, long offset) {
    long h = cpu;
    h = h * 1_000_003L + iteration;
    h = h * 31 + level;
    h = h * 65_537 + offset;
    h *= 0x9E37_79B9_7F4A_7C15L;
    return h ^ (h >>> 31);
  }

  private static void run(Worker w, long[] offsets) {
    long[] vaddr = new long[MAX_DEPTH];
    int[] pageOf = new int[MAX_DEPTH];
    for (int i = 0; i < ITERATIONS; i++) {
      int depth = 2 + i % 2;
      for (int level = 0; level < depth; level++) {
        int p = (i + level) % PAGES_PER_CPU;
        pageOf[level] = p;
        vaddr[level] = w.cpu.kmapLocalPage(w.pages[p]);
        w.maps++;
        for (long off : offsets) {
          long want = pattern(w.cpuId, i, level, off);
          w.cpu.writeLong(vaddr[level] + off, want);
          check(w, i, level, off, want, w.cpu.readLong(vaddr[level] + off));
        }
        w.lastIteration[p] = i;
        w.lastLevel[p] = level;
      }
      if (w.firstSlotAddress < 0) {
        w.firstSlotAddress = vaddr[0];
      }
      // The outer mappings still show their own pages while the inner ones are live.
      for (int level = 0; level < depth; level++) {
        for (long off : offsets) {
          check(w, i, level, off, pattern(w.cpuId, i, level, off), w.cpu.readLong(vaddr[level] + off));
        }
      }
      for (int level = depth - 1; level >= 0; level--) {
        w.cpu.kunmapLocal(vaddr[level]);
      }
    }
  }

  private static void check(Worker w, int iteration, int level, long off, long want, long got) {
    if (want != got) {
      throw new AssertionError(String.format(
          "CPU%d iteration %d level %d offset 0x%x: wrote 0x%x, read 0x%x",
          w.cpuId, iteration, level, off, want, got));
    }
  }

  @Test
  void twoCpusOnTwoThreadsKeepTheirPagesApart() throws InterruptedException {
    Machine machine = KmapSim.newMachine(MachineConfig.preset("x86").toBuilder().cpus(CPUS).build());
    long pageSize = machine.layout().pageSize();
    long[] offsets = offsets(pageSize);
    List<Worker> workers = new ArrayList<>();
    for (int c = 0; c < CPUS; c++) {
      Worker w = new Worker(machine, c);
      machine.schedule(c, w.task);
      for (Page page : w.pages) {
        assertTrue(machine.isHighMem(page), page::toString);
      }
      workers.add(w);
    }

    CountDownLatch ready = new CountDownLatch(CPUS);
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (Worker w : workers) {
      Thread t = new Thread(() -> {
        ready.countDown();
        try {
          if (!start.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("start gate never opened");
          }
          if (!w.cpu.current().name().equals(w.task.name())) {
            throw new AssertionError("CPU" + w.cpuId + " runs " + w.cpu.current().name());
          }
          run(w, offsets);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "cpu-driver-" + w.cpuId);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    assertTrue(ready.await(30, TimeUnit.SECONDS), "workers ready");
    start.countDown();
    for (Thread t : threads) {
      t.join(JOIN_TIMEOUT_MS);
      assertFalse(t.isAlive(), t.getName() + " did not finish in " + JOIN_TIMEOUT_MS + " ms");
    }
    if (failure.get() != null) {
      throw new AssertionError("a CPU driver failed: " + failure.get(), failure.get());
    }

    // Every page holds exactly the last pattern its owner wrote, read without translation.
    int shift = machine.layout().pageShift();
    for (Worker w : workers) {
      assertEquals(w.task.name(), w.cpu.current().name());
      assertEquals(List.of(), w.task.liveMaps(), "CPU" + w.cpuId + " live maps");
      assertEquals(0, w.task.kmapIdx());
      for (int p = 0; p < PAGES_PER_CPU; p++) {
        assertTrue(w.lastIteration[p] >= 0, "page " + p + " of CPU" + w.cpuId + " was used");
        for (long off : offsets) {
          long phys = (w.pages[p].pfn() << shift) + off;
          long want = pattern(w.cpuId, w.lastIteration[p], w.lastLevel[p], off);
          long got = MachineWiringTest.physicalLong(machine, phys);
          assertEquals(Long.toHexString(want), Long.toHexString(got), String.format(
              "CPU%d page pfn 0x%x offset 0x%x (last written in iteration %d level %d)",
              w.cpuId, w.pages[p].pfn(), off, w.lastIteration[p], w.lastLevel[p]));
        }
      }
    }
    assertNotEquals(
        workers.get(0).firstSlotAddress,
        workers.get(1).firstSlotAddress,
        "slot 0 of CPU0 and CPU1 are different fixmap pages");

    assertEquals(List.of(), machine.checkInvariants());
    assertEquals(List.of(), machine.diagnostics());
    long expected = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      expected += 2 + i % 2;
    }
    expected *= CPUS;
    long counted = workers.stream().mapToLong(w -> w.maps).sum();
    assertEquals(expected, counted);
    Counters counters = machine.counters();
    assertEquals(expected, counters.localMaps(), counters::toString);
    assertEquals(expected, counters.localUnmaps(), counters::toString);
    assertEquals(0, counters.lowmemShortcuts(), counters::toString);
    assertEquals(0, counters.warnings(), counters::toString);
    assertEquals(0, counters.switchesWithMaps(), counters::toString);
  }
}
