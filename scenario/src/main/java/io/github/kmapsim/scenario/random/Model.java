// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Arg;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.Verb;
import io.github.kmapsim.spi.CacheType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kernel's rules allow next, and what a correct machine holds: the model behind {@link
 * RandomWorkload}. {@link #apply} takes a statement only where the rules of {@code
 * mm/highmem.c}, {@code highmem-internal.h}, {@code highmem.h}, {@code io-mapping.h} and {@code
 * kernel/fork.c} make it legal on a correct machine, and otherwise says why not:
 *
 * <ul>
 *   <li>kunmap_local/kunmap_atomic undo the most recent map of the same context (LIFO); an
 *       interrupt pushes on the interrupted task's kmap_ctrl and unmaps all it mapped before it
 *       returns; hardirqs nest in softirqs, NMIs in both, and none of the three in itself;
 *   <li>at most KM_MAX_IDX - 1 nested slots ({@code BUG_ON(idx >= KM_MAX_IDX)}), every other one
 *       a guard with DEBUG_KMAP_LOCAL;
 *   <li>kmap_atomic disables preemption and page faults: its holder neither schedules, sleeps
 *       nor calls kmap()/kunmap() ({@code might_sleep}); a fixmap kmap_local is {@code
 *       migrate_disable()}d: only a task without one migrates or forks ({@code kmap_local_fork}
 *       WARNs);
 *   <li>kmap() sleeps when every pkmap entry of its page's colour is in use ({@link PkmapPool}),
 *       unless every holder waits too (a deadlock, refused); kunmap() of a page whose entry falls
 *       to unused wakes the waiters of its colour, and a woken waiter's kmap() is retried when
 *       it is scheduled;
 *   <li>an exiting task holds no map at all; a {@code read ... expect} expects what the model's
 *       memory holds (8-byte words, little-endian);
 *   <li>on a VIVT cache a page has one virtual alias at a time, tasks stay on their CPU and only
 *       one CPU uses the pkmap pool ({@code flush_cache_kmaps()} cleans the flushing CPU's cache
 *       only); a pkmap alias lasts until {@code flush_all_zero_pkmaps()}, not until kunmap()
 *       ({@code kunmap_high()} flushes nothing, so the lines written through it may stay dirty):
 *       without {@code kmap_high_get()} a page with a pkmap entry gets no local map.
 * </ul>
 */
final class Model {
  /** How a mapping was made. */
  enum Flavour { LOCAL, ATOMIC, PERSISTENT }

  /**
   * A live mapping bound to {@code name}: a kmap_ctrl slot when {@code slot}, an io_mapping's
   * when {@code io}, a kmap_high_get() pin of the page's pkmap entry when {@code pinned}; the
   * name is the address of byte {@code start} of the page (0 but for kmap_local_folio).
   */
  record Mapping(String name, long pfn, Flavour flavour, boolean slot, boolean io,
      boolean pinned, long start) {
    Mapping(String name, long pfn, Flavour flavour, boolean slot, boolean io, boolean pinned) {
      this(name, pfn, flavour, slot, io, pinned, 0);
    }
  }

  /** An interrupt a CPU serves and the maps it pushed, top first. */
  record Frame(Context context, Deque<Mapping> maps) {}

  /** A task as the model sees it. */
  static final class TaskState {
    final String name;
    final boolean idle;
    Task.State state;
    int cpu;
    final Deque<Mapping> stack = new ArrayDeque<>();
    final List<Mapping> persistent = new ArrayList<>();
    /** The page and name of the kmap() it sleeps in, or -1. */
    long waitingPfn = -1;
    String waitingName;

    TaskState(String name, boolean idle, Task.State state, int cpu) {
      this.name = name;
      this.idle = idle;
      this.state = state;
      this.cpu = cpu;
    }

    int atomics() {
      int n = 0;
      for (Mapping m : stack) {
        n += m.flavour() == Flavour.ATOMIC ? 1 : 0;
      }
      return n;
    }

