// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Replays {@link RandomOp}s on a machine against a shadow model of what the kernel guarantees:
 * the maps each task and interrupt holds, task states, the bytes written to physical memory and
 * device memory, and the persistent kmap pool ({@link PkmapModel}). An op becomes a kernel call
 * only where the kernel's rules make it legal, so a correct simulator reports nothing; after
 * every call the shadow is compared with the machine.
 *
 * <p>The rules followed ({@code mm/highmem.c}, {@code include/linux/highmem-internal.h},
 * {@code include/linux/highmem.h}, {@code include/linux/io-mapping.h}, {@code kernel/fork.c}):
 *
 * <ul>
 *   <li>kunmap_local/kunmap_atomic undo the most recent map of the same context (LIFO); an
 *       interrupt pushes on the interrupted task's kmap_ctrl and unmaps all it mapped before it
 *       returns; hardirqs nest in softirqs, NMIs in both, and neither of the three in itself;
 *   <li>at most 15 nested maps (16 with DEBUG_KMAP_LOCAL): {@code BUG_ON(idx >= KM_MAX_IDX)};
 *   <li>kmap_atomic disables preemption and page faults: its holder neither schedules, sleeps
 *       nor calls kmap()/kunmap() ({@code might_sleep});
 *   <li>a fixmap kmap_local is {@code migrate_disable()}d: only a task without one migrates;
 *   <li>kmap() is used well below LAST_PKMAP, so it never sleeps for a free entry; a burst of
 *       kmap()s of distinct pages (a few held at a time) wraps the scan within a per-run budget;
 *       only a deliberate exhaustion makes a task wait, and the task holding the entries then
 *       kunmap()s one (a task that waits while every holder waits too would sleep forever);
 *   <li>the highmem.h helpers and io_mapping_map_local_wc are kmap_local underneath (io_mapping
 *       through a fixmap slot only with HAVE_ATOMIC_IOMAP): they need free slots, not a task;
 *       memcpy and copy_highpage get two distinct pages, ranges stay inside the page;
 *   <li>fork, exit and kmap_flush_unused are task context outside atomic sections; a parent
 *       holds no fixmap kmap ({@code kmap_local_fork} WARNs), an exiting task no map at all;
 *   <li>on a VIVT cache a page has one virtual alias at a time (a page with a pkmap entry is
 *       kmap_local'd at that entry by {@code arch_kmap_local_high_get}), each CPU works on its
 *       own pages and tasks do not migrate: VIVT needs flush_dcache_page for anything else. VIVT
 *       machines are uniprocessors, and {@code flush_cache_kmaps()} only cleans the flushing
 *       CPU's cache, so there the first CPU to use the pkmap pool is the only one that does.
 * </ul>
 */
final class Shadow {
  private static final int HIGH_POOL = 24;
  private static final int LOW_POOL = 8;
  private static final int MAX_PERSISTENT = 6;
  private static final int MAX_TASKS = 8;
  private static final int IO_PAGES = 4;
  /** Highmem pages from max_low_pfn + this on are the kmap bursts' (above every CPU's pool). */
  private static final int BURST_FIRST = 128;
  private static final int BURST_HELD = 16;
  /** kmap()s a run's bursts may make, in LAST_PKMAPs. */
  private static final int BURST_BUDGET = 3;
  private static final int HELPERS = 11;

  /**
   * What only a task may do: schedule, sleep, kmap(), kunmap(), fork and exit (might_sleep), and
   * kmap_flush_unused (its TLB flush IPIs other CPUs).
   */
  private static final Set<RandomOp.Kind> TASK_ONLY = EnumSet.of(RandomOp.Kind.SCHEDULE,
      RandomOp.Kind.SLEEP, RandomOp.Kind.KMAP, RandomOp.Kind.KUNMAP, RandomOp.Kind.FORK,
      RandomOp.Kind.EXIT, RandomOp.Kind.KMAP_BURST, RandomOp.Kind.KMAP_FLUSH_UNUSED,
      RandomOp.Kind.PKMAP_EXHAUSTION);

  /** What the idle task does not do (it only schedules): anything with maps or tasks. */
  private static final Set<RandomOp.Kind> NOT_IDLE = EnumSet.complementOf(EnumSet.of(
      RandomOp.Kind.SCHEDULE, RandomOp.Kind.MIGRATE, RandomOp.Kind.INTERRUPT_ENTER,
      RandomOp.Kind.INTERRUPT_EXIT, RandomOp.Kind.WAKE));

  /** How a mapping was made. */
  private enum Flavour { LOCAL, ATOMIC, PERSISTENT }

  /**
   * A live mapping of a frame; {@code slot} when it occupies a kmap_local fixmap slot, {@code io}
   * when io_mapping made it.
   */
  private record Mapping(
      String label, long va, long pfn, String pageName, Flavour flavour, boolean slot,
      boolean io) {}

  /** An interrupt a CPU is serving and the maps it pushed, top first. */
  private record Frame(Context context, Deque<Mapping> maps) {}

  /** What a replay ends with: the executed ops as readable lines, and the failure or null. */
  record Outcome(List<String> log, String failure) {}

  /** A broken expectation. */
  private static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  private final Machine m;
  private final boolean vivt;
  private final boolean highGet;
  private final boolean forceMap;
  private final int maxSlots;
  private final long pageSize;
  private final PkmapModel pkmap;
  private final IoMapping io;
  private final long ioPfn;
  private final List<String> workers = new ArrayList<>();
  private final Map<String, Task.State> state = new HashMap<>();
  private final Map<String, Integer> cpuOf = new HashMap<>();
  private final String[] current;
  private final Map<String, Deque<Mapping>> stacks = new HashMap<>();
  private final Map<String, List<Mapping>> persistent = new HashMap<>();
  private final List<Deque<Frame>> frames = new ArrayList<>();
  private final Map<Long, Long> memory = new HashMap<>();
  private final Map<Long, Long> lastOffset = new HashMap<>();
  private final List<String> log = new ArrayList<>();
  private int labels;
  private int nextTask;
  private int burstBudget;
  /** On VIVT, the one CPU that uses the pkmap pool, once one has. */
  private int pkmapCpu = -1;
  private String doing;

  private Shadow(Machine m, int[] homes) {
    this.m = m;
    vivt = m.arch().cacheType() == CacheType.VIVT;
    highGet = m.arch().hooks().needsKmapHighGet();
    forceMap = m.config().forceMap();
    maxSlots = (m.config().kmMaxIdx() - 1) / m.config().kmIncr();
    pageSize = m.layout().pageSize();
    MemoryLayout l = m.layout();
    pkmap = new PkmapModel(l.pkmapBase(), l.lastPkmap(), pageSize, m.arch().dcacheColours());
    burstBudget = BURST_BUDGET * l.lastPkmap();
    ioPfn = m.maxPfn();
    io = m.ioMappingCreateWc(ioPfn * pageSize, IO_PAGES * pageSize);
    current = new String[m.nrCpus()];
    for (int c = 0; c < m.nrCpus(); c++) {
      current[c] = m.cpu(c).current().name();
      track(current[c], Task.State.RUNNING, c);
      frames.add(new ArrayDeque<>());
    }
    for (int i = 0; i < homes.length; i++) {
      String name = "t" + i;
      m.createTask(name, homes[i]);
      workers.add(name);
      track(name, Task.State.RUNNABLE, homes[i]);
    }
    nextTask = homes.length;
  }

  private void track(String task, Task.State s, int cpu) {
    state.put(task, s);
    cpuOf.put(task, cpu);
    stacks.put(task, new ArrayDeque<>());
    persistent.put(task, new ArrayList<>());
  }

  /** Replays {@code ops} on a fresh machine with one task per entry of {@code homes}. */
  static Outcome replay(Supplier<Machine> machine, int[] homes, List<RandomOp> ops) {
    Shadow s = new Shadow(machine.get(), homes);
    try {
      for (RandomOp op : ops) {
        String line = s.describeAndRun(op);
        if (line != null) {
          s.verify();
          s.log.add(line);
        }
      }
      s.doing = "(end of run)";
      s.verifyEnd();
      return new Outcome(s.log, null);
    } catch (RuntimeException e) {
      s.log.add(s.doing + "   <- fails");
      String why = e instanceof Mismatch ? e.getMessage() : e.toString();
      return new Outcome(s.log, "at " + s.doing + ": " + why);
    }
  }

  /**
   * Runs an op if it is legal now; its readable line, or null when it was skipped. Ops that only
   * a task may do move the CPU towards a state where one can: an interrupt unwinds (it unmaps its
   * top map or returns), a task in a kmap_atomic section unmaps its top map, an idle CPU
   * schedules.
   */
  private String describeAndRun(RandomOp op) {
    int c = op.cpu();
    if (TASK_ONLY.contains(op.kind()) && !frames.get(c).isEmpty()) {
      return interruptExit(op);
    }
    if (TASK_ONLY.contains(op.kind()) && inAtomicSection(c)) {
      return unmap(op);
    }
    if (op.kind() != RandomOp.Kind.SCHEDULE && NOT_IDLE.contains(op.kind())
        && frames.get(c).isEmpty() && !workers.contains(current[c])) {
      return schedule(op);
    }
    return switch (op.kind()) {
      case MAP_LOCAL, MAP_ATOMIC -> map(op);
      case UNMAP -> unmap(op);
      case WRITE -> write(op);
      case READ -> read(op);
      case SCHEDULE -> schedule(op);
      case MIGRATE -> migrate(op);
      case INTERRUPT_ENTER -> interruptEnter(op);
      case INTERRUPT_EXIT -> interruptExit(op);
      case KMAP -> kmap(op);
      case KUNMAP -> kunmap(op);
      case SLEEP -> sleep(op);
      case WAKE -> wake(op);
      case FORK -> fork(op);
      case EXIT -> exit(op);
      case HELPER -> helper(op);
      case IO_MAP -> ioMap(op);
      case KMAP_BURST -> kmapBurst(op);
      case KMAP_FLUSH_UNUSED -> kmapFlushUnused(op);
      case PKMAP_EXHAUSTION -> pkmapExhaustion(op);
    };
  }

  // ---- the ops ----

  private String map(RandomOp op) {
    int c = op.cpu();
    Deque<Mapping> owner = ownerMaps(c);
    if (owner == null || slots(c) >= maxSlots) {
      return null;
    }
    boolean high = op.choice() % 4 != 0;
    Page page = page(c, high, op.choice() >> 2);
    if (!aliasFree(page)) {
      return null;
    }
    boolean atomic = op.kind() == RandomOp.Kind.MAP_ATOMIC;
    boolean byPfn = !vivt && (op.value() & 3) == 0;
    Cpu cpu = m.cpu(c);
    String label = "a" + labels++;
    doing = String.format("%s: %s = %s_%s %s", who(c), label, atomic ? "kmap_atomic" : "kmap_local",
        byPfn ? "pfn" : "page", pageName(page.pfn()));
    long va = byPfn
        ? atomic ? cpu.kmapAtomicPfn(page.pfn()) : cpu.kmapLocalPfn(page.pfn())
        : atomic ? cpu.kmapAtomic(page) : cpu.kmapLocalPage(page);
    long pinned = high && !byPfn && highGet ? pkmap.pin(page.pfn()) : 0;
    boolean slot = inKmapWindow(c, va);
    String line = doing + " => " + hex(va);
    doing = line;
    if (byPfn) {
      expect(slot, "kmap_local_pfn always takes a kmap slot of CPU" + c);
    } else if (!high && !forceMap) {
      expect(va == m.lowmemAddress(page), "a lowmem page must map at its direct-map "
          + "address " + hex(m.lowmemAddress(page)));
    } else if (!high) {
      expect(slot, "with FORCE_MAP a lowmem page must get a kmap slot of CPU" + c);
    } else if (pinned != 0) {
      expect(va == pinned, "not the page's pkmap entry " + hex(pinned)
          + " (arch_kmap_local_high_get)");
    } else {
      expect(slot, "neither a kmap slot of CPU" + c + " nor a pkmap entry");
    }
    push(c, owner, new Mapping(label, va, page.pfn(), pageName(page.pfn()),
        atomic ? Flavour.ATOMIC : Flavour.LOCAL, slot, false));
    return line;
  }

  /**
   * Checks a new mapping (page aligned, a slot not live already, translated to its frame) and
   * pushes it on its owner's stack.
   */
  private void push(int c, Deque<Mapping> owner, Mapping map) {
    expect(map.va() % pageSize == 0, "the address is not page aligned");
    if (map.slot()) {
      for (Mapping other : liveOn(c)) {
        expect(!other.slot() || other.va() != map.va(), "the slot is live as " + other.label());
      }
    }
    expectTranslation(c, map.va(), map.pfn());
    owner.push(map);
  }

  private String unmap(RandomOp op) {
    int c = op.cpu();
    Deque<Mapping> owner = ownerMaps(c);
    if (owner != null && owner.isEmpty() && !frames.get(c).isEmpty()) {
      return interruptExit(op);
    }
    if (owner == null || owner.isEmpty()) {
      return null;
    }
    Mapping top = owner.pop();
    long offset = op.choice() % pageSize;
    boolean atomic = top.flavour() == Flavour.ATOMIC;
    String call = (top.io() ? "io_mapping_unmap_" : "kunmap_") + (atomic ? "atomic" : "local");
    String line = String.format("%s: %s %s+%s", who(c), call, top.label(), hex(offset));
    doing = line;
    Cpu cpu = m.cpu(c);
    if (top.io() && atomic) {
      cpu.ioMappingUnmapAtomic(top.va() + offset);
    } else if (top.io()) {
      cpu.ioMappingUnmapLocal(top.va() + offset);
    } else if (atomic) {
      cpu.kunmapAtomic(top.va() + offset);
    } else {
      cpu.kunmapLocal(top.va() + offset);
    }
    if (pkmap.contains(top.va())) {
      pkmap.kunmap(top.pfn()); // kunmap_local of a kmap_high_get address is kunmap_high
    }
    if (top.slot()) {
      expect(m.cpu(c).translate(top.va()) == -1, "CPU" + c + " still translates "
          + hex(top.va()) + " to " + hex(m.cpu(c).translate(top.va())));
    }
    return line;
  }

  private String write(RandomOp op) {
    int c = op.cpu();
    List<Mapping> maps = accessible(c);
    if (maps.isEmpty()) {
      return null;
    }
    Mapping target = maps.get(op.choice() % maps.size());
    long offset = offset(op.choice() >> 8);
    long pa = physical(target.pfn(), offset);
    String line = String.format("%s: write %s+%s = %s", who(c), target.label(), hex(offset),
        hex(op.value()));
    doing = line;
    m.cpu(c).writeLong(target.va() + offset, op.value());
    memory.put(pa, op.value());
    lastOffset.put(target.pfn(), offset);
    if (coherent(target.pfn())) {
      expectPhysical(pa);
    }
    return line;
  }

  private String read(RandomOp op) {
    int c = op.cpu();
    List<Mapping> maps = accessible(c);
    if (maps.isEmpty()) {
      return null;
    }
    Mapping target = maps.get(op.choice() % maps.size());
    long offset = offset(op.choice() >> 8);
    long expected = memory.getOrDefault(physical(target.pfn(), offset), 0L);
    String line = String.format("%s: read %s+%s == %s", who(c), target.label(), hex(offset),
        hex(expected));
    doing = line;
    long actual = m.cpu(c).readLong(target.va() + offset);
    expect(actual == expected, "read " + hex(actual));
    return line;
  }

  private String schedule(RandomOp op) {
    int c = op.cpu();
    if (!frames.get(c).isEmpty()) {
      return null;
    }
    List<String> runnable = workers.stream()
        .filter(t -> state.get(t) == Task.State.RUNNABLE && cpuOf.get(t) == c).toList();
    if (runnable.isEmpty() && state.get(idleOf(c)) == Task.State.RUNNABLE) {
      runnable = List.of(idleOf(c));
    }
    if (runnable.isEmpty()) {
      return null;
    }
    String next = runnable.get(op.choice() % runnable.size());
    String line = String.format("cpu%d: schedule %s -> %s", c, current[c], next);
    doing = line;
    m.schedule(c, m.task(next));
    state.put(current[c], Task.State.RUNNABLE);
    state.put(next, Task.State.RUNNING);
    current[c] = next;
    return line;
  }

  private String migrate(RandomOp op) {
    if (vivt) {
      return null;
    }
    List<String> movable = workers.stream()
        .filter(t -> state.get(t) == Task.State.RUNNABLE && cpuOf.get(t) != op.cpu())
        .filter(t -> stacks.get(t).stream().noneMatch(Mapping::slot))
        .toList();
    if (movable.isEmpty()) {
      return null;
    }
    String task = movable.get(op.choice() % movable.size());
    String line = String.format("migrate %s: cpu%d -> cpu%d", task, cpuOf.get(task), op.cpu());
    doing = line;
    m.migrate(m.task(task), op.cpu());
    cpuOf.put(task, op.cpu());
    return line;
  }

  private String interruptEnter(RandomOp op) {
    int c = op.cpu();
    Context top = frames.get(c).isEmpty() ? Context.TASK : frames.get(c).peek().context();
    List<Context> allowed = switch (top) {
      case TASK -> List.of(Context.HARDIRQ, Context.HARDIRQ, Context.SOFTIRQ, Context.NMI); // 2:1:1
      case SOFTIRQ -> List.of(Context.HARDIRQ, Context.NMI);
      case HARDIRQ -> List.of(Context.NMI);
      case NMI -> List.of();
    };
    if (allowed.isEmpty()) {
      return null;
    }
    Context enter = allowed.get(op.choice() % allowed.size());
    String line = String.format("cpu%d: %s_enter (interrupting %s)", c, name(enter), current[c]);
    doing = line;
    Cpu cpu = m.cpu(c);
    switch (enter) {
      case HARDIRQ -> cpu.irqEnter();
      case SOFTIRQ -> cpu.softirqEnter();
      default -> cpu.nmiEnter();
    }
    frames.get(c).push(new Frame(enter, new ArrayDeque<>()));
    return line;
  }

  private String interruptExit(RandomOp op) {
    int c = op.cpu();
    Frame top = frames.get(c).peek();
    if (top == null) {
      return null;
    }
    if (!top.maps().isEmpty()) {
      return unmap(op);
    }
    String line = String.format("cpu%d: %s_exit", c, name(top.context()));
    doing = line;
    Cpu cpu = m.cpu(c);
    switch (top.context()) {
      case HARDIRQ -> cpu.irqExit();
      case SOFTIRQ -> cpu.softirqExit();
      default -> cpu.nmiExit();
    }
    frames.get(c).pop();
    return line;
  }

  private String kmap(RandomOp op) {
    int c = op.cpu();
    if (!mayCallSleepingFunction(c)
        || persistent.values().stream().mapToInt(List::size).sum() >= MAX_PERSISTENT) {
      return null;
    }
    boolean high = op.choice() % 5 != 0;
    Page page = page(c, high, op.choice() >> 3);
    if (high && (vivt && hasLocalAlias(page.pfn()) || !mayUsePkmap(c))) {
      return null;
    }
    String label = "p" + labels++;
    doing = String.format("%s: %s = kmap %s", who(c), label, pageName(page.pfn()));
    long va = m.cpu(c).kmap(page).vaddr();
    String line = doing + " => " + hex(va);
    doing = line;
    if (high) {
      usePkmap(c);
      long entry = pkmap.kmap(page.pfn());
      expect(va == entry, "not the pkmap entry " + hex(entry) + " (map_new_virtual's scan)");
    } else {
      expect(va == m.lowmemAddress(page), "not the direct-map address");
    }
    expectTranslation(c, va, page.pfn());
    persistent.get(current[c]).add(new Mapping(label, va, page.pfn(), pageName(page.pfn()),
        Flavour.PERSISTENT, false, false));
    return line;
  }

  private String kunmap(RandomOp op) {
    int c = op.cpu();
    if (!mayCallSleepingFunction(c) || persistent.get(current[c]).isEmpty()) {
      return null;
    }
    List<Mapping> held = persistent.get(current[c]);
    Mapping map = held.remove(op.choice() % held.size());
    String line = String.format("%s: kunmap %s (%s)", who(c), map.label(), map.pageName());
    doing = line;
    m.cpu(c).kunmap(m.page(map.pfn()));
    if (pkmap.contains(map.va())) {
      pkmap.kunmap(map.pfn());
    }
    return line;
  }

  private String sleep(RandomOp op) {
    int c = op.cpu();
    if (!mayCallSleepingFunction(c)) {
      return null;
    }
    String task = current[c];
    String line = String.format("%s: sleep", who(c));
    doing = line;
    m.cpu(c).sleep();
    state.put(task, Task.State.SLEEPING);
    current[c] = idleOf(c);
    state.put(current[c], Task.State.RUNNING);
    return line;
  }

  private String wake(RandomOp op) {
    List<String> sleeping =
        workers.stream().filter(t -> state.get(t) == Task.State.SLEEPING).toList();
    if (sleeping.isEmpty()) {
      return null;
    }
    String task = sleeping.get(op.choice() % sleeping.size());
    String line = "wake_up_process " + task;
    doing = line;
    expect(m.wakeUpProcess(m.task(task)), "returned false for a sleeping task");
    state.put(task, Task.State.RUNNABLE);
    return line;
  }

  private String fork(RandomOp op) {
    int c = op.cpu();
    if (slots(c) > 0 || workers.size() >= MAX_TASKS) {
      return null;
    }
    String parent = current[c];
    String child = "t" + nextTask++;
    String line = String.format("%s: fork -> %s", who(c), child);
    doing = line;
    m.fork(m.task(parent), child);
    workers.add(child);
    track(child, Task.State.RUNNABLE, c);
    return line;
  }

  private String exit(RandomOp op) {
    int c = op.cpu();
    String task = current[c];
    if (!stacks.get(task).isEmpty()) {
      return unmap(op);
    }
    if (!persistent.get(task).isEmpty()) {
      return kunmap(op);
    }
    if (workers.size() == 1) {
      return null;
    }
    String line = String.format("%s: exit", who(c));
    doing = line;
    m.exit(m.task(task));
    state.put(task, Task.State.DEAD);
    workers.remove(task);
    current[c] = idleOf(c);
    state.put(current[c], Task.State.RUNNING);
    return line;
  }

  private String ioMap(RandomOp op) {
    int c = op.cpu();
    Deque<Mapping> owner = ownerMaps(c);
    if (owner == null || slots(c) >= maxSlots) {
      return null;
    }
    boolean atomic = (op.value() & 1) != 0;
    long index = op.choice() % IO_PAGES;
    long pfn = ioPfn + index;
    String label = "w" + labels++;
    doing = String.format("%s: %s = io_mapping_map_%s_wc %s", who(c), label,
        atomic ? "atomic" : "local", pageName(pfn));
    Cpu cpu = m.cpu(c);
    long va = atomic ? cpu.ioMappingMapAtomicWc(io, index * pageSize)
        : cpu.ioMappingMapLocalWc(io, index * pageSize);
    String line = doing + " => " + hex(va);
    doing = line;
    boolean slot = io.iomem() == 0;
    expect(slot ? inKmapWindow(c, va) : va == io.iomem() + index * pageSize, slot
        ? "HAVE_ATOMIC_IOMAP: not a kmap slot of CPU" + c : "not the offset into the ioremap");
    push(c, owner, new Mapping(label, va, pfn, pageName(pfn),
        atomic ? Flavour.ATOMIC : Flavour.LOCAL, slot, true));
    return line;
  }

  /**
   * kmap() of distinct highmem pages from a random start in a region of 2 * LAST_PKMAP pages,
   * {@value #BURST_HELD} held at a time: each must get the entry the model's scan gives and read
   * what the shadow holds (a reused entry translated through a stale TLB entry would not), then
   * takes a new word; afterwards page_address of every page and every pkmap_count agree.
   */
  private String kmapBurst(RandomOp op) {
    int c = op.cpu();
    int last = pkmap.lastPkmap();
    if (!mayUsePkmap(c) || burstBudget == 0) {
      return null;
    }
    usePkmap(c);
    int n = Math.min(burstBudget, last / 2 + op.choice() % (last / 2));
    burstBudget -= n;
    long first = burstPage(0);
    long start = Long.remainderUnsigned(op.value(), 2L * last);
    long flushes = pkmap.flushes();
    String line = String.format("%s: kmap, read, write, kunmap %d pages from %s on (wrapping"
        + " to %s after %s), %d held at a time", who(c), n, pageName(first + start),
        pageName(first), pageName(first + 2L * last - 1), BURST_HELD);
    doing = line;
    Cpu cpu = m.cpu(c);
    List<Long> held = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long pfn = burstPage(start + i);
      long va = kmapNew(cpu, pfn);
      long pa = physical(pfn, 0);
      long read = cpu.readLong(va);
      expect(read == memory.getOrDefault(pa, 0L), () -> pageName(pfn) + " reads " + hex(read)
          + " through " + hex(va) + ", expected " + hex(memory.getOrDefault(pa, 0L)));
      long value = Variants.pattern(op.value(), i);
      cpu.writeLong(va, value);
      memory.put(pa, value);
      held.add(pfn);
      all.add(pfn);
      if (held.size() == BURST_HELD || i == n - 1) {
        for (long h : held) {
          cpu.kunmap(m.page(h));
          pkmap.kunmap(h);
        }
        held.clear();
      }
    }
    expectPkmap(all);
    long wraps = pkmap.flushes() - flushes;
    return wraps == 0 ? line : line + String.format(" (flush_all_zero_pkmaps freed entries %d"
        + " time%s)", wraps, wraps == 1 ? "" : "s");
  }

  /**
   * The pool runs dry, a waiter sleeps and a kunmap() wakes it (see
   * {@link RandomOp.Kind#PKMAP_EXHAUSTION}); all on one CPU, so that it holds on VIVT too. With
   * DCACHE_N_COLORS > 1 it is the pool of one colour, the first page's: its pages are every Nth
   * of the region, and the waiter sleeps on that colour's queue.
   */
  private String pkmapExhaustion(RandomOp op) {
    int c = op.cpu();
    String holder = current[c];
    List<String> others = workers.stream()
        .filter(t -> state.get(t) == Task.State.RUNNABLE && cpuOf.get(t) == c).toList();
    long start = Long.remainderUnsigned(op.value(), 2L * pkmap.lastPkmap());
    int step = m.arch().dcacheColours();
    int colour = pkmap.colour(burstPage(start));
    int n = pkmap.unused(colour);
    if (!mayUsePkmap(c) || others.isEmpty() || n == 0 || burstBudget < n + 1) {
      return null;
    }
    usePkmap(c);
    burstBudget -= n + 1;
    String waiter = others.get(op.choice() % others.size());
    long extra = burstPage(start + (long) n * step);
    String line = String.format("%s: kmap %d pages from %s on until all %d pkmap entries%s are in"
        + " use; schedule -> %s, whose kmap %s sleeps; schedule -> %s, whose kunmap %s wakes %s;"
        + " schedule -> %s, whose kmap %s now maps, kunmap; schedule -> %s, kunmap the rest",
        who(c), n, pageName(burstPage(start)), pkmap.lastPkmap() / step,
        step == 1 ? "" : " of colour " + colour, waiter, pageName(extra), holder,
        pageName(burstPage(start)), waiter, waiter, pageName(extra), holder);
    doing = line;
    Cpu cpu = m.cpu(c);
    List<Long> held = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      held.add(burstPage(start + (long) i * step));
      kmapNew(cpu, held.get(i));
    }
    expect(pkmap.unused(colour) == 0, "the model has an unused entry of colour " + colour + " left");
    long pkmapSleeps = m.counters().pkmapSleeps();
    switchTo(c, waiter);
    expect(!cpu.kmap(m.page(extra)).mapped() && pkmap.kmap(extra) == 0,
        "kmap with every pkmap entry in use did not sleep");
    expect(m.task(waiter).state() == Task.State.SLEEPING && m.counters().pkmapSleeps()
        == pkmapSleeps + 1, waiter + " is " + m.task(waiter).state() + " after "
        + (m.counters().pkmapSleeps() - pkmapSleeps) + " pkmap sleeps, expected 1 and SLEEPING");
    current[c] = idleOf(c);
    state.put(waiter, Task.State.SLEEPING);
    switchTo(c, holder);
    cpu.kunmap(m.page(held.get(0)));
    pkmap.kunmap(held.get(0));
    expect(m.task(waiter).state() == Task.State.RUNNABLE,
        "kunmap freed an entry but " + waiter + " is " + m.task(waiter).state());
    state.put(waiter, Task.State.RUNNABLE);
    switchTo(c, waiter); // the core retries the kmap()
    long entry = pkmap.kmap(extra);
    expect(m.task(waiter).kmapWaiting().isEmpty() && m.pageAddress(m.page(extra)) == entry,
        () -> "the retried kmap of " + pageName(extra) + " got "
            + hex(m.pageAddress(m.page(extra))) + ", not the pkmap entry " + hex(entry));
    cpu.kunmap(m.page(extra));
    pkmap.kunmap(extra);
    switchTo(c, holder);
    for (long pfn : held.subList(1, n)) {
      cpu.kunmap(m.page(pfn));
      pkmap.kunmap(pfn);
    }
    held.add(extra);
    expectPkmap(held);
    return line;
  }

  /** {@code schedule()} on a CPU in task context to a runnable task of it, in the shadow too. */
  private void switchTo(int c, String next) {
    m.schedule(c, m.task(next));
    state.put(current[c], Task.State.RUNNABLE);
    state.put(next, Task.State.RUNNING);
    current[c] = next;
  }

  /** kmap() of a highmem page by the current task: the entry the model's scan gives. */
  private long kmapNew(Cpu cpu, long pfn) {
    long va = cpu.kmap(m.page(pfn)).vaddr();
    long entry = pkmap.kmap(pfn);
    expect(va == entry, () -> pageName(pfn) + " got " + hex(va) + ", not the pkmap entry "
        + hex(entry) + " (map_new_virtual's scan)");
    return va;
  }

  /** The {@code k}th page of the bursts' region of 2 * LAST_PKMAP highmem pages, modulo. */
  private long burstPage(long k) {
    return m.maxLowPfn() + BURST_FIRST + k % (2L * pkmap.lastPkmap());
  }

  /** page_address of pages the pool mapped, and every pkmap_count, agree with the model. */
  private void expectPkmap(List<Long> touched) {
    for (long pfn : touched) {
      expectPageAddress(pfn);
    }
    for (int nr = 0; nr < pkmap.lastPkmap(); nr++) {
      int entry = nr;
      expect(m.pkmapCount(nr) == pkmap.count(nr), () -> "pkmap_count[" + entry + "] is "
          + m.pkmapCount(entry) + ", expected " + pkmap.count(entry));
    }
  }

  private String kmapFlushUnused(RandomOp op) {
    int c = op.cpu();
    if (!mayUsePkmap(c)) {
      return null;
    }
    usePkmap(c);
    String line = String.format("%s: kmap_flush_unused", who(c));
    doing = line;
    m.cpu(c).kmapFlushUnused();
    pkmap.flushUnused();
    return line;
  }

  /**
   * A highmem.h helper on pages of the CPU's pools (a 4-page folio of them for the folio
   * helpers), the shadow updated byte for byte; what it wrote is read back through a fresh
   * kmap_local and, where memory is coherent, from physical memory.
   */
  private String helper(RandomOp op) {
    int c = op.cpu();
    if (ownerMaps(c) == null || slots(c) + 2 > maxSlots) {
      return null;
    }
    Random r = new Random(op.value());
    int which = r.nextInt(HELPERS);
    return which < 8 ? pageHelper(c, which, r) : folioHelper(c, which, r);
  }

  private String pageHelper(int c, int which, Random r) {
    HighmemHelpers h = m.cpu(c).helpers();
    int ps = (int) pageSize;
    Page dst = helperPage(c, r);
    Page src = helperPage(c, r);
    boolean twoPages = which == 0 || which == 5 || which == 6;
    if (!aliasFree(dst) || twoPages && (!aliasFree(src) || dst.equals(src))) {
      return null;
    }
    int len = r.nextInt(8) == 0 ? ps : 1 + r.nextInt(256);
    int off = r.nextInt(ps - len + 1);
    int srcOff = r.nextInt(ps - len + 1);
    String d = pageName(dst.pfn());
    String sn = pageName(src.pfn());
    byte[] data = new byte[len];
    r.nextBytes(data);
    byte val = data[0];
    long user = r.nextInt(1 << 20) * pageSize;
    String line = who(c) + ": " + switch (which) {
      case 0 -> String.format("memcpy_page(%s+%s, %s+%s, %s)", d, hex(off), sn, hex(srcOff),
          hex(len));
      case 1 -> String.format("memcpy_to_page(%s+%s, <%s random bytes>)", d, hex(off), hex(len));
      case 2 -> String.format("memcpy_from_page(%s+%s, %s)", d, hex(off), hex(len));
      case 3 -> String.format("memset_page(%s+%s, %s, %s)", d, hex(off), hex(val & 0xff), hex(len));
      case 4 -> String.format("memzero_page(%s+%s, %s)", d, hex(off), hex(len));
      case 5 -> String.format("copy_highpage(%s, %s)", d, sn);
      case 6 -> String.format("copy_user_highpage(%s, %s, user address %s)", d, sn, hex(user));
      default -> String.format("clear_highpage(%s)", d);
    };
    doing = line;
    switch (which) {
      case 0 -> {
        h.memcpyPage(dst, off, src, srcOff, len);
        storeBytes(dst.pfn(), off, shadowBytes(src.pfn(), srcOff, len));
      }
      case 1 -> {
        h.memcpyToPage(dst, off, data, 0, len);
        storeBytes(dst.pfn(), off, data);
      }
      case 2 -> {
        byte[] out = new byte[len];
        h.memcpyFromPage(out, 0, dst, off, len);
        expectBytes(out, dst.pfn(), off);
        return line;
      }
      case 3 -> {
        h.memsetPage(dst, off, val, len);
        storeBytes(dst.pfn(), off, filled(len, val));
      }
      case 4 -> {
        h.memzeroPage(dst, off, len);
        storeBytes(dst.pfn(), off, new byte[len]);
      }
      case 5, 6 -> {
        if (which == 5) {
          h.copyHighpage(dst, src);
        } else {
          h.copyUserHighpage(dst, src, user);
        }
        off = 0;
        len = ps;
        storeBytes(dst.pfn(), 0, shadowBytes(src.pfn(), 0, ps));
      }
      default -> {
        h.clearHighpage(dst);
        off = 0;
        len = ps;
        storeBytes(dst.pfn(), 0, new byte[ps]);
      }
    }
    expectWritten(c, dst.pfn(), off, len);
    return line;
  }

  private String folioHelper(int c, int which, Random r) {
    HighmemHelpers h = m.cpu(c).helpers();
    int ps = (int) pageSize;
    boolean high = r.nextInt(4) != 0;
    int pool = high ? HIGH_POOL : LOW_POOL;
    long first = poolBase(c, high) + 4L * r.nextInt(pool / 4);
    for (int i = 0; i < 4; i++) {
      if (!aliasFree(m.page(first + i))) {
        return null;
      }
    }
    String f = "folio(" + pageName(first) + ".." + pageName(first + 3) + ")";
    int len = 1 + r.nextInt(r.nextInt(8) == 0 ? 2 * ps : 512);
    int off = Math.max(0, (1 + r.nextInt(3)) * ps - r.nextInt(len + 1));
    off = Math.min(off, 4 * ps - len);
    int end2 = Math.min(4 * ps, off + len + r.nextInt(3 * ps));
    int start2 = end2 - r.nextInt(end2 - off + 1);
    String line = who(c) + ": " + switch (which) {
      case 8 -> String.format("zero_user_segments(%s, %s, %s, %s, %s)", f, hex(off),
          hex(off + len), hex(start2), hex(end2));
      case 9 -> String.format("memcpy_to_folio(%s+%s, <%s random bytes>)", f, hex(off), hex(len));
      default -> String.format("memcpy_from_folio(%s+%s, %s)", f, hex(off), hex(len));
    };
    doing = line;
    Folio folio = m.folio(first, 2);
    if (which == 10) {
      byte[] out = new byte[len];
      h.memcpyFromFolio(out, 0, folio, off, len);
      forEachPiece(first, off, len, (pfn, at, done, chunk) ->
          expectBytes(Arrays.copyOfRange(out, done, done + chunk), pfn, at));
      return line;
    }
    byte[] data = new byte[len];
    if (which == 8) {
      h.zeroUserSegments(folio, off, off + len, start2, end2);
    } else {
      r.nextBytes(data);
      h.memcpyToFolio(folio, off, data, 0, len);
    }
    forEachPiece(first, off, len, (pfn, at, done, chunk) ->
        storeBytes(pfn, at, Arrays.copyOfRange(data, done, done + chunk)));
    if (which == 8) {
      forEachPiece(first, start2, end2 - start2, (pfn, at, done, chunk) ->
          storeBytes(pfn, at, new byte[chunk]));
      forEachPiece(first, start2, end2 - start2, (pfn, at, done, chunk) ->
          expectWritten(c, pfn, at, chunk));
    }
    forEachPiece(first, off, len, (pfn, at, done, chunk) -> expectWritten(c, pfn, at, chunk));
    return line;
  }

  /**
   * The part of a folio's byte range in one page: {@code len} bytes at offset {@code at} of the
   * page {@code pfn}, after {@code done} bytes of the range.
   */
  private interface Piece {
    void accept(long pfn, int at, int done, int len);
  }

  /** Splits {@code len} bytes at byte {@code offset} of the folio at {@code first} by page. */
  private void forEachPiece(long first, int offset, int len, Piece piece) {
    int ps = (int) pageSize;
    for (int done = 0; done < len; ) {
      int at = offset + done;
      int chunk = Math.min(len - done, ps - at % ps);
      piece.accept(first + at / ps, at % ps, done, chunk);
      done += chunk;
    }
  }

  /** A pool page for a helper: highmem three times in four. */
  private Page helperPage(int c, Random r) {
    boolean high = r.nextInt(4) != 0;
    return page(c, high, r.nextInt(high ? HIGH_POOL : LOW_POOL));
  }

  // ---- checks after every step ----

  private void verify() {
    List<InvariantViolation> broken = m.checkInvariants();
    expect(broken.isEmpty(), "invariants broken: " + broken);
    List<Diagnostic> diagnostics = m.diagnostics();
    expect(diagnostics.isEmpty(), "diagnostics: " + diagnostics);
    for (int c = 0; c < current.length; c++) {
      Cpu cpu = m.cpu(c);
      Context expected = frames.get(c).isEmpty() ? Context.TASK : frames.get(c).peek().context();
      expect(cpu.current().name().equals(current[c]) && cpu.context() == expected, "CPU" + c
          + " runs " + cpu.current().name() + " in " + cpu.context() + ", expected " + current[c]
          + " in " + expected);
      for (Mapping map : liveOn(c)) {
        expectContents(c, map);
      }
    }
    for (String name : state.keySet()) {
      verifyTask(name);
    }
    for (String w : workers) {
      for (Mapping map : persistent.get(w)) {
        expectContents(cpuOf.get(w), map);
      }
    }
    expect(m.counters().pkmapFlushes() == pkmap.flushes(), "flush_all_zero_pkmaps freed entries "
        + m.counters().pkmapFlushes() + " times, expected " + pkmap.flushes());
    for (int c = 0; c < (vivt ? current.length : 1); c++) {
      for (int i = 0; i < HIGH_POOL; i++) {
        expectPageAddress(poolBase(c, true) + i);
      }
    }
  }

  /** The task's state, kmap_ctrl and disable counts against the shadow. */
  private void verifyTask(String name) {
    Task task = m.task(name);
    List<Mapping> maps = new ArrayList<>(stacks.get(name));
    if (state.get(name) == Task.State.RUNNING) {
      maps = liveOn(cpuOf.get(name));
    }
    List<Long> slots =
        new ArrayList<>(maps.stream().filter(Mapping::slot).map(Mapping::va).toList());
    Collections.reverse(slots);
    int atomics = (int) maps.stream().filter(x -> x.flavour() == Flavour.ATOMIC).count();
    expect(task.state() == state.get(name) && task.cpu() == cpuOf.get(name), name + " is "
        + task.state() + " on CPU" + task.cpu() + ", expected " + state.get(name) + " on CPU"
        + cpuOf.get(name));
    List<Long> held = task.liveMaps().stream().map(LiveMap::vaddr).toList();
    expect(held.equals(slots), name + " holds " + hexes(held)
        + ", expected " + hexes(slots));
    expect(task.migrationDisabled() == slots.size(), name + " migration_disabled "
        + task.migrationDisabled() + ", expected " + slots.size() + " (one per fixmap kmap)");
    expect(task.preemptCount() == atomics && task.pagefaultDisabled() == atomics, name
        + " preempt_count " + task.preemptCount() + ", pagefault_disabled "
        + task.pagefaultDisabled() + ", expected " + atomics + " (one per kmap_atomic)");
  }

  /**
   * No diagnostic at all, and (where no VIVT line may still be dirty) physical memory holds every
   * word written.
   */
  private void verifyEnd() {
    expect(m.diagnostics().isEmpty(), "diagnostics: " + m.diagnostics());
    memory.keySet().stream().filter(pa -> coherent(pa / pageSize)).forEach(this::expectPhysical);
  }

  private void expectContents(int c, Mapping map) {
    long offset = lastOffset.getOrDefault(map.pfn(), 0L);
    long expected = memory.getOrDefault(physical(map.pfn(), offset), 0L);
    long actual = m.cpu(c).readLong(map.va() + offset);
    expect(actual == expected, String.format(
        "CPU%d reads %s through %s+%s (%s at %s), expected %s", c, hex(actual), map.label(),
        hex(offset), map.pageName(), hex(map.va()), hex(expected)));
  }

  private void expectTranslation(int c, long va, long pfn) {
    long pa = m.cpu(c).translate(va);
    expect(pa == physical(pfn, 0), "CPU" + c + " translates it to " + hex(pa));
  }

  /** {@code page_address()} of a highmem page is its pkmap entry in the model, or 0. */
  private void expectPageAddress(long pfn) {
    long actual = m.pageAddress(m.page(pfn));
    expect(actual == pkmap.pageAddress(pfn), () -> "page_address(" + pageName(pfn) + ") is "
        + hex(actual) + ", expected " + hex(pkmap.pageAddress(pfn)));
  }

  /** Bytes a helper read are what the shadow holds at a page offset. */
  private void expectBytes(byte[] actual, long pfn, int offset) {
    byte[] expected = shadowBytes(pfn, offset, actual.length);
    int i = Arrays.mismatch(actual, expected);
    expect(i < 0, () -> String.format("byte %s of %s is %s, expected %s", hex(offset + i),
        pageName(pfn), hex(actual[i] & 0xff), hex(expected[i] & 0xff)));
  }

  /**
   * The words a helper wrote, read through a fresh kmap_local by the same context and, where
   * memory is coherent, from physical memory.
   */
  private void expectWritten(int c, long pfn, int offset, int len) {
    Cpu cpu = m.cpu(c);
    long va = cpu.kmapLocalPage(m.page(pfn));
    for (long at = offset & ~7L; at < offset + len; at += 8) {
      long expected = memory.getOrDefault(physical(pfn, at), 0L);
      long actual = cpu.readLong(va + at);
      long word = at;
      expect(actual == expected, () -> String.format("read back through a kmap_local at %s,"
          + " %s+%s holds %s, expected %s", hex(va), pageName(pfn), hex(word), hex(actual),
          hex(expected)));
      if (coherent(pfn)) {
        expectPhysical(physical(pfn, at));
      }
    }
    cpu.kunmapLocal(va);
  }

  private void expectPhysical(long pa) {
    long expected = memory.getOrDefault(pa, 0L);
    long actual = Variants.physicalLong(m, pa);
    expect(actual == expected, () -> "physical memory at " + hex(pa) + " holds "
        + hex(actual) + ", expected " + hex(expected));
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw new Mismatch(message);
    }
  }

  /** As {@link #expect(boolean, String)}, the message built only on failure (hot loops). */
  private static void expect(boolean ok, Supplier<String> message) {
    if (!ok) {
      throw new Mismatch(message.get());
    }
  }

  // ---- the shadow's view ----

  /** The maps of the innermost context of a CPU, or null when it may not map (the idle task). */
  private Deque<Mapping> ownerMaps(int c) {
    if (!frames.get(c).isEmpty()) {
      return frames.get(c).peek().maps();
    }
    return workers.contains(current[c]) ? stacks.get(current[c]) : null;
  }

  /** What the innermost context of a CPU may access: its own maps, a task also its kmap()s. */
  private List<Mapping> accessible(int c) {
    Deque<Mapping> owner = ownerMaps(c);
    List<Mapping> maps = new ArrayList<>(owner == null ? List.of() : owner);
    if (frames.get(c).isEmpty() && owner != null) {
      maps.addAll(persistent.get(current[c]));
    }
    return maps;
  }

  /** The local maps live on a CPU (its task's, then its interrupts'), top first. */
  private List<Mapping> liveOn(int c) {
    List<Mapping> maps = new ArrayList<>();
    for (Frame f : frames.get(c)) {
      maps.addAll(f.maps());
    }
    maps.addAll(stacks.get(current[c]));
    return maps;
  }

  /** The slots taken on the kmap_ctrl of the CPU's current task. */
  private int slots(int c) {
    return (int) liveOn(c).stream().filter(Mapping::slot).count();
  }

  /**
   * A task (not an interrupt) holds a kmap_atomic: it must leave the atomic section before it
   * schedules, sleeps or calls kmap()/kunmap(), so such an op unmaps its top map instead.
   */
  private boolean inAtomicSection(int c) {
    return frames.get(c).isEmpty() && atomicCount(stacks.get(current[c])) > 0;
  }

  /** kmap(), kunmap() and sleeping: a task, not in an interrupt, no kmap_atomic held. */
  private boolean mayCallSleepingFunction(int c) {
    return frames.get(c).isEmpty() && workers.contains(current[c])
        && atomicCount(stacks.get(current[c])) == 0;
  }

  private static long atomicCount(Deque<Mapping> maps) {
    return maps.stream().filter(x -> x.flavour() == Flavour.ATOMIC).count();
  }

  private boolean hasLocalAlias(long pfn) {
    for (int c = 0; c < current.length; c++) {
      for (Frame f : frames.get(c)) {
        if (f.maps().stream().anyMatch(x -> x.pfn() == pfn)) {
          return true;
        }
      }
    }
    return stacks.values().stream().flatMap(Deque::stream).anyMatch(x -> x.pfn() == pfn);
  }

  private boolean hasPersistent(long pfn) {
    return persistent.values().stream().flatMap(List::stream).anyMatch(x -> x.pfn() == pfn);
  }

  /**
   * Whether kmap_local of the page adds no second alias on a VIVT cache: a highmem page with a
   * local map is taken, and so is one with a kmap() where kmap_local does not reuse its entry.
   */
  private boolean aliasFree(Page page) {
    return !vivt || !m.isHighMem(page)
        || !hasLocalAlias(page.pfn()) && (highGet || !hasPersistent(page.pfn()));
  }

  /** On VIVT only one CPU uses the pkmap pool (see the class comment). */
  private boolean mayUsePkmap(int c) {
    return !vivt || pkmapCpu < 0 || pkmapCpu == c;
  }

  private void usePkmap(int c) {
    if (vivt) {
      pkmapCpu = c;
    }
  }

  /** A page of the pools: shared, or one pool per CPU on VIVT. */
  private Page page(int c, boolean high, int choice) {
    return m.page(poolBase(c, high) + choice % (high ? HIGH_POOL : LOW_POOL));
  }

  /**
   * The first pfn of a CPU's pool: 4-page aligned, and pools are multiples of 4 pages, so that
   * order-2 folios of pool pages are aligned to their size.
   */
  private long poolBase(int c, boolean high) {
    long base = (high ? m.maxLowPfn() : m.maxLowPfn() / 2) + 3 & ~3L;
    return base + (vivt ? (long) c * (high ? HIGH_POOL : LOW_POOL) : 0);
  }

  private String pageName(long pfn) {
    if (pfn >= ioPfn) {
      return "io+" + (pfn - ioPfn);
    }
    return pfn >= m.maxLowPfn() ? "highmem+" + (pfn - m.maxLowPfn())
        : "lowmem+" + (pfn - m.maxLowPfn() / 2);
  }

  /**
   * Whether physical memory holds what was written through any mapping: device memory always
   * (uncached), RAM unless a VIVT line may still be dirty.
   */
  private boolean coherent(long pfn) {
    return !vivt || pfn >= ioPfn;
  }

  /** The shadow's bytes of a page range (memory is little-endian 64-bit words). */
  private byte[] shadowBytes(long pfn, int offset, int len) {
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      long pa = physical(pfn, offset + i);
      b[i] = (byte) (memory.getOrDefault(pa & ~7L, 0L) >>> 8 * (pa & 7));
    }
    return b;
  }

  private void storeBytes(long pfn, int offset, byte[] data) {
    for (int i = 0; i < data.length; i++) {
      long pa = physical(pfn, offset + i);
      long shift = 8 * (pa & 7);
      long word = memory.getOrDefault(pa & ~7L, 0L) & ~(0xffL << shift);
      memory.put(pa & ~7L, word | (data[i] & 0xffL) << shift);
    }
  }

  private static byte[] filled(int len, byte val) {
    byte[] b = new byte[len];
    Arrays.fill(b, val);
    return b;
  }

  /** Whether {@code va} is one of CPU c's KM_MAX_IDX (times DCACHE_N_COLORS) fixmap slots. */
  private boolean inKmapWindow(int c, long va) {
    return KmapWindow.ofCpu(m.layout(), c, m.config().kmMaxIdx() * m.arch().dcacheColours())
        .contains(va);
  }

  private long physical(long pfn, long offset) {
    return pfn * pageSize + offset;
  }

  /** Mostly the first words of a page, sometimes its last one. */
  private long offset(int choice) {
    return choice % 5 == 0 ? pageSize - 8 : 8L * (choice % 8);
  }

  private String who(int c) {
    Frame f = frames.get(c).peek();
    return "cpu" + c + " " + (f == null ? current[c] : name(f.context()) + "(" + current[c] + ")");
  }

  private String idleOf(int c) {
    return "swapper/" + c;
  }

  private static String name(Context c) {
    return c.name().toLowerCase(Locale.ROOT);
  }

  private static String hex(long v) {
    return v == -1 ? "-1" : "0x" + Long.toHexString(v);
  }

  private static String hexes(List<Long> vas) {
    return vas.stream().map(Shadow::hex).toList().toString();
  }
}
