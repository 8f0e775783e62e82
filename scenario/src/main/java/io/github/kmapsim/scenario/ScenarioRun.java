// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs statements on a machine, one at a time, and says what each did ({@link StepResult}): the
 * statements of a {@link Scenario} on the machine it describes ({@link #boot}, then {@link #next}
 * or {@link #runAll}), or any statement on a machine of the caller's ({@link #on}, then {@link
 * #execute}): how {@code kmapsim stress} and an explorer of schedules drive it.
 *
 * <p>A BUG or a refusal leaves the machine unchanged, so a run goes on with the next statement. A
 * {@code kmap} that sleeps is retried by the core when its task runs again; the run binds the
 * name once the retry has mapped the page, and the {@code schedule} that ran the task says so.
 * Names are bound per run: an address name to the address, page and task of its map call, an
 * io_mapping name to its mapping.
 */
public final class ScenarioRun {
  private static final Outcome DONE = new Outcome.Done();

  /**
   * An address name: where it points, the frame it maps (a page of RAM, or device memory for an
   * io_mapping), and the task that mapped it.
   */
  public record Binding(long vaddr, long pfn, String task) {}

  /** A task asleep in a kmap (of a range when {@code range}), with its statement. */
  private record Pending(Statement statement, Page page, boolean range) {}

  private final Machine machine;
  private final String file;
  private final List<Statement> statements;
  private final List<Scenario.Expected> expected;
  private final EventLog log;
  private final long maxLowPfn;
  private final List<String> idle = new ArrayList<>();
  private final Map<String, Binding> bindings = new LinkedHashMap<>();
  private final Map<String, List<Page>> ranges = new HashMap<>();
  private final Map<String, IoMapping> ioMappings = new HashMap<>();
  private final Map<String, Pending> sleepers = new HashMap<>();
  private final List<StepResult> failed = new ArrayList<>();
  /** The diagnostics raised by the statement running. */
  private final List<Diagnostic> raised = new ArrayList<>();
  private int next;
  private List<Diagnostic> leaks;

  private ScenarioRun(Machine machine, String file, List<Statement> statements,
      List<Scenario.Expected> expected, boolean withLog) {
    this.machine = machine;
    this.file = file;
    this.statements = statements;
    this.expected = expected;
    this.maxLowPfn = machine.maxLowPfn();
    for (int i = 0; i < machine.nrCpus(); i++) {
      idle.add(machine.cpu(i).current().name());
    }
    this.log = withLog ? new EventLog(machine.arch().pteCodec(), machine.layout().pageSize(),
        machine.arch().dcacheColours()) : null;
    if (log != null) {
      machine.addListener(log);
    }
    machine.addListener(new KmapListener() {
      @Override
      public void diagnosed(Diagnostic diagnostic) {
        raised.add(diagnostic);
      }
    });
  }

  /**
   * Builds the machine a scenario describes (its variant, configuration and tasks) and a run of
   * its statements that keeps the kernel-style event log.
   *
   * @throws ScenarioException for an impossible configuration, task or page
   */
  public static ScenarioRun boot(Scenario scenario) {
    return boot(scenario, "scenario", true);
  }

  /**
   * {@link #boot(Scenario)}, the statements' sites named {@code FILE:LINE} after {@code file}
   * (the scenario file's name) in diagnostics.
   *
   * @throws ScenarioException for an impossible configuration, task or page
   */
  public static ScenarioRun boot(Scenario scenario, String file) {
    return boot(scenario, file, true);
  }

  /**
   * As {@link #boot(Scenario, String)}, with the event log only when {@code withLog}: an
   * explorer that runs thousands of schedules keeps none (events are then not even built).
   *
   * @throws ScenarioException for an impossible configuration, task or page
   */
  public static ScenarioRun boot(Scenario scenario, String file, boolean withLog) {
    Machine m;
    try {
      m = KmapSim.newMachine(scenario.config(), scenario.variant());
    } catch (KmapException | IllegalArgumentException e) {
      throw new ScenarioException(scenario.machineLine(), 1, firstLine(e.getMessage()));
    }
    int lastPkmap = m.layout().lastPkmap();
    for (Scenario.PageRef p : scenario.pages()) {
      checkPage(m, p, p.count().of(lastPkmap));
    }
    for (Scenario.TaskDecl t : scenario.tasks()) {
      try {
        m.createTask(t.name(), t.cpu());
      } catch (KmapException e) {
        throw new ScenarioException(t.line(), t.cpuColumn(), firstLine(e.getMessage()));
      }
    }
    return new ScenarioRun(m, file, scenario.statements(), scenario.expected(), withLog);
  }

  /**
   * A run of statements the caller gives ({@link #execute}) on {@code machine}, which it adds a
   * listener to; with the event log when {@code withLog}.
   */
  public static ScenarioRun on(Machine machine, boolean withLog) {
    return new ScenarioRun(machine, "scenario", List.of(), List.of(), withLog);
  }

  /**
   * The run's state at one moment: the machine's snapshot and the names bound so far (addresses,
   * ranges, io_mappings, tasks asleep in a kmap). Two checkpoints are equal when the machine and
   * the names are: an explorer's state hash. {@link #restore} goes back to one; a checkpoint
   * belongs to the run that took it.
   */
  public static final class Checkpoint {
    private final MachineSnapshot machine;
    private final Map<String, Binding> bindings;
    private final Map<String, List<Page>> ranges;
    private final Map<String, IoMapping> ioMappings;
    private final Map<String, Pending> sleepers;
    private final int failed;
    private final int next;

    private Checkpoint(ScenarioRun run) {
      this.machine = run.machine.snapshot();
      this.bindings = Collections.unmodifiableMap(new LinkedHashMap<>(run.bindings));
      Map<String, List<Page>> r = new HashMap<>();
      run.ranges.forEach((k, v) -> r.put(k, List.copyOf(v)));
      this.ranges = Map.copyOf(r);
      this.ioMappings = Map.copyOf(run.ioMappings);
      this.sleepers = Map.copyOf(run.sleepers);
      this.failed = run.failed.size();
      this.next = run.next;
    }

    /** The machine's snapshot. */
    public MachineSnapshot machine() {
      return machine;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Checkpoint c && machine.equals(c.machine) && bindings.equals(c.bindings)
          && ranges.equals(c.ranges) && ioMappings.equals(c.ioMappings)
          && sleepers.equals(c.sleepers) && next == c.next;
    }

    @Override
    public int hashCode() {
      return ((machine.hashCode() * 31 + bindings.hashCode()) * 31 + sleepers.hashCode()) * 31
          + next;
    }
  }

  /** The run's state now ({@link Machine#snapshot()} and the names bound). */
  public Checkpoint checkpoint() {
    return new Checkpoint(this);
  }

  /**
   * Puts the run back in a checkpoint's state ({@link Machine#restore}): a schedule's prefix
   * restored without replaying it. Listeners hear nothing.
   *
   * @throws KmapException {@code BAD_ARGUMENT} for a checkpoint of another run's machine
   */
  public void restore(Checkpoint c) {
    machine.restore(c.machine);
    bindings.clear();
    bindings.putAll(c.bindings);
    ranges.clear();
    c.ranges.forEach((k, v) -> ranges.put(k, new ArrayList<>(v)));
    ioMappings.clear();
    ioMappings.putAll(c.ioMappings);
    sleepers.clear();
    sleepers.putAll(c.sleepers);
    failed.subList(Math.min(c.failed, failed.size()), failed.size()).clear();
    next = c.next;
  }

  /** The machine the statements run on. */
  public Machine machine() {
    return machine;
  }

  /** Whether the scenario has statements left to run. */
  public boolean hasNext() {
    return next < statements.size();
  }

  /** Runs the scenario's next statement. */
  public StepResult next() {
    return execute(statements.get(next++));
  }

  /**
   * Runs the rest of the scenario, each result given to {@code sink} as it finishes; at its end,
   * the mappings still held are reported ({@link Machine#reportLeaks()}, KMAP-W019).
   */
  public void runAll(Consumer<StepResult> sink) {
    while (hasNext()) {
      sink.accept(next());
    }
    if (leaks == null) {
      raised.clear();
      leaks = machine.reportLeaks();
      if (log != null) {
        log.drain();
      }
    }
  }

  /** The mappings reported still held when {@link #runAll} ended the scenario (KMAP-W019). */
  public List<Diagnostic> leaks() {
    return leaks == null ? List.of() : leaks;
  }

  /**
   * Runs one statement on the machine; a BUG, refusal or unusable name is its outcome, not an
   * exception. Its names must have been bound by statements this run executed.
   */
  public StepResult execute(Statement s) {
    raised.clear();
    String task = s.cpu() < 0 ? "" : who(machine.cpu(s.cpu()));
    if (s.cpu() >= 0 && s.line() > 0) {
      machine.cpu(s.cpu()).callSite(file, s.line(), nameOf(s));
    }
    Outcome outcome;
    try {
      outcome = s.verb().execute(this, s);
    } catch (KmapException e) {
      outcome = new Outcome.Refused(e.diagnostic());
    } catch (RuntimeException e) {
      outcome = new Outcome.Error(e.getMessage());
    }
    StepResult r = new StepResult(s, task, outcome, log == null ? List.of() : log.drain(), raised);
    if (r.failed()) {
      failed.add(r);
    }
    return r;
  }

  /**
   * How the run went so far, judged against the scenario's {@code expect} lines: unexpected
   * diagnostics, unmet expectations, failed steps and the machine's invariant violations now.
   */
  public RunSummary summary() {
    return RunSummary.of(expected, machine.diagnostics(), failed, machine.checkInvariants());
  }

  /** The address names bound so far, in the order first bound. */
  public Map<String, Binding> bindings() {
    return Collections.unmodifiableMap(bindings);
  }

  /** The names of the idle tasks ({@code swapper/N}), current on each CPU at the start. */
  public List<String> idleTasks() {
    return List.copyOf(idle);
  }

  /** The name a statement binds ({@code NAME = ...}) or uses (its first {@code NAME+OFFSET}). */
  private static String nameOf(Statement s) {
    if (s.result() != null && s.verb().bindsAddress()) {
      return s.result();
    }
    for (Arg a : s.args()) {
      if (a instanceof Arg.Ref r) {
        return r.name();
      }
    }
    return null;
  }

  // ---- what the verbs call ----

  Cpu cpu(Statement s) {
    return machine.cpu(s.cpu());
  }

  Page page(Statement s, int i) {
    return machine.page(((Arg.PageArg) s.arg(i)).pfn(maxLowPfn));
  }

  long pfn(Statement s, int i) {
    return page(s, i).pfn();
  }

  Folio folio(Statement s, int i) {
    Arg.FolioArg f = (Arg.FolioArg) s.arg(i);
    return machine.folio(f.head().pfn(maxLowPfn), f.order());
  }

  long value(Statement s, int i) {
    return ((Arg.Value) s.arg(i)).value();
  }

  int intValue(Statement s, int i) {
    return Math.toIntExact(value(s, i));
  }

  /** A per-CPU variable's, a lock's or a mutex's name. */
  String symbol(Statement s, int i) {
    return ((Arg.NameArg) s.arg(i)).name();
  }

  /** Binds the statement's name to the address of a per-CPU copy (a direct-map address). */
  Outcome perCpuMapped(Statement s, long vaddr) {
    return mapped(s, vaddr, (vaddr - machine.layout().pageOffset()) >>> machine.layout().pageShift());
  }

  IoMapping ioMapping(Statement s, int i) {
    return ioMappings.get(((Arg.NameArg) s.arg(i)).name());
  }

  /** The address of {@code NAME+OFFSET}. */
  long ref(Statement s, int i) {
    Arg.Ref r = (Arg.Ref) s.arg(i);
    return bound(r.name()).vaddr() + r.offset();
  }

  /** The page of a bound name, as the machine names it (device memory is refused there). */
  Page boundPage(Statement s, int i) {
    return machine.page(bound(((Arg.Ref) s.arg(i)).name()).pfn());
  }

  Outcome done(Runnable call) {
    call.run();
    return DONE;
  }

  /** Binds the statement's name to an address its map call returned. */
  Outcome mapped(Statement s, long vaddr, long pfn) {
    bindings.put(s.result(), new Binding(vaddr, pfn, cpu(s).current().name()));
    return new Outcome.Mapped(s.result(), vaddr, pfn, pfn >= maxLowPfn);
  }

  Outcome ioMapped(Statement s, long vaddr) {
    IoMapping io = ioMapping(s, 0);
    long pfn = (io.base() + value(s, 1)) >>> machine.layout().pageShift();
    bindings.put(s.result(), new Binding(vaddr, pfn, cpu(s).current().name()));
    return new Outcome.IoMapped(s.result(), vaddr, pfn);
  }

  Outcome helper(Statement s, Consumer<HighmemHelpers> call) {
    call.accept(cpu(s).helpers());
    return DONE;
  }

  Outcome bytesRead(Statement s, BiConsumer<HighmemHelpers, byte[]> call, int lenArg) {
    byte[] to = new byte[intValue(s, lenArg)];
    call.accept(cpu(s).helpers(), to);
    return new Outcome.BytesRead(to);
  }

  /**
   * {@code kmap_local_folio()}: binds the name to the address of the byte, whose page is the
   * folio's {@code offset / PAGE_SIZE}th.
   */
  Outcome kmapLocalFolio(Statement s) {
    Folio folio = folio(s, 0);
    long offset = value(s, 1);
    long vaddr = cpu(s).helpers().kmapLocalFolio(folio, offset);
    return mapped(s, vaddr, folio.head().pfn() + (offset >>> machine.layout().pageShift()));
  }

  Outcome kmap(Statement s) {
    Cpu cpu = cpu(s);
    Page page = page(s, 0);
    String task = cpu.current().name();
    KmapResult r = cpu.kmap(page);
    if (!r.mapped()) {
      sleepers.put(task, new Pending(s, page, false));
      return new Outcome.KmapSleeping(task, cpu.id(), cpu.current().name(), false);
    }
    return mapped(s, r.vaddr(), page.pfn());
  }

  /**
   * kmap() of COUNT consecutive pages, each entry's set_pte summarised in one line; stops at the
   * first kmap() that sleeps (the core retries that one when the task runs again) or is refused.
   * The range is a loop of kmap() calls, not one call: the pages mapped before the one that
   * stopped it stay mapped under the range's name, and the outcome says so.
   */
  Outcome kmapRange(Statement s) {
    Cpu cpu = cpu(s);
    Page first = page(s, 0);
    int count = (int) ((Arg.Count) s.arg(1)).of(machine.layout().lastPkmap());
    String task = cpu.current().name();
    List<Page> pages = new ArrayList<>();
    ranges.put(s.result(), pages);
    long firstVa = 0;
    for (int i = 0; i < count; i++) {
      Page p = machine.page(first.pfn() + i);
      KmapResult r;
      try {
        r = cpu.kmap(p);
      } catch (KmapException e) {
        if (!pages.isEmpty()) {
          bindings.put(s.result(), new Binding(firstVa, first.pfn(), task));
        }
        // the refusal's diagnostic stays under the step; the range's own events are counted
        int hidden = log == null ? 0 : log.dropAllBut(e.code().isKernelEvent()
            ? (int) e.diagnostic().format().lines().count() : 0);
        return new Outcome.RangeRefused(i, p.pfn(), s.result(), e.diagnostic(), hidden);
      }
      if (!r.mapped()) {
        sleepers.put(task, new Pending(s, p, true));
        drain();
        return new Outcome.RangeSlept(i, cpu.id(), cpu.current().name());
      }
      firstVa = i == 0 ? r.vaddr() : firstVa;
      pages.add(p);
    }
    bindings.put(s.result(), new Binding(firstVa, first.pfn(), task));
    return new Outcome.RangeMapped(count, first.pfn(), s.result(), firstVa, drain());
  }

  Outcome kunmapRange(Statement s) {
    Cpu cpu = cpu(s);
    String name = ((Arg.Ref) s.arg(0)).name();
    List<Page> pages = ranges.getOrDefault(name, List.of());
    for (Page p : pages) {
      cpu.kunmap(p);
    }
    ranges.remove(name);
    return new Outcome.RangeUnmapped(pages.size(), drain());
  }

  Outcome write(Statement s) {
    long va = ref(s, 0);
    long v = value(s, 1);
    cpu(s).writeLong(va, v);
    return new Outcome.Wrote(va, v);
  }

  /**
   * A user copy or {@code fault_in_readable} over {@code [uaddr, uaddr + len)}: runs {@code
   * call}, then says which user pages were not present before and how each fault ended (handled,
   * a schedule point, or not handled: the copy stops there).
   */
  Outcome userCopy(Statement s, String name, long uaddr, long len,
      java.util.function.LongSupplier call) {
    Cpu cpu = cpu(s);
    long size = machine.pageSize();
    List<Long> absent = new ArrayList<>();
    for (long a = uaddr & -size; len > 0 && a >= 0 && a < uaddr + len && absent.size() < 64;
        a += size) {
      if (!cpu.userPagePresent(a)) {
        absent.add(a);
      }
    }
    long left = call.getAsLong();
    StringBuilder faults = new StringBuilder();
    long stop = uaddr + len - left;
    for (long page : absent) {
      long a = Math.max(page, uaddr);
      if (a >= stop && left > 0) {
        faults.append("; fault at ").append(Hex.addr(a))
            .append(" not handled (faulthandler_disabled(), or no VMA): the copy stops");
        break;
      }
      faults.append("; fault at ").append(Hex.addr(a))
          .append(" handled (handle_mm_fault; may sleep: a schedule point)");
    }
    int n = s.args().size();
    int kinds = s.verb().syntax().length();
    return new Outcome.UserCopy(name, len, left, faults.toString(),
        n > kinds ? OptionalLong.of(value(s, kinds)) : OptionalLong.empty());
  }

  /** {@code kmap_high_get}: binds the name to the pinned pkmap address, or says NULL. */
  Outcome kmapHighGet(Statement s) {
    long vaddr = cpu(s).kmapHighGet(page(s, 0));
    if (vaddr == 0) {
      return new Outcome.HelperDone("kmap_high_get = NULL: the page has no pkmap mapping; "
          + s.result() + " stays unbound");
    }
    return mapped(s, vaddr, page(s, 0).pfn());
  }

  Outcome read(Statement s) {
    long va = ref(s, 0);
    long got = cpu(s).readLong(va);
    return new Outcome.Read(va, got,
        s.args().size() > 1 ? OptionalLong.of(value(s, 1)) : OptionalLong.empty());
  }

  /** {@code schedule()}; when the task slept in a kmap(), the core retried it on the switch. */
  Outcome schedule(Statement s) {
    Cpu cpu = cpu(s);
    Task next = task(s, 0);
    String prev = cpu.current().name();
    machine.schedule(cpu.id(), next);
    Pending p = sleepers.get(next.name());
    if (p == null) {
      return new Outcome.Switched(prev, next.name(), null, null);
    }
    Outcome retry;
    if (next.kmapWaiting().isPresent()) {
      retry = new Outcome.KmapSleeping(next.name(), cpu.id(), cpu.current().name(), true);
    } else {
      sleepers.remove(next.name());
      long va = machine.pageAddress(p.page());
      if (p.range()) {
        List<Page> range = ranges.get(p.statement().result());
        range.add(p.page());
        retry = new Outcome.HelperDone("kmap #" + (range.size() - 1) + " of the range = "
            + Hex.addr(va));
      } else {
        retry = mapped(p.statement(), va, p.page().pfn());
      }
    }
    return new Outcome.Switched(prev, next.name(), retry, p.statement().text());
  }

  /** {@code set_current_state(TASK_UNINTERRUPTIBLE); schedule()}: the switch to the idle task. */
  Outcome sleep(Statement s) {
    Cpu cpu = cpu(s);
    String task = cpu.current().name();
    cpu.sleep();
    return new Outcome.Slept(task, cpu.current().name());
  }

  Outcome migrate(Statement s) {
    machine.migrate(task(s, 0), ((Arg.CpuArg) s.arg(1)).cpu());
    return DONE;
  }

  Outcome fork(Statement s) {
    Task child = machine.fork(task(s, 0), ((Arg.NameArg) s.arg(1)).name());
    return new Outcome.Forked(child.name(), child.pid(), child.cpu());
  }

  Outcome exit(Statement s) {
    Task t = task(s, 0);
    machine.exit(t);
    sleepers.remove(t.name());
    return DONE;
  }

  Outcome wake(Statement s) {
    Task t = task(s, 0);
    boolean woken = machine.wakeUpProcess(t);
    return new Outcome.Woken(t.name(), woken, t.cpu(), t.state());
  }

  Outcome ioCreate(Statement s) {
    IoMapping io = machine.ioMappingCreateWc(value(s, 0), value(s, 1));
    ioMappings.put(s.result(), io);
    return new Outcome.IoCreated(s.result(), io.base(), io.size(), io.iomem());
  }

  Outcome ioFree(Statement s) {
    machine.ioMappingFree(ioMapping(s, 0));
    ioMappings.remove(((Arg.NameArg) s.arg(0)).name());
    return DONE;
  }

  private Task task(Statement s, int i) {
    return machine.task(((Arg.TaskArg) s.arg(i)).name());
  }

  private Binding bound(String name) {
    Binding b = bindings.get(name);
    if (b == null) { // bound by a map call that failed or slept
      throw new IllegalStateException("'" + name + "' was never mapped: its map call failed or"
          + " slept");
    }
    return b;
  }

  /** Drops the event lines logged so far in this step; how many there were. */
  private int drain() {
    return log == null ? 0 : log.drain().size();
  }

  /** The current task, and the context when it is not the task's own. */
  private static String who(Cpu cpu) {
    String name = cpu.current().name();
    return cpu.context() == Context.TASK ? name
        : name + " [" + cpu.context().name().toLowerCase(Locale.ROOT) + "]";
  }

  /**
   * A {@code highmem+N} or {@code lowmem+N} the machine does not have is a scenario error, such
   * as highmem on a machine whose memory all fits below the lowmem limit; {@code pfn:N} is taken
   * as written (a bad pfn is the kernel call's problem, KMAP-E003).
   */
  private static void checkPage(Machine m, Scenario.PageRef p, long count) {
    if (p.page().region() == Arg.PageArg.Region.PFN) {
      return;
    }
    long low = m.maxLowPfn();
    long high = m.maxPfn() - low;
    long first = p.page().n();
    String why = null;
    if (p.page().region() == Arg.PageArg.Region.HIGHMEM && beyond(first, count, high)) {
      why = high == 0 ? "the machine has no highmem: its "
          + (m.maxPfn() << m.layout().pageShift() >> 20) + " MB all fit below the lowmem limit"
          + " (max_low_pfn 0x" + Long.toHexString(low) + ")"
          : "the machine has " + high + " highmem pages (highmem+0 to highmem+" + (high - 1) + ")";
    } else if (p.page().region() == Arg.PageArg.Region.LOWMEM && beyond(first, count, low)) {
      why = "the machine has " + low + " lowmem pages (lowmem+0 to lowmem+" + (low - 1) + ")";
    }
    if (why != null) {
      throw new ScenarioException(p.line(), p.column(), p.page()
          + (count > 1 ? " and the " + (count - 1) + " pages after it" : "") + ": " + why);
    }
  }

  /**
   * Whether pages {@code first .. first + count - 1} reach past {@code limit}, without overflow
   * (a page number near 2^64 is beyond, not a wrap).
   */
  private static boolean beyond(long first, long count, long limit) {
    return first < 0 || first >= limit || count - 1 > limit - 1 - first;
  }

  private static String firstLine(String message) {
    return message == null ? "bad configuration" : message.strip().lines().findFirst().orElse("");
  }
}