    boolean hasSlot() {
      for (Mapping m : stack) {
        if (m.slot()) {
          return true;
        }
      }
      return false;
    }
  }

  final int cpus;
  final long pageSize;
  final long maxLowPfn;
  final long maxPfn;
  final int lastPkmap;
  final int colours;
  final int maxSlots;
  final boolean vivt;
  final boolean highGet;
  final boolean forceMap;
  final boolean atomicIomap;
  final PkmapPool pkmap;
  final Map<String, TaskState> tasks = new LinkedHashMap<>();
  final List<TaskState> workers = new ArrayList<>();
  final TaskState[] current;
  final List<Deque<Frame>> frames = new ArrayList<>();
  /** The live names and their mappings. */
  final Map<String, Mapping> live = new HashMap<>();
  /** What a correct machine's memory holds: 8-byte words by physical address; absent is 0. */
  final Memory memory;
  String ioName;
  long ioPfn;
  int ioPages;
  /** The kmap()s (not ranges) the workers hold. */
  int persistentHeld;
  /** On VIVT, the one CPU that uses the pkmap pool, once one has. */
  int pkmapCpu = -1;

  /** The model of {@code m} (only its configuration is read) with tasks t0.. on {@code homes}. */
  Model(Machine m, int[] homes) {
    cpus = m.nrCpus();
    pageSize = m.layout().pageSize();
    memory = new Memory(pageSize);
    maxLowPfn = m.maxLowPfn();
    maxPfn = m.maxPfn();
    lastPkmap = m.layout().lastPkmap();
    colours = m.arch().dcacheColours();
    maxSlots = (m.config().kmMaxIdx() - 1) / m.config().kmIncr();
    vivt = m.arch().cacheType() == CacheType.VIVT;
    highGet = m.arch().hooks().needsKmapHighGet();
    forceMap = m.config().forceMap();
    atomicIomap = m.arch().hooks().haveAtomicIomap();
    pkmap = new PkmapPool(Math.max(1, lastPkmap), colours);
    current = new TaskState[cpus];
    for (int c = 0; c < cpus; c++) {
      TaskState idle = new TaskState("swapper/" + c, true, Task.State.RUNNING, c);
      tasks.put(idle.name, idle);
      current[c] = idle;
      frames.add(new ArrayDeque<>());
    }
    for (int i = 0; i < homes.length; i++) {
      addWorker("t" + i, homes[i]);
    }
  }

  private void addWorker(String name, int cpu) {
    TaskState t = new TaskState(name, false, Task.State.RUNNABLE, cpu);
    tasks.put(name, t);
    workers.add(t);
  }

