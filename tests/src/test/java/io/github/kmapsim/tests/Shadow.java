package io.github.kmapsim.tests;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Replays {@link RandomOp}s on a machine against a shadow model of what the kernel guarantees:
 * the maps each task and interrupt holds, task states, and the 64-bit words written to physical
 * memory. An op becomes a kernel call only where the kernel's rules make it legal, so a correct
 * simulator reports nothing; after every call the shadow is compared with the machine.
 *
 * <p>The rules followed ({@code mm/highmem.c}, {@code include/linux/highmem-internal.h}):
 *
 * <ul>
 *   <li>kunmap_local/kunmap_atomic undo the most recent map of the same context (LIFO); an
 *       interrupt pushes on the interrupted task's kmap_ctrl and unmaps all it mapped before it
 *       returns; hardirqs nest in softirqs, NMIs in both, and neither of the three in itself;
 *   <li>at most 15 nested maps (16 with DEBUG_KMAP_LOCAL): {@code BUG_ON(idx >= KM_MAX_IDX)};
 *   <li>kmap_atomic disables preemption and page faults: its holder neither schedules, sleeps
 *       nor calls kmap()/kunmap() ({@code might_sleep});
 *   <li>a fixmap kmap_local is {@code migrate_disable()}d: only a task without one migrates;
 *   <li>kmap() is used well below LAST_PKMAP, so it never sleeps for a free entry;
 *   <li>on a VIVT cache a page has one virtual alias at a time (a page with a pkmap entry is
 *       kmap_local'd at that entry by {@code arch_kmap_local_high_get}), each CPU works on its
 *       own pages and tasks do not migrate: VIVT needs flush_dcache_page for anything else.
 * </ul>
 */
final class Shadow {
  private static final int HIGH_POOL = 24;
  private static final int LOW_POOL = 8;
  private static final int MAX_PERSISTENT = 6;

  /** What only a task may do: schedule, sleep, kmap() and kunmap() (might_sleep). */
  private static final Set<RandomOp.Kind> TASK_ONLY = EnumSet.of(RandomOp.Kind.SCHEDULE,
      RandomOp.Kind.SLEEP, RandomOp.Kind.KMAP, RandomOp.Kind.KUNMAP);

  /** What the idle task does not do (it only schedules): anything with maps. */
  private static final Set<RandomOp.Kind> NOT_IDLE = EnumSet.of(RandomOp.Kind.MAP_LOCAL,
      RandomOp.Kind.MAP_ATOMIC, RandomOp.Kind.UNMAP, RandomOp.Kind.WRITE, RandomOp.Kind.READ,
      RandomOp.Kind.KMAP, RandomOp.Kind.KUNMAP, RandomOp.Kind.SLEEP);

  /** How a mapping was made. */
  private enum Flavour { LOCAL, ATOMIC, PERSISTENT }

  /** A live mapping; {@code slot} when it occupies a kmap_local fixmap slot. */
  private record Mapping(
      String label, long va, Page page, String pageName, Flavour flavour, boolean slot) {}

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
  private String doing;

  private Shadow(Machine m, int[] homes) {
    this.m = m;
    vivt = m.arch().cacheType() == CacheType.VIVT;
    highGet = m.arch().hooks().needsKmapHighGet();
    forceMap = m.config().forceMap();
    maxSlots = (m.config().kmMaxIdx() - 1) / m.config().kmIncr();
    pageSize = m.layout().pageSize();
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
    if (high && vivt && (hasLocalAlias(page) || !highGet && hasPersistent(page))) {
      return null;
    }
    boolean atomic = op.kind() == RandomOp.Kind.MAP_ATOMIC;
    boolean byPfn = !vivt && (op.value() & 3) == 0;
    Cpu cpu = m.cpu(c);
    String label = "a" + labels++;
    doing = String.format("%s: %s = %s_%s %s", who(c), label, atomic ? "kmap_atomic" : "kmap_local",
        byPfn ? "pfn" : "page", pageName(page));
    long va = byPfn
        ? atomic ? cpu.kmapAtomicPfn(page.pfn()) : cpu.kmapLocalPfn(page.pfn())
        : atomic ? cpu.kmapAtomic(page) : cpu.kmapLocalPage(page);
    boolean slot = inKmapWindow(c, va);
    String line = doing + " => " + hex(va);
    doing = line;
    expect(va % pageSize == 0, "the address is not page aligned");
    if (byPfn) {
      expect(slot, "kmap_local_pfn always takes a kmap slot of CPU" + c);
    } else if (!high && !forceMap) {
      expect(va == m.lowmemAddress(page), "a lowmem page must map at its direct-map "
          + "address " + hex(m.lowmemAddress(page)));
    } else if (!high) {
      expect(slot, "with FORCE_MAP a lowmem page must get a kmap slot of CPU" + c);
    } else if (!slot) {
      expect(highGet && va == m.pageAddress(page), "neither a kmap slot of CPU" + c
          + " nor the page's pkmap entry (arch_kmap_local_high_get)");
    }
    if (slot) {
      for (Mapping other : liveOn(c)) {
        expect(!other.slot() || other.va() != va, "the slot is live as " + other.label());
      }
    }
    expectTranslation(c, va, page, line);
    owner.push(new Mapping(label, va, page, pageName(page),
        atomic ? Flavour.ATOMIC : Flavour.LOCAL, slot));
    return line;
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
    String line = String.format("%s: %s %s+%s", who(c), atomic ? "kunmap_atomic" : "kunmap_local",
        top.label(), hex(offset));
    doing = line;
    if (atomic) {
      m.cpu(c).kunmapAtomic(top.va() + offset);
    } else {
      m.cpu(c).kunmapLocal(top.va() + offset);
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
    long pa = physical(target.page(), offset);
    String line = String.format("%s: write %s+%s = %s", who(c), target.label(), hex(offset),
        hex(op.value()));
    doing = line;
    m.cpu(c).writeLong(target.va() + offset, op.value());
    memory.put(pa, op.value());
    lastOffset.put(target.page().pfn(), offset);
    if (!vivt) {
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
    long expected = memory.getOrDefault(physical(target.page(), offset), 0L);
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
    if (high && vivt && hasLocalAlias(page)) {
      return null;
    }
    String label = "p" + labels++;
    doing = String.format("%s: %s = kmap %s", who(c), label, pageName(page));
    long va = m.cpu(c).kmap(page);
    String line = doing + " => " + hex(va);
    doing = line;
    if (high) {
      MemoryLayout l = m.layout();
      expect(va >= l.pkmapBase() && va < l.pkmapBase() + l.lastPkmap() * pageSize
          && va == m.pageAddress(page), "not the page's pkmap entry");
    } else {
      expect(va == m.lowmemAddress(page), "not the direct-map address");
    }
    expectTranslation(c, va, page, line);
    persistent.get(current[c]).add(
        new Mapping(label, va, page, pageName(page), Flavour.PERSISTENT, false));
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
    m.cpu(c).kunmap(map.page());
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

  // ---- checks after every step ----

  private void verify() {
    List<String> broken = m.checkInvariants();
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
    expect(task.liveMaps().equals(slots), name + " holds " + hexes(task.liveMaps())
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
    if (!vivt) {
      memory.keySet().forEach(this::expectPhysical);
    }
  }

  private void expectContents(int c, Mapping map) {
    long offset = lastOffset.getOrDefault(map.page().pfn(), 0L);
    long expected = memory.getOrDefault(physical(map.page(), offset), 0L);
    long actual = m.cpu(c).readLong(map.va() + offset);
    expect(actual == expected, String.format(
        "CPU%d reads %s through %s+%s (%s at %s), expected %s", c, hex(actual), map.label(),
        hex(offset), map.pageName(), hex(map.va()), hex(expected)));
  }

  private void expectTranslation(int c, long va, Page page, String line) {
    long pa = m.cpu(c).translate(va);
    expect(pa == physical(page, 0), "CPU" + c + " translates it to " + hex(pa));
  }

  private void expectPhysical(long pa) {
    long actual = Variants.physicalLong(m, pa);
    expect(actual == memory.get(pa), "physical memory at " + hex(pa) + " holds "
        + hex(actual) + ", expected " + hex(memory.get(pa)));
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw new Mismatch(message);
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

  private boolean hasLocalAlias(Page page) {
    for (int c = 0; c < current.length; c++) {
      for (Frame f : frames.get(c)) {
        if (f.maps().stream().anyMatch(x -> x.page().equals(page))) {
          return true;
        }
      }
    }
    return stacks.values().stream().flatMap(Deque::stream).anyMatch(x -> x.page().equals(page));
  }

  private boolean hasPersistent(Page page) {
    return persistent.values().stream().flatMap(List::stream).anyMatch(x -> x.page().equals(page));
  }

  /** A page of the pools: shared, or one pool per CPU on VIVT. */
  private Page page(int c, boolean high, int choice) {
    int pool = high ? HIGH_POOL : LOW_POOL;
    long base = high ? m.maxLowPfn() : m.maxLowPfn() / 2;
    return m.page(base + (vivt ? (long) c * pool : 0) + choice % pool);
  }

  private String pageName(Page page) {
    return m.isHighMem(page) ? "highmem+" + (page.pfn() - m.maxLowPfn())
        : "lowmem+" + (page.pfn() - m.maxLowPfn() / 2);
  }

  private boolean inKmapWindow(int c, long va) {
    MemoryLayout l = m.layout();
    int max = m.config().kmMaxIdx();
    int first = l.fixKmapBegin() + max * c;
    return va <= l.fixToVirt(first) && va >= l.fixToVirt(first + max - 1);
  }

  private long physical(Page page, long offset) {
    return page.pfn() * pageSize + offset;
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
