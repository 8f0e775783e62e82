// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Arg;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.Verb;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A seeded random workload that writes scenario statements: local and atomic maps (of pages, of
 * pfns, and of a word of a folio with {@code kmap_local_folio}) undone in stack order, reads that expect what was written and writes, context
 * switches, migration, sleeping and waking, fork and exit, interrupts (hardirq, softirq, NMI,
 * nested) that map on top of their task, the highmem.h helpers on pages and folios, io_mapping's
 * WC maps of device memory, persistent kmap()s, bursts of kmap()s that wrap the pkmap scan,
 * {@code kmap_flush_unused}, and the pool running dry: a kmap() that sleeps until a kunmap()
 * wakes it. Every statement is legal by construction: a model of the kernel's rules ({@code
 * Model}) takes each one as it is made, so on a correct machine the workload trips no check,
 * and its reads see what it wrote.
 *
 * <p>The same machine configuration, tasks and seed give the same statements. {@link
 * #scenario(List)} writes them as a scenario file that {@code kmapsim run} replays; {@link
 * #illegal} tells whether a list of statements (a shrunk failure) is still legal.
 *
 * <pre>{@code
 * Machine m = KmapSim.newMachine(MachineConfig.preset("x86").toBuilder().cpus(4).build());
 * RandomWorkload w = RandomWorkload.on(m, 16, 1);
 * ScenarioRun run = ScenarioRun.on(m, false);
 * for (int i = 0; i < 100_000; i++) {
 *   StepResult r = run.execute(w.next());
 *   ...
 * }
 * }</pre>
 */
public final class RandomWorkload {
  private static final int HIGH_POOL = 24;
  private static final int LOW_POOL = 8;
  private static final int MAX_PERSISTENT = 6;
  /** Forks a workload makes at most, and exits beyond them. */
  private static final int MAX_FORKED = 8;
  private static final int IO_PAGES = 4;
  /** Highmem pages from max_low_pfn + this on are the bursts' (above every CPU's pool). */
  private static final int BURST_FIRST = 128;
  private static final int BURST_HELD = 16;
  /** kmap()s a workload's bursts may make, in LAST_PKMAPs. */
  private static final int BURST_BUDGET = 3;
  private static final int HELPERS = 11;

  /** The intents, with the weights they are drawn by. */
  private enum Kind {
    MAP_LOCAL(12), MAP_ATOMIC(5), UNMAP(18), WRITE(14), READ(8), SCHEDULE(10), MIGRATE(3),
    INTERRUPT_ENTER(4), INTERRUPT_EXIT(6), KMAP(3), KUNMAP(3), SLEEP(2), WAKE(3), FORK(2),
    EXIT(2), HELPER(5), IO_MAP(4), KMAP_BURST(2), KMAP_FLUSH_UNUSED(1), PKMAP_EXHAUSTION(1);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }
  }

  /**
   * What only a task outside an atomic section may do: schedule, sleep, kmap(), kunmap(), fork
   * and exit (might_sleep), and kmap_flush_unused (its TLB flush IPIs other CPUs).
   */
  private static final Set<Kind> TASK_ONLY = EnumSet.of(Kind.SCHEDULE, Kind.SLEEP, Kind.KMAP,
      Kind.KUNMAP, Kind.FORK, Kind.EXIT, Kind.KMAP_BURST, Kind.KMAP_FLUSH_UNUSED,
      Kind.PKMAP_EXHAUSTION);

  /** What an idle task does not do (it only schedules): anything with maps or tasks. */
  private static final Set<Kind> NOT_IDLE = EnumSet.complementOf(EnumSet.of(Kind.SCHEDULE,
      Kind.MIGRATE, Kind.INTERRUPT_ENTER, Kind.INTERRUPT_EXIT, Kind.WAKE));

  private static final Kind[] KINDS = Kind.values();
  private static final int TOTAL_WEIGHT = EnumSet.allOf(Kind.class).stream()
      .mapToInt(k -> k.weight).sum();

  private final Model model;
  private final MachineConfig config;
  private final int[] homes;
  private final SplittableRandom random;
  private final Deque<Statement> queue = new ArrayDeque<>();
  private final int minWorkers;
  private long burstBudget;
  private int labels;
  private int nextTask;

  private RandomWorkload(Machine m, int[] homes, long seed) {
    this.model = new Model(m, homes);
    this.config = m.config();
    this.homes = homes.clone();
    this.random = new SplittableRandom(seed);
    this.minWorkers = Math.max(1, homes.length - MAX_FORKED);
    this.burstBudget = (long) BURST_BUDGET * model.lastPkmap;
    this.nextTask = homes.length;
    emit(Statement.machine("io", Verb.IO_MAPPING_CREATE_WC,
        new Arg.Value(model.maxPfn * model.pageSize), new Arg.Value(IO_PAGES * model.pageSize)));
  }

  /**
   * A workload for {@code machine}, whose tasks {@code t0, t1, ...} it creates there, task i
   * with home CPU {@code homes[i]}. Only the machine's configuration is read afterwards: the
   * statements depend on the seed and the configuration alone.
   */
  public static RandomWorkload on(Machine machine, int[] homes, long seed) {
    for (int i = 0; i < homes.length; i++) {
      machine.createTask("t" + i, homes[i]);
    }
    return new RandomWorkload(machine, homes, seed);
  }

  /** A workload with {@code tasks} tasks, task i homed on CPU i mod NR_CPUS. */
  public static RandomWorkload on(Machine machine, int tasks, long seed) {
    int[] homes = new int[tasks];
    for (int i = 0; i < tasks; i++) {
      homes[i] = i % machine.nrCpus();
    }
    return on(machine, homes, seed);
  }

  /** The next statement. */
  public Statement next() {
    while (queue.isEmpty()) {
      plan();
    }
    return queue.poll();
  }

  /**
   * {@code statements} as a scenario file that {@code kmapsim run} replays: the machine line,
   * the tasks, the statements.
   */
  public String scenario(List<Statement> statements) {
    StringBuilder sb = new StringBuilder();
    long mb = config.memoryBytes() >> 20;
    sb.append("machine arch=").append(config.arch()).append(" cpus=").append(config.cpus())
        .append(" memory=").append(mb % 1024 == 0 ? mb / 1024 + "G" : mb + "M")
        .append(config.debugKmapLocal() ? " debug-kmap-local" : "")
        .append(config.forceMap() ? " forcemap" : "").append('\n');
    for (int i = 0; i < homes.length; i++) {
      sb.append("task t").append(i).append(" cpu=").append(homes[i]).append('\n');
    }
    for (Statement s : statements) {
      sb.append(s.render()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Whether {@code statements} (a workload's, shrunk) are still legal on a correct machine
   * configured as {@code machine} with tasks on {@code homes}: the first that is not, with why.
   */
  public static Optional<String> illegal(Machine machine, int[] homes, List<Statement> statements) {
    Model m = new Model(machine, homes);
    for (Statement s : statements) {
      String why = m.apply(s);
      if (why != null) {
        return Optional.of(s.render() + ": " + why);
      }
    }
    return Optional.empty();
  }

  // ---- choosing ----

  private void plan() {
    for (int attempt = 0; attempt < 10_000; attempt++) {
      int w = random.nextInt(TOTAL_WEIGHT);
      int k = 0;
      while (w >= KINDS[k].weight) {
        w -= KINDS[k++].weight;
      }
      if (act(KINDS[k], random.nextInt(model.cpus), random.nextInt(1 << 20), random.nextLong())) {
        return;
      }
    }
    throw new IllegalStateException("no legal statement found: " + model.tasks.keySet());
  }

  /**
   * Makes the statements of one intent where it is legal now; calls only a task may make move
   * the CPU towards a state where one can (an interrupt unwinds, a kmap_atomic section unmaps,
   * an idle CPU schedules). False when nothing was made.
   */
  private boolean act(Kind kind, int c, int choice, long value) {
    if (TASK_ONLY.contains(kind) && !model.frames.get(c).isEmpty()) {
      return interruptExit(c, choice);
    }
    if (TASK_ONLY.contains(kind) && model.inAtomicSection(c)) {
      return unmap(c, choice);
    }
    if (kind != Kind.SCHEDULE && NOT_IDLE.contains(kind) && model.frames.get(c).isEmpty()
        && model.current[c].idle) {
      return schedule(c, choice);
    }
    return switch (kind) {
      case MAP_LOCAL, MAP_ATOMIC -> map(kind == Kind.MAP_ATOMIC, c, choice, value);
      case UNMAP -> unmap(c, choice);
      case WRITE -> access(true, c, choice, value);
      case READ -> access(false, c, choice, value);
      case SCHEDULE -> schedule(c, choice);
      case MIGRATE -> migrate(c, choice);
      case INTERRUPT_ENTER -> interruptEnter(c, choice);
      case INTERRUPT_EXIT -> interruptExit(c, choice);
      case KMAP -> kmap(c, choice);
      case KUNMAP -> kunmap(c, choice);
      case SLEEP -> model.maySleep(c) && emit(Statement.of(c, null, Verb.SLEEP));
      case WAKE -> wake(choice);
      case FORK -> fork(c);
      case EXIT -> exit(c, choice);
      case HELPER -> helper(c, value);
      case IO_MAP -> ioMap(c, choice, value);
      case KMAP_BURST -> kmapBurst(c, choice, value);
      case KMAP_FLUSH_UNUSED -> model.mayUsePkmap(c)
          && emit(Statement.of(c, null, Verb.KMAP_FLUSH_UNUSED));
      case PKMAP_EXHAUSTION -> pkmapExhaustion(c, choice, value);
    };
  }

  /**
   * Applies a statement to the model and queues it; false (nothing queued) when the model says it
   * is not legal now.
   */
  private boolean emit(Statement s) {
    if (model.apply(s) != null) {
      return false;
    }
    queue.add(s);
    return true;
  }

  /** As {@link #emit}, for a statement of a plan whose first was legal: it must be too. */
  private void must(Statement s) {
    String why = model.apply(s);
    if (why != null) {
      throw new IllegalStateException("the workload made an illegal statement: " + s.render()
          + ": " + why);
    }
    queue.add(s);
  }

  // ---- the intents ----

  private boolean map(boolean atomic, int c, int choice, long value) {
    if (model.owner(c) == null || model.slots(c) >= model.maxSlots) {
      return false;
    }
    long pfn = page(c, choice % 4 != 0, choice >> 2);
    if (!model.aliasFree(pfn)) {
      return false;
    }
    boolean byPfn = !model.vivt && (value & 3) == 0;
    if (!atomic && !byPfn && (value >>> 8 & 7) == 7) {
      // one local map of a page in eight goes through kmap_local_folio: at a word of the page,
      // in the order-2 folio of the pool that holds it
      long first = pfn & ~3L;
      long offset = (pfn - first) * model.pageSize
          + 8 * Long.remainderUnsigned(value >>> 11, model.pageSize / 8);
      return emit(Statement.of(c, "a" + labels++, Verb.KMAP_LOCAL_FOLIO,
          new Arg.FolioArg((Arg.PageArg) page(first), 2), new Arg.Value(offset)));
    }
    Verb verb = byPfn ? atomic ? Verb.KMAP_ATOMIC_PFN : Verb.KMAP_LOCAL_PFN
        : atomic ? Verb.KMAP_ATOMIC : Verb.KMAP_LOCAL_PAGE;
    return emit(Statement.of(c, "a" + labels++, verb, page(pfn)));
  }

  private boolean unmap(int c, int choice) {
    Deque<Model.Mapping> owner = model.owner(c);
    if (owner != null && owner.isEmpty() && !model.frames.get(c).isEmpty()) {
      return interruptExit(c, choice);
    }
    if (owner == null || owner.isEmpty()) {
      return false;
    }
    Model.Mapping top = owner.peek();
    boolean atomic = top.flavour() == Model.Flavour.ATOMIC;
    Verb verb = top.io() ? atomic ? Verb.IO_MAPPING_UNMAP_ATOMIC : Verb.IO_MAPPING_UNMAP_LOCAL
        : atomic ? Verb.KUNMAP_ATOMIC : Verb.KUNMAP_LOCAL;
    return emit(Statement.of(c, null, verb,
        new Arg.Ref(top.name(), choice % (model.pageSize - top.start()))));
  }

  /** A write of {@code value}, or a read that expects what the model holds. */
  private boolean access(boolean write, int c, int choice, long value) {
    List<Model.Mapping> maps = accessible(c);
    if (maps.isEmpty()) {
      return false;
    }
    Model.Mapping target = maps.get(choice % maps.size());
    long offset = Math.min(offset(choice >> 8), model.pageSize - 8 - target.start());
    Arg.Ref ref = new Arg.Ref(target.name(), offset);
    if (write) {
      return emit(Statement.of(c, null, Verb.WRITE, ref, new Arg.Value(value)));
    }
    long held = model.memory.get(model.physical(target.pfn(), target.start() + offset));
    return emit(Statement.of(c, null, Verb.READ, ref, new Arg.Value(held)));
  }

  private boolean schedule(int c, int choice) {
    if (!model.frames.get(c).isEmpty()) {
      return false;
    }
    Model.TaskState next = pick(choice, t -> t.state == Task.State.RUNNABLE && t.cpu == c);
    if (next == null && model.idleOf(c).state == Task.State.RUNNABLE) {
      next = model.idleOf(c);
    }
    return next != null
        && emit(Statement.of(c, null, Verb.SCHEDULE, new Arg.TaskArg(next.name)));
  }

  private boolean migrate(int c, int choice) {
    if (model.vivt) {
      return false;
    }
    Model.TaskState t = pick(choice,
        x -> x.state == Task.State.RUNNABLE && x.cpu != c && !x.hasSlot());
    return t != null && emit(Statement.machine(null, Verb.MIGRATE, new Arg.TaskArg(t.name),
        new Arg.CpuArg(c)));
  }

  private boolean interruptEnter(int c, int choice) {
    Context top = model.frames.get(c).isEmpty() ? Context.TASK
        : model.frames.get(c).peek().context();
    List<Verb> allowed = switch (top) {
      case TASK -> List.of(Verb.IRQ_ENTER, Verb.IRQ_ENTER, Verb.SOFTIRQ_ENTER, Verb.NMI_ENTER);
      case SOFTIRQ -> List.of(Verb.IRQ_ENTER, Verb.NMI_ENTER);
      case HARDIRQ -> List.of(Verb.NMI_ENTER);
      case NMI -> List.of();
    };
    return !allowed.isEmpty()
        && emit(Statement.of(c, null, allowed.get(choice % allowed.size())));
  }

  private boolean interruptExit(int c, int choice) {
    Model.Frame top = model.frames.get(c).peek();
    if (top == null) {
      return false;
    }
    if (!top.maps().isEmpty()) {
      return unmap(c, choice);
    }
    return emit(Statement.of(c, null, switch (top.context()) {
      case HARDIRQ -> Verb.IRQ_EXIT;
      case SOFTIRQ -> Verb.SOFTIRQ_EXIT;
      default -> Verb.NMI_EXIT;
    }));
  }

  private boolean kmap(int c, int choice) {
    if (!model.maySleep(c) || model.persistentHeld >= MAX_PERSISTENT) {
      return false;
    }
    boolean high = choice % 5 != 0;
    long pfn = page(c, high, choice >> 3);
    if (high && (model.vivt && model.hasLocalAlias(pfn) || !model.mayUsePkmap(c))) {
      return false;
    }
    return emit(Statement.of(c, "p" + labels++, Verb.KMAP, page(pfn)));
  }

  private boolean kunmap(int c, int choice) {
    List<Model.Mapping> held = model.current[c].persistent;
    if (!model.maySleep(c) || held.isEmpty()) {
      return false;
    }
    return emit(Statement.of(c, null, Verb.KUNMAP,
        new Arg.Ref(held.get(choice % held.size()).name(), 0)));
  }

  private boolean wake(int choice) {
    Model.TaskState t = pick(choice, x -> x.state == Task.State.SLEEPING);
    return t != null && emit(Statement.machine(null, Verb.WAKE, new Arg.TaskArg(t.name)));
  }

  private boolean fork(int c) {
    Model.TaskState parent = model.current[c];
    if (nextTask >= homes.length + MAX_FORKED || model.slots(c) > 0) {
      return false;
    }
    String child = "t" + nextTask;
    if (!emit(Statement.machine(null, Verb.FORK, new Arg.TaskArg(parent.name),
        new Arg.NameArg(child)))) {
      return false;
    }
    nextTask++;
    return true;
  }

  private boolean exit(int c, int choice) {
    Model.TaskState t = model.current[c];
    if (!t.stack.isEmpty()) {
      return unmap(c, choice);
    }
    if (!t.persistent.isEmpty()) {
      return kunmap(c, choice);
    }
    return model.workers.size() > minWorkers && emit(Statement.machine(null, Verb.EXIT, new Arg.TaskArg(t.name)));
  }

  private boolean ioMap(int c, int choice, long value) {
    if (model.owner(c) == null || model.slots(c) >= model.maxSlots) {
      return false;
    }
    boolean atomic = (value & 1) != 0;
    return emit(Statement.of(c, "w" + labels++,
        atomic ? Verb.IO_MAPPING_MAP_ATOMIC_WC : Verb.IO_MAPPING_MAP_LOCAL_WC,
        new Arg.NameArg(model.ioName), new Arg.Value((choice % IO_PAGES) * model.pageSize)));
  }

  /** A highmem.h helper on pages of the CPU's pools (a 4-page folio of them for folios). */
  private boolean helper(int c, long value) {
    if (model.owner(c) == null || model.slots(c) + 2 > model.maxSlots) {
      return false;
    }
    SplittableRandom r = new SplittableRandom(value);
    int which = r.nextInt(HELPERS);
    int ps = (int) model.pageSize;
    if (which >= 8) {
      return folioHelper(c, which, r, ps);
    }
    long dst = helperPage(c, r);
    long src = helperPage(c, r);
    boolean twoPages = which == 0 || which == 5 || which == 6;
    if (!model.aliasFree(dst) || twoPages && (!model.aliasFree(src) || dst == src)) {
      return false;
    }
    int len = r.nextInt(8) == 0 ? ps : 1 + r.nextInt(256);
    Arg off = new Arg.Value(r.nextInt(ps - len + 1));
    Arg srcOff = new Arg.Value(r.nextInt(ps - len + 1));
    Arg n = new Arg.Value(len);
    Arg d = page(dst);
    Arg s = page(src);
    return emit(switch (which) {
      case 0 -> Statement.of(c, null, Verb.MEMCPY_PAGE, d, off, s, srcOff, n);
      case 1 -> Statement.of(c, null, Verb.MEMCPY_TO_PAGE, d, off, n, new Arg.Value(r.nextLong()));
      case 2 -> Statement.of(c, null, Verb.MEMCPY_FROM_PAGE, d, off, n);
      case 3 -> Statement.of(c, null, Verb.MEMSET_PAGE, d, off, new Arg.Value(r.nextInt(256)), n);
      case 4 -> Statement.of(c, null, Verb.MEMZERO_PAGE, d, off, n);
      case 5 -> Statement.of(c, null, Verb.COPY_HIGHPAGE, d, s);
      case 6 -> Statement.of(c, null, Verb.COPY_USER_HIGHPAGE, d, s,
          new Arg.Value(r.nextInt(1 << 20) * model.pageSize));
      default -> Statement.of(c, null, Verb.CLEAR_HIGHPAGE, d);
    });
  }

  private boolean folioHelper(int c, int which, SplittableRandom r, int ps) {
    boolean high = r.nextInt(4) != 0;
    int pool = high ? HIGH_POOL : LOW_POOL;
    long first = poolBase(c, high) + 4L * r.nextInt(pool / 4);
    for (int i = 0; i < 4; i++) {
      if (!model.aliasFree(first + i)) {
        return false;
      }
    }
    Arg folio = new Arg.FolioArg((Arg.PageArg) page(first), 2);
    int len = 1 + r.nextInt(r.nextInt(8) == 0 ? 2 * ps : 512);
    int off = Math.min(Math.max(0, (1 + r.nextInt(3)) * ps - r.nextInt(len + 1)), 4 * ps - len);
    int end2 = Math.min(4 * ps, off + len + r.nextInt(3 * ps));
    int start2 = end2 - r.nextInt(end2 - off + 1);
    return emit(switch (which) {
      case 8 -> Statement.of(c, null, Verb.ZERO_USER_SEGMENTS, folio, new Arg.Value(off),
          new Arg.Value(off + len), new Arg.Value(start2), new Arg.Value(end2));
      case 9 -> Statement.of(c, null, Verb.MEMCPY_TO_FOLIO, folio, new Arg.Value(off),
          new Arg.Value(len), new Arg.Value(r.nextLong()));
      default -> Statement.of(c, null, Verb.MEMCPY_FROM_FOLIO, folio, new Arg.Value(off),
          new Arg.Value(len));
    });
  }

  /**
   * kmap() of distinct highmem pages from a random start in a region of 2 * LAST_PKMAP pages,
   * {@value #BURST_HELD} at a time ({@code kmap_range}), the first of each read (it holds what
   * was written through any earlier entry of it) and written, then kunmap()ped, within the
   * workload's budget: the pkmap scan wraps and {@code flush_all_zero_pkmaps()} runs.
   */
  private boolean kmapBurst(int c, int choice, long value) {
    int last = model.lastPkmap;
    if (!model.mayUsePkmap(c) || burstBudget == 0 || last < 2) {
      return false;
    }
    int n = (int) Math.min(burstBudget, last / 2 + choice % (last / 2));
    burstBudget -= n;
    long start = Long.remainderUnsigned(value, 2L * last);
    for (int i = 0; i < n; i += BURST_HELD) {
      long pfn = burstPage(start + i);
      long region = model.maxLowPfn + BURST_FIRST + 2L * last;
      int count = (int) Math.min(Math.min(BURST_HELD, n - i), region - pfn);
      String name = "b" + labels++;
      must(Statement.of(c, name, Verb.KMAP_RANGE, page(pfn), new Arg.Count(count, false)));
      Arg.Ref ref = new Arg.Ref(name, 0);
      must(Statement.of(c, null, Verb.READ, ref,
          new Arg.Value(model.memory.get(model.physical(pfn, 0)))));
      must(Statement.of(c, null, Verb.WRITE, ref, new Arg.Value(value * 0x9e3779b97f4a7c15L + i)));
      must(Statement.of(c, null, Verb.KUNMAP_RANGE, ref));
    }
    return true;
  }

  /**
   * The pool runs dry: the task kmap()s distinct pages of one colour until every entry of it is
   * in use, another task of its CPU kmap()s one more and sleeps on pkmap_map_wait, the first
   * kunmap()s one page, which wakes it, and when it is scheduled the core's retry maps its page;
   * then both kunmap() everything. All on one CPU, so that it holds on VIVT too.
   */
  private boolean pkmapExhaustion(int c, int choice, long value) {
    int last = model.lastPkmap;
    if (last < 2 || burstBudget <= 1 || !model.mayUsePkmap(c)) {
      return false;
    }
    Model.TaskState holder = model.current[c];
    List<Model.TaskState> others = new ArrayList<>();
    boolean busy = false;
    for (Model.TaskState t : model.workers) {
      if (t.state == Task.State.RUNNABLE && t.cpu == c) {
        others.add(t);
      }
      busy |= t.waitingPfn >= 0;
    }
    for (Model.Mapping m : model.live.values()) {
      busy |= m.pinned();
    }
    if (last < 2 || busy || others.isEmpty() || !model.mayUsePkmap(c)) {
      return false;
    }
    long start = Long.remainderUnsigned(value, 2L * last);
    int step = model.colours;
    int n = model.pkmap.unused(model.pkmap.colour(burstPage(start)));
    if (n == 0 || burstBudget < n + 1) {
      return false;
    }
    burstBudget -= n + 1;
    Model.TaskState waiter = others.get(choice % others.size());
    // one colour: one kmap_range of consecutive pages; with colours, every Nth page one by one
    long region = model.maxLowPfn + BURST_FIRST + 2L * last;
    boolean range = step == 1 && burstPage(start) + n <= region;
    List<String> held = new ArrayList<>();
    if (range) {
      held.add("h" + labels++);
      must(Statement.of(c, held.get(0), Verb.KMAP_RANGE, page(burstPage(start)),
          new Arg.Count(n, false)));
    } else {
      for (int i = 0; i < n; i++) {
        held.add("h" + labels++);
        must(Statement.of(c, held.get(i), Verb.KMAP, page(burstPage(start + (long) i * step))));
      }
    }
    String extra = "x" + labels++;
    must(Statement.of(c, null, Verb.SCHEDULE, new Arg.TaskArg(waiter.name)));
    must(Statement.of(c, extra, Verb.KMAP, page(burstPage(start + (long) n * step))));
    must(Statement.of(c, null, Verb.SCHEDULE, new Arg.TaskArg(holder.name)));
    must(Statement.of(c, null, range ? Verb.KUNMAP_RANGE : Verb.KUNMAP,
        new Arg.Ref(held.get(0), 0)));
    must(Statement.of(c, null, Verb.SCHEDULE, new Arg.TaskArg(waiter.name)));
    must(Statement.of(c, null, Verb.KUNMAP, new Arg.Ref(extra, 0)));
    must(Statement.of(c, null, Verb.SCHEDULE, new Arg.TaskArg(holder.name)));
    for (String h : held.subList(1, held.size())) {
      must(Statement.of(c, null, Verb.KUNMAP, new Arg.Ref(h, 0)));
    }
    return true;
  }

  /**
   * A worker that {@code which} accepts, or null: one of a few drawn at random (hundreds of
   * tasks need no scan), else the {@code choice}-th of those it accepts.
   */
  private Model.TaskState pick(int choice, Predicate<Model.TaskState> which) {
    List<Model.TaskState> all = model.workers;
    for (int i = 0; i < 8; i++) {
      Model.TaskState t = all.get(random.nextInt(all.size()));
      if (which.test(t)) {
        return t;
      }
    }
    int n = 0;
    for (Model.TaskState t : model.workers) {
      n += which.test(t) ? 1 : 0;
    }
    if (n == 0) {
      return null;
    }
    int k = choice % n;
    for (Model.TaskState t : model.workers) {
      if (which.test(t) && k-- == 0) {
        return t;
      }
    }
    throw new IllegalStateException();
  }

  // ---- pages ----

  /** What the innermost context of a CPU may access: its own maps, a task also its kmap()s. */
  private List<Model.Mapping> accessible(int c) {
    List<Model.Mapping> maps = new ArrayList<>();
    Deque<Model.Mapping> owner = model.owner(c);
    if (owner != null) {
      maps.addAll(owner);
      if (model.frames.get(c).isEmpty()) {
        maps.addAll(model.current[c].persistent);
      }
    }
    return maps;
  }

  /** A page of the pools: shared, or one pool per CPU on VIVT. */
  private long page(int c, boolean high, int choice) {
    return poolBase(c, high) + choice % (high ? HIGH_POOL : LOW_POOL);
  }

  private long helperPage(int c, SplittableRandom r) {
    boolean high = r.nextInt(4) != 0;
    return page(c, high, r.nextInt(high ? HIGH_POOL : LOW_POOL));
  }

  /**
   * The first pfn of a CPU's pool: 4-page aligned, and pools are multiples of 4 pages, so that
   * order-2 folios of pool pages are aligned to their size.
   */
  private long poolBase(int c, boolean high) {
    long base = (high ? model.maxLowPfn : model.maxLowPfn / 2) + 3 & ~3L;
    return base + (model.vivt ? (long) c * (high ? HIGH_POOL : LOW_POOL) : 0);
  }

  /** The {@code k}th page of the bursts' region of 2 * LAST_PKMAP highmem pages, modulo. */
  private long burstPage(long k) {
    return model.maxLowPfn + BURST_FIRST + k % (2L * model.lastPkmap);
  }

  /** A page as a scenario names it: highmem+N or lowmem+N. */
  private Arg page(long pfn) {
    return pfn >= model.maxLowPfn ? Arg.PageArg.highmem(pfn - model.maxLowPfn)
        : Arg.PageArg.lowmem(pfn);
  }

  /** Mostly the first words of a page, sometimes its last one. */
  private long offset(int choice) {
    return choice % 5 == 0 ? model.pageSize - 8 : 8L * (choice % 8);
  }
}