  /**
   * Applies a statement when the rules allow it on a correct machine.
   *
   * @return null when applied; else why it is not legal now (the model is unchanged)
   */
  String apply(Statement s) {
    int c = s.cpu();
    if (c >= cpus) {
      return "there is no CPU" + c;
    }
    return switch (s.verb()) {
      case KMAP_LOCAL_PAGE, KMAP_LOCAL_PFN, KMAP_ATOMIC, KMAP_ATOMIC_PFN, KMAP_LOCAL_FOLIO ->
          map(s);
      case KUNMAP_LOCAL, KUNMAP_ATOMIC, IO_MAPPING_UNMAP_LOCAL, IO_MAPPING_UNMAP_ATOMIC ->
          unmap(s);
      case WRITE -> write(s);
      case READ -> read(s);
      case SCHEDULE -> schedule(c, task(s, 0));
      case SLEEP -> sleep(c);
      case WAKE -> wake(task(s, 0));
      case MIGRATE -> migrate(task(s, 0), ((Arg.CpuArg) s.arg(1)).cpu());
      case FORK -> fork(task(s, 0), ((Arg.NameArg) s.arg(1)).name());
      case EXIT -> exit(task(s, 0));
      case KMAP -> kmap(c, s.result(), pfn(s, 0));
      case KMAP_RANGE -> kmapRange(c, s.result(), pfn(s, 0),
          ((Arg.Count) s.arg(1)).of(lastPkmap));
      case KUNMAP_RANGE -> kunmapRange(c, ((Arg.Ref) s.arg(0)).name());
      case KUNMAP -> kunmap(c, ((Arg.Ref) s.arg(0)).name());
      case KMAP_FLUSH_UNUSED -> flushUnused(c);
      case IRQ_ENTER -> enter(c, Context.HARDIRQ);
      case SOFTIRQ_ENTER -> enter(c, Context.SOFTIRQ);
      case NMI_ENTER -> enter(c, Context.NMI);
      case IRQ_EXIT -> exit(c, Context.HARDIRQ);
      case SOFTIRQ_EXIT -> exit(c, Context.SOFTIRQ);
      case NMI_EXIT -> exit(c, Context.NMI);
      case IO_MAPPING_CREATE_WC -> ioCreate(s);
      case IO_MAPPING_MAP_LOCAL_WC, IO_MAPPING_MAP_ATOMIC_WC -> ioMap(s);
      case MEMCPY_PAGE, MEMCPY_TO_PAGE, MEMCPY_FROM_PAGE, MEMSET_PAGE, MEMZERO_PAGE,
          COPY_HIGHPAGE, COPY_USER_HIGHPAGE, CLEAR_HIGHPAGE, ZERO_USER_SEGMENTS,
          MEMCPY_TO_FOLIO, MEMCPY_FROM_FOLIO -> Helpers.apply(this, s);
      default -> s.verb().callName() + " is not part of a random workload";
    };
  }

  // ---- local maps ----

  private String map(Statement s) {
    int c = s.cpu();
    Deque<Mapping> owner = owner(c);
    if (owner == null) {
      return "CPU" + c + " runs its idle task, which maps nothing";
    }
    if (slots(c) >= maxSlots) {
      return "every kmap_ctrl slot of CPU" + c + " is taken";
    }
    if (live.containsKey(s.result())) {
      return "'" + s.result() + "' is bound already";
    }
    long start = 0;
    long pfn;
    if (s.verb() == Verb.KMAP_LOCAL_FOLIO) { // kmap_local_page of the page that holds the byte
      Arg.FolioArg f = (Arg.FolioArg) s.arg(0);
      long head = f.head().pfn(maxLowPfn);
      long offset = ((Arg.Value) s.arg(1)).value();
      long pages = 1L << f.order();
      if ((head & (pages - 1)) != 0 || head + pages > maxPfn || offset < 0
          || offset >= pages * pageSize || offset % 8 != 0) {
        return "byte 0x" + Long.toHexString(offset) + " of folio " + f + " is not a word of it";
      }
      pfn = head + offset / pageSize;
      start = offset % pageSize;
    } else {
      pfn = pfn(s, 0);
    }
    if (pfn >= maxPfn) {
      return "pfn 0x" + Long.toHexString(pfn) + " is not RAM";
    }
    boolean byPfn = s.verb() == Verb.KMAP_LOCAL_PFN || s.verb() == Verb.KMAP_ATOMIC_PFN;
    boolean high = pfn >= maxLowPfn;
    if (vivt && (byPfn || !aliasFree(pfn))) {
      return "a second alias of pfn 0x" + Long.toHexString(pfn) + " on a VIVT cache";
    }
    boolean pinned = high && !byPfn && highGet && pkmap.pin(pfn);
    boolean slot = !pinned && (byPfn || high || forceMap);
    boolean atomic = s.verb() == Verb.KMAP_ATOMIC || s.verb() == Verb.KMAP_ATOMIC_PFN;
    Mapping m = new Mapping(s.result(), pfn, atomic ? Flavour.ATOMIC : Flavour.LOCAL, slot, false,
        pinned, start);
    owner.push(m);
    live.put(m.name(), m);
    return null;
  }

