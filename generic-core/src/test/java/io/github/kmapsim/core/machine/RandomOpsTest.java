// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded random workloads against a shadow model: after every operation the machine's invariants
 * hold, every live mapping reads back what its owner wrote, and no diagnostic is raised. A failure
 * prints the seed and a shrunk list of operations that reproduces it. Override the base seed with
 * {@code -Dprop.seed=...}.
 */
class RandomOpsTest {
  private static final int RUNS = 100;
  private static final int OPS = 300;
  private static final String[] TASKS = {"t0", "t1", "t2", "t3"};

  /** One replayable step. */
  record Op(String kind, int cpu, int arg) {
    @Override
    public String toString() {
      return kind + " cpu" + cpu + " " + arg;
    }
  }

  @TestFactory
  Stream<DynamicTest> randomWorkloadsKeepTheInvariants() {
    long base = Long.getLong("prop.seed", 0x6b6d6170L);
    return IntStream.range(0, RUNS).mapToObj(i -> {
      long seed = new SplittableRandom(base + i).nextLong();
      return DynamicTest.dynamicTest("seed " + Long.toHexString(seed), () -> check(seed));
    });
  }

  private static void check(long seed) {
    List<Op> ops = generate(seed);
    String failure = replay(ops);
    if (failure != null) {
      List<Op> small = shrink(ops);
      fail("seed 0x" + Long.toHexString(seed) + ": " + failure + "\nminimal reproducer ("
          + small.size() + " ops):\n  " + String.join("\n  ", small.stream().map(Op::toString).toList())
          + "\nfails with: " + replay(small));
    }
  }

  private static List<Op> generate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] kinds = {"map", "map", "unmap", "write", "switch", "irq", "atomic"};
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < OPS; i++) {
      ops.add(new Op(kinds[r.nextInt(kinds.length)], r.nextInt(2), r.nextInt(1 << 16)));
    }
    return ops;
  }

  private static List<Op> shrink(List<Op> ops) {
    List<Op> current = new ArrayList<>(ops);
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = current.size() - 1; i >= 0; i--) {
        List<Op> candidate = new ArrayList<>(current);
        candidate.remove(i);
        if (replay(candidate) != null) {
          current = candidate;
          progress = true;
        }
      }
    }
    return current;
  }

  /** Runs the operations; returns the first broken expectation, or null. */
  static String replay(List<Op> ops) {
    Machine m = Toy.machine();
    Map<Task, Deque<long[]>> held = new HashMap<>();
    Map<Long, Long> contents = new HashMap<>();
    for (String name : TASKS) {
      held.put(m.createTask(name, 0), new ArrayDeque<>());
    }
    for (Task idle : List.of(m.cpu(0).current(), m.cpu(1).current())) {
      held.put(idle, new ArrayDeque<>());
    }
    int step = 0;
    for (Op op : ops) {
      step++;
      Cpu cpu = m.cpu(op.cpu());
      Deque<long[]> mine = held.get(cpu.current());
      try {
        switch (op.kind()) {
          case "map" -> {
            if (mine.size() < 15) {
              long pfn = Toy.HIGH_PFN + op.arg() % 64;
              mine.push(new long[] {cpu.kmapLocalPage(m.page(pfn)), pfn});
            }
          }
          case "unmap" -> {
            if (!mine.isEmpty()) {
              cpu.kunmapLocal(mine.pop()[0] + op.arg() % 4096);
            }
          }
          case "write" -> {
            if (!mine.isEmpty()) {
              long[] top = mine.peek();
              cpu.writeLong(top[0], op.arg());
              contents.put(top[1], (long) op.arg());
            }
          }
          case "switch" -> {
            Task next = m.task(TASKS[op.arg() % TASKS.length]);
            if (next.state() == Task.State.RUNNABLE
                && (next.cpu() == op.cpu() || next.migrationDisabled() == 0)) {
              m.schedule(op.cpu(), next);
            }
          }
          case "irq" -> {
            if (mine.size() == 15) {
              continue;
            }
            cpu.irqEnter();
            long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 64 + op.arg() % 8));
            cpu.writeLong(va + 8, op.arg());
            cpu.kunmapLocal(va);
            cpu.irqExit();
          }
          case "atomic" -> {
            if (mine.size() == 15) {
              continue;
            }
            long pfn = Toy.HIGH_PFN + op.arg() % 64;
            long va = cpu.kmapAtomic(m.page(pfn));
            cpu.writeLong(va, op.arg());
            contents.put(pfn, (long) op.arg());
            cpu.kunmapAtomic(va);
          }
          default -> throw new IllegalStateException(op.kind());
        }
      } catch (KmapException e) {
        return "step " + step + " (" + op + "): " + e.getMessage();
      }
      List<InvariantViolation> broken = m.checkInvariants();
      if (!broken.isEmpty()) {
        return "step " + step + " (" + op + "): " + broken;
      }
      if (!m.diagnostics().isEmpty()) {
        return "step " + step + " (" + op + "): " + m.diagnostics();
      }
      for (int c = 0; c < 2; c++) {
        for (long[] map : held.get(m.cpu(c).current())) {
          long expected = contents.getOrDefault(map[1], 0L);
          long actual = m.cpu(c).readLong(map[0]);
          if (actual != expected) {
            return String.format("step %d (%s): CPU%d reads 0x%x at 0x%08x (pfn 0x%x), expected"
                + " 0x%x", step, op, c, actual, map[0], map[1], expected);
          }
        }
      }
    }
    return null;
  }
}
