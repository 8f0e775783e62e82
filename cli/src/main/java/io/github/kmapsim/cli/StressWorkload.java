// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Hex;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded random workload: each step picks a CPU and one legal operation for what runs there.
 * Local and atomic maps are undone in stack order; reads are checked against a shadow of what
 * was written; each task uses its own pages, so the shadow is exact. Every step ends with
 * {@link Machine#checkInvariants()}; the first violation stops the run with the seed and step.
 */
final class StressWorkload {
  /** The operations, as counted in the summary. */
  enum Op { KMAP_LOCAL, KMAP_ATOMIC, KUNMAP, WRITE, READ, SCHEDULE, MIGRATE, IRQ, KMAP, KUNMAP_PERSISTENT }

  private static final int DEPTH = 6;
  private static final int PAGES_PER_TASK = 16;
  private static final int PERSISTENT_PER_TASK = 2;

  /** A map the workload holds: its address, pfn and kind. */
  private record Held(long vaddr, long pfn, boolean atomic) {}

  private final Machine machine;
  private final long seed;
  private final SplittableRandom random;
  private final List<Task> tasks = new ArrayList<>();
  private final Map<Task, Integer> index = new HashMap<>();
  private final Map<Task, Deque<Held>> stacks = new HashMap<>();
  private final Map<Task, List<Page>> persistent = new HashMap<>();
  private final Map<Long, Long> shadow = new HashMap<>();
  private final Map<Op, Long> counts = new EnumMap<>(Op.class);
  private final long firstPfn;
  private final long pages;
  private int persistentHeld;
  private final int persistentLimit;
  private long diagnostics;

  StressWorkload(Machine machine, int nTasks, long seed) {
    this.machine = machine;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    firstPfn = machine.maxLowPfn();
    pages = Math.max(1, machine.maxPfn() - firstPfn);
    persistentLimit = machine.layout().lastPkmap() / 2;
    for (int i = 0; i < nTasks; i++) {
      Task t = machine.createTask("t" + i, i % machine.nrCpus());
      index.put(t, tasks.size());
      tasks.add(t);
      stacks.put(t, new ArrayDeque<>());
      persistent.put(t, new ArrayList<>());
    }
    for (Op op : Op.values()) {
      counts.put(op, 0L);
    }
  }

  Map<Op, Long> counts() {
    return counts;
  }

  long diagnostics() {
    return diagnostics;
  }

  /** Runs step {@code n}; throws IllegalStateException naming the seed and step on a violation. */
  void step(long n) {
    Cpu cpu = machine.cpu(random.nextInt(machine.nrCpus()));
    Op op;
    try {
      op = act(cpu);
    } catch (KmapException e) {
      diagnostics++;
      op = null;
    }
    if (op != null) {
      counts.merge(op, 1L, Long::sum);
    }
    List<InvariantViolation> violations = machine.checkInvariants();
    if (!violations.isEmpty()) {
      throw new IllegalStateException("invariant violated at step " + n + " (--seed " + seed
          + ", after " + op + " on CPU" + cpu.id() + "): " + violations.get(0).format());
    }
  }

  private Op act(Cpu cpu) {
    Task t = cpu.current();
    Deque<Held> stack = stacks.get(t);
    int r = random.nextInt(100);
    if (stack == null || r < 12) { // an idle CPU, or a scheduling point
      return schedule(cpu, t, stack);
    }
    boolean atomic = !stack.isEmpty() && stack.stream().anyMatch(Held::atomic);
    if (r < 16) {
      return migrate();
    }
    if (r < 22) {
      return irq(cpu, t);
    }
    if (r < 27 && !atomic) {
      return persistent(cpu, t);
    }
    if (r < 50 && stack.size() < DEPTH) {
      boolean useAtomic = random.nextInt(4) == 0;
      long pfn = pageOf(t, stack.size());
      Page page = machine.page(pfn);
      long va = useAtomic ? cpu.kmapAtomic(page) : cpu.kmapLocalPage(page);
      stack.push(new Held(va, pfn, useAtomic));
      return useAtomic ? Op.KMAP_ATOMIC : Op.KMAP_LOCAL;
    }
    if (stack.isEmpty()) {
      return schedule(cpu, t, stack);
    }
    if (r < 70) {
      Held h = stack.pop();
      if (h.atomic()) {
        cpu.kunmapAtomic(h.vaddr());
      } else {
        cpu.kunmapLocal(h.vaddr());
      }
      return Op.KUNMAP;
    }
    Held h = pick(stack);
    if (r < 85) {
      long v = random.nextLong();
      cpu.writeLong(h.vaddr(), v);
      shadow.put(h.pfn(), v);
      return Op.WRITE;
    }
    check(cpu, h);
    return Op.READ;
  }

  private Op schedule(Cpu cpu, Task current, Deque<Held> stack) {
    if (cpu.context() != Context.TASK || (stack != null && stack.stream().anyMatch(Held::atomic))) {
      return null;
    }
    Task next = tasks.get(random.nextInt(tasks.size()));
    if (next == current || next.state() != Task.State.RUNNABLE
        || (next.cpu() != cpu.id() && !stacks.get(next).isEmpty())) {
      return null;
    }
    machine.schedule(cpu.id(), next);
    return Op.SCHEDULE;
  }

  private Op migrate() {
    Task t = tasks.get(random.nextInt(tasks.size()));
    if (t.state() != Task.State.RUNNABLE || !stacks.get(t).isEmpty()
        || !persistent.get(t).isEmpty()) {
      return null;
    }
    machine.migrate(t, random.nextInt(machine.nrCpus()));
    return Op.MIGRATE;
  }

  /** A hardirq on top of whatever runs: one or two maps of its own, checked and given back. */
  private Op irq(Cpu cpu, Task t) {
    if (cpu.context() != Context.TASK) {
      return null;
    }
    cpu.irqEnter();
    int n = 1 + random.nextInt(2);
    long[] va = new long[n];
    for (int i = 0; i < n; i++) {
      long pfn = irqPage(cpu.id(), i);
      va[i] = cpu.kmapLocalPage(machine.page(pfn));
      long v = random.nextLong();
      cpu.writeLong(va[i], v);
      shadow.put(pfn, v);
      check(cpu, new Held(va[i], pfn, false));
    }
    for (int i = n - 1; i >= 0; i--) {
      cpu.kunmapLocal(va[i]);
    }
    cpu.irqExit();
    return Op.IRQ;
  }

  private Op persistent(Cpu cpu, Task t) {
    List<Page> held = persistent.get(t);
    if (!held.isEmpty() && (held.size() >= PERSISTENT_PER_TASK || random.nextBoolean())) {
      cpu.kunmap(held.remove(held.size() - 1));
      persistentHeld--;
      return Op.KUNMAP_PERSISTENT;
    }
    if (persistentHeld >= persistentLimit) {
      return null;
    }
    Page page = machine.page(pageOf(t, DEPTH + held.size()));
    KmapResult r = cpu.kmap(page);
    if (!r.mapped()) {
      throw new IllegalStateException("kmap slept at --seed " + seed + " with only "
          + persistentHeld + " entries held");
    }
    held.add(page);
    persistentHeld++;
    long pfn = page.pfn();
    check(cpu, new Held(r.vaddr(), pfn, false));
    return Op.KMAP;
  }

  private void check(Cpu cpu, Held h) {
    long got = cpu.readLong(h.vaddr());
    long want = shadow.getOrDefault(h.pfn(), 0L);
    if (got != want) {
      throw new IllegalStateException("shadow mismatch (--seed " + seed + "): "
          + Hex.addr(h.vaddr()) + " (pfn " + Hex.pfn(h.pfn()) + ") reads " + Hex.u64(got)
          + ", expected " + Hex.u64(want));
    }
  }

  private Held pick(Deque<Held> stack) {
    int i = random.nextInt(stack.size());
    for (Held h : stack) {
      if (i-- == 0) {
        return h;
      }
    }
    throw new IllegalStateException();
  }

  private long pageOf(Task t, int k) {
    return firstPfn + ((long) index.get(t) * PAGES_PER_TASK + k) % pages;
  }

  private long irqPage(int cpu, int k) {
    return firstPfn + ((long) tasks.size() * PAGES_PER_TASK + cpu * 2L + k) % pages;
  }
}