  private String ioMap(Statement s) {
    int c = s.cpu();
    Deque<Mapping> owner = owner(c);
    if (owner == null || slots(c) >= maxSlots || live.containsKey(s.result())) {
      return "no room or owner for an io_mapping map on CPU" + c;
    }
    long offset = ((Arg.Value) s.arg(1)).value();
    if (offset < 0 || offset % pageSize != 0 || offset >= (long) ioPages * pageSize) {
      return "offset 0x" + Long.toHexString(offset) + " outside the io_mapping";
    }
    boolean atomic = s.verb() == Verb.IO_MAPPING_MAP_ATOMIC_WC;
    Mapping m = new Mapping(s.result(), ioPfn + offset / pageSize,
        atomic ? Flavour.ATOMIC : Flavour.LOCAL, atomicIomap, true, false);
    owner.push(m);
    live.put(m.name(), m);
    return null;
  }

  private String unmap(Statement s) {
    int c = s.cpu();
    Deque<Mapping> owner = owner(c);
    Arg.Ref ref = (Arg.Ref) s.arg(0);
    Mapping top = owner == null ? null : owner.peek();
    if (top == null || !top.name().equals(ref.name())) {
      return "'" + ref.name() + "' is not the top map of CPU" + c + "'s context";
    }
    boolean atomic = s.verb() == Verb.KUNMAP_ATOMIC || s.verb() == Verb.IO_MAPPING_UNMAP_ATOMIC;
    boolean io = s.verb() == Verb.IO_MAPPING_UNMAP_LOCAL || s.verb() == Verb.IO_MAPPING_UNMAP_ATOMIC;
    if (atomic != (top.flavour() == Flavour.ATOMIC) || io != top.io()
        || ref.offset() < 0 || top.start() + ref.offset() >= pageSize) {
      return s.verb().callName() + " does not undo '" + ref.name() + "'";
    }
    owner.pop();
    live.remove(top.name());
    if (top.pinned()) {
      kunmapHigh(top.pfn()); // kunmap_local of a kmap_high_get address is kunmap_high
    }
    return null;
  }

  // ---- data ----

  private String write(Statement s) {
    Mapping m = accessible(s.cpu(), (Arg.Ref) s.arg(0));
    if (m == null) {
      return "'" + ((Arg.Ref) s.arg(0)).name() + "' is not CPU" + s.cpu() + "'s to use";
    }
    memory.put(physical(m.pfn(), m.start() + ((Arg.Ref) s.arg(0)).offset()),
        ((Arg.Value) s.arg(1)).value());
    return null;
  }

  private String read(Statement s) {
    Mapping m = accessible(s.cpu(), (Arg.Ref) s.arg(0));
    if (m == null) {
      return "'" + ((Arg.Ref) s.arg(0)).name() + "' is not CPU" + s.cpu() + "'s to use";
    }
    if (s.args().size() > 1) {
      long want = memory.get(physical(m.pfn(), m.start() + ((Arg.Ref) s.arg(0)).offset()));
      if (want != ((Arg.Value) s.arg(1)).value()) {
        return "the word holds 0x" + Long.toHexString(want) + " here";
      }
    }
    return null;
  }

  /** The mapping NAME if the innermost context of CPU c may use it at an aligned offset. */
  private Mapping accessible(int c, Arg.Ref ref) {
    Mapping m = live.get(ref.name());
    if (m == null || ref.offset() < 0 || m.start() + ref.offset() > pageSize - 8
        || ref.offset() % 8 != 0) {
      return null;
    }
    Deque<Mapping> owner = owner(c);
    if (owner != null && owner.contains(m)) {
      return m;
    }
    return frames.get(c).isEmpty() && owner != null && current[c].persistent.contains(m) ? m
        : null;
  }

  // ---- tasks ----

  private String schedule(int c, TaskState next) {
    if (next == null || !frames.get(c).isEmpty() || current[c].atomics() > 0) {
      return "CPU" + c + " cannot schedule now";
    }
    if (next.state != Task.State.RUNNABLE || next.cpu != c) {
      return next.name + " is not runnable on CPU" + c;
    }
    TaskState prev = current[c];
    prev.state = Task.State.RUNNABLE;
    next.state = Task.State.RUNNING;
    current[c] = next;
    if (next.waitingPfn >= 0) { // map_new_virtual() goes on: the core retries the kmap()
      long pfn = next.waitingPfn;
      next.waitingPfn = -1;
      kmapHigh(c, next, next.waitingName, pfn);
    }
    return null;
  }

  private String sleep(int c) {
    if (!maySleep(c)) {
      return "CPU" + c + " may not sleep now";
    }
    putToSleep(c);
    return null;
  }

  private void putToSleep(int c) {
    current[c].state = Task.State.SLEEPING;
    current[c] = idleOf(c);
    current[c].state = Task.State.RUNNING;
  }

  private String wake(TaskState t) {
    if (t == null || t.idle) {
      return "no such task";
    }
    if (t.state == Task.State.SLEEPING) {
      t.state = Task.State.RUNNABLE;
    }
    return null;
  }

  private String migrate(TaskState t, int cpu) {
    if (t == null || t.idle || vivt || t.state != Task.State.RUNNABLE || t.hasSlot()
        || cpu < 0 || cpu >= cpus) {
      return "that task may not migrate now";
    }
    t.cpu = cpu;
    return null;
  }

  private String fork(TaskState parent, String child) {
    if (parent == null || parent.idle || parent.state == Task.State.DEAD || parent.hasSlot()
        || tasks.containsKey(child)) {
      return "no fork now";
    }
    addWorker(child, parent.cpu);
    return null;
  }

  private String exit(TaskState t) {
    if (t == null || t.idle || t.state == Task.State.DEAD || !t.stack.isEmpty()
        || !t.persistent.isEmpty() || t.waitingPfn >= 0 || workers.size() == 1
        || t.state == Task.State.RUNNING && !frames.get(t.cpu).isEmpty()) {
      return "that task may not exit now";
    }
    if (t.state == Task.State.RUNNING) {
      current[t.cpu] = idleOf(t.cpu);
      current[t.cpu].state = Task.State.RUNNING;
    }
    t.state = Task.State.DEAD;
    workers.remove(t);
    return null;
  }

  // ---- persistent kmap ----

  private String kmap(int c, String name, long pfn) {
    if (!maySleep(c) || live.containsKey(name)) {
      return "CPU" + c + " may not call kmap() now";
    }
    if (pfn >= maxPfn) {
      return "pfn 0x" + Long.toHexString(pfn) + " is not RAM";
    }
    TaskState t = current[c];
    if (pfn < maxLowPfn) {
      holdPersistent(t, name, pfn);
      return null;
    }
    if (vivt && (hasLocalAlias(pfn) || !mayUsePkmap(c))) {
      return "kmap() of a page with a local alias, or on a second CPU, on a VIVT cache";
    }
    if (!pkmap.mapped(pfn) && pkmap.unused(pkmap.colour(pfn)) == 0 && deadlock(t, pfn)) {
      return "every holder of a pkmap entry of its colour waits: it would sleep forever";
    }
    usePkmap(c);
    kmapHigh(c, t, name, pfn);
    return null;
  }

  /** kmap_high() by the running task {@code t}: it holds the page, or sleeps on the queue. */
  private void kmapHigh(int c, TaskState t, String name, long pfn) {
    if (pkmap.kmap(pfn) < 0) {
      t.waitingPfn = pfn;
      t.waitingName = name;
      putToSleep(c);
    } else {
      holdPersistent(t, name, pfn);
    }
  }

  private void holdPersistent(TaskState t, String name, long pfn) {
    persistentHeld++;
    Mapping m = new Mapping(name, pfn, Flavour.PERSISTENT, false, false, false);
    t.persistent.add(m);
    live.put(name, m);
  }

  /**
   * {@code kmap_range}: kmap() of {@code count} consecutive highmem pages, none of which may
   * sleep; NAME is the first page's, the others are held under {@code NAME#i}.
   */
  private String kmapRange(int c, String name, long first, long count) {
    if (!maySleep(c) || live.containsKey(name) || first < maxLowPfn || first + count > maxPfn
        || vivt && (!mayUsePkmap(c) || hasLocalAlias(first, count))) {
      return "CPU" + c + " may not kmap that range now";
    }
    PkmapPool trial = pkmap.copy();
    for (long i = 0; i < count; i++) {
      if (trial.kmap(first + i) < 0) {
        return "kmap_range would sleep at page " + i;
      }
    }
    usePkmap(c);
    TaskState t = current[c];
    for (long i = 0; i < count; i++) {
      pkmap.kmap(first + i);
      Mapping m = new Mapping(i == 0 ? name : name + "#" + i, first + i, Flavour.PERSISTENT,
          false, false, false);
      t.persistent.add(m);
      live.put(m.name(), m);
    }
    return null;
  }

  private String kunmapRange(int c, String name) {
    Mapping first = live.get(name);
    if (!maySleep(c) || first == null || !current[c].persistent.contains(first)) {
      return "'" + name + "' is not a kmap_range of CPU" + c + "'s task";
    }
    List<Mapping> range = new ArrayList<>();
    for (Mapping m : current[c].persistent) {
      if (m == first || m.name().startsWith(name + "#")) {
        range.add(m);
      }
    }
    for (Mapping m : range) {
      current[c].persistent.remove(m);
      live.remove(m.name());
      kunmapHigh(m.pfn());
    }
    return null;
  }

  private boolean hasLocalAlias(long first, long count) {
    for (long i = 0; i < count; i++) {
      if (hasLocalAlias(first + i)) {
        return true;
      }
    }
    return false;
  }

  private String kunmap(int c, String name) {
    Mapping m = live.get(name);
    if (!maySleep(c) || m == null || !current[c].persistent.contains(m)
        || name.indexOf('#') >= 0) {
      return "'" + name + "' is not a kmap() of CPU" + c + "'s task";
    }
    current[c].persistent.remove(m);
    live.remove(name);
    persistentHeld--;
    if (m.pfn() >= maxLowPfn) {
      kunmapHigh(m.pfn());
    }
    return null;
  }

  /** kunmap_high(): when the entry falls to unused the waiters of its colour are woken. */
  private void kunmapHigh(long pfn) {
    if (pkmap.kunmap(pfn)) {
      int colour = pkmap.colour(pfn);
      for (TaskState w : workers) {
        if (w.waitingPfn >= 0 && w.state == Task.State.SLEEPING
            && pkmap.colour(w.waitingPfn) == colour) {
          w.state = Task.State.RUNNABLE;
        }
      }
    }
  }

  /** Whether every other holder of a pkmap page of the colour of {@code pfn} waits too. */
  private boolean deadlock(TaskState t, long pfn) {
    int colour = pkmap.colour(pfn);
    for (TaskState h : workers) {
      if (h == t || h.waitingPfn >= 0) {
        continue;
      }
      for (Mapping m : h.persistent) {
        if (m.pfn() >= maxLowPfn && pkmap.colour(m.pfn()) == colour) {
          return false;
        }
      }
      for (Mapping m : h.stack) {
        if (m.pinned() && pkmap.colour(m.pfn()) == colour) {
          return false;
        }
      }
    }
    return true;
  }

  private String flushUnused(int c) {
    if (!maySleep(c) || !mayUsePkmap(c)) {
      return "kmap_flush_unused() only from a task that may sleep";
    }
    usePkmap(c);
    pkmap.flushUnused();
    return null;
  }

  // ---- interrupts ----

  private String enter(int c, Context context) {
    Context top = frames.get(c).isEmpty() ? Context.TASK : frames.get(c).peek().context();
    boolean allowed = switch (top) {
      case TASK -> true;
      case SOFTIRQ -> context != Context.SOFTIRQ;
      case HARDIRQ -> context == Context.NMI;
      case NMI -> false;
    };
    if (!allowed) {
      return context + " may not nest in " + top;
    }
    frames.get(c).push(new Frame(context, new ArrayDeque<>()));
    return null;
  }

  private String exit(int c, Context context) {
    Frame top = frames.get(c).peek();
    if (top == null || top.context() != context || !top.maps().isEmpty()) {
      return "CPU" + c + " is not in a " + context + " that has unmapped all it mapped";
    }
    frames.get(c).pop();
    return null;
  }

  // ---- io_mapping ----

  private String ioCreate(Statement s) {
    if (ioName != null) {
      return "one io_mapping per workload";
    }
    ioName = s.result();
    ioPfn = ((Arg.Value) s.arg(0)).value() / pageSize;
    ioPages = (int) (((Arg.Value) s.arg(1)).value() / pageSize);
    return null;
  }

  // ---- the model's view ----

  /** The maps of the innermost context of a CPU, or null when it may not map (the idle task). */
  Deque<Mapping> owner(int c) {
    if (!frames.get(c).isEmpty()) {
      return frames.get(c).peek().maps();
    }
    return current[c].idle ? null : current[c].stack;
  }

  /** The kmap_ctrl slots taken on CPU c (its task's and its interrupts'). */
  int slots(int c) {
    int n = 0;
    for (Frame f : frames.get(c)) {
      for (Mapping m : f.maps()) {
        n += m.slot() ? 1 : 0;
      }
    }
    for (Mapping m : current[c].stack) {
      n += m.slot() ? 1 : 0;
    }
    return n;
  }

  /** kmap(), kunmap() and sleeping: a task, not in an interrupt, no kmap_atomic held. */
  boolean maySleep(int c) {
    return frames.get(c).isEmpty() && !current[c].idle && current[c].atomics() == 0;
  }

  /** A task (not an interrupt) holds a kmap_atomic. */
  boolean inAtomicSection(int c) {
    return frames.get(c).isEmpty() && current[c].atomics() > 0;
  }

  /**
   * Whether kmap_local of the page adds no second alias on a VIVT cache: a highmem page with a
   * local map is taken, and so is one with a pkmap entry where kmap_local does not reuse it (no
   * {@code kmap_high_get()}). An entry outlives its kmap(): {@code kunmap_high()} only drops
   * {@code pkmap_count} to 1, and the lines written through the entry's address stay dirty until
   * {@code flush_all_zero_pkmaps()} ({@code flush_cache_kmaps()}, at a wrap or in {@code
   * kmap_flush_unused()}) frees it, so a local map before that would read stale memory.
   */
  boolean aliasFree(long pfn) {
    return !vivt || pfn < maxLowPfn || !hasLocalAlias(pfn) && (highGet || !pkmap.mapped(pfn));
  }

  boolean hasLocalAlias(long pfn) {
    for (Mapping m : live.values()) {
      if (m.pfn() == pfn && m.flavour() != Flavour.PERSISTENT) {
        return true;
      }
    }
    return false;
  }

  boolean mayUsePkmap(int c) {
    return !vivt || pkmapCpu < 0 || pkmapCpu == c;
  }

  void usePkmap(int c) {
    if (vivt) {
      pkmapCpu = c;
    }
  }

  TaskState idleOf(int c) {
    return tasks.get("swapper/" + c);
  }

  long physical(long pfn, long offset) {
    return pfn * pageSize + offset;
  }

  private TaskState task(Statement s, int i) {
    return tasks.get(((Arg.TaskArg) s.arg(i)).name());
  }

  long pfn(Statement s, int i) {
    return ((Arg.PageArg) s.arg(i)).pfn(maxLowPfn);
  }
}
