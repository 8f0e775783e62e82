// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Arg;
import io.github.kmapsim.scenario.Outcome;
import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.StepResult;
import io.github.kmapsim.scenario.Verb;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One machine on which the explorer runs schedules of a concurrent scenario: the programs'
 * positions, the task that ran last, the preemptions spent, and the statements run so far (the
 * reproducer). {@link #choices} lists what may run next within the bound, {@link #apply} runs one
 * choice and judges it, {@link #mark}/{@link #reset} go back to an earlier point through {@link
 * ScenarioRun#checkpoint()} (the machine's snapshot), never by replaying.
 *
 * <p>The cost model is CHESS's preemption bounding: switching away from the task that ran last
 * while it could go on, or preempting a task that could go on on its CPU, costs 1; so do an
 * interrupt and a migration; a switch because the task ran out of statements, slept or is blocked
 * is free, and so is a wake-up. A CPU is preemptible when its task is in task context with
 * interrupts on and a preempt count of 0 (a {@code kmap_atomic} or {@code preempt_disable} holds
 * it); an interrupt fires where interrupts are on and the CPU is not already in a hardirq or NMI;
 * a task migrates when it is runnable and not migrate-disabled ({@code kmap_local_page}'s
 * pinning). Which checks judge a step is the machine's and the run's business: every diagnostic
 * that the scenario's {@code expect} lines do not name, every failed step, every broken invariant.
 */
final class Interleaving {
  private final Scenario scenario;
  private final ScenarioRun run;
  private final Machine machine;
  private final int bound;
  private final Scenario.Program[] programs;
  private final Task[] tasks;
  /** {@code bodies[p][cpu]}: program p's statements made on that CPU. */
  private final Statement[][][] bodies;
  private final Statement[][] schedule;
  private final Statement[][] migrate;
  private final Statement[] wake;
  private final Statement[] irqEnter;
  private final Statement[] irqExit;
  private final Set<DiagnosticCode> allowed = EnumSet.noneOf(DiagnosticCode.class);
  private final int[] pcs;
  private final List<Statement> trail = new ArrayList<>();
  private final List<String> owners = new ArrayList<>();
  /** Per statement of the trail, what a program's read or user copy observed, else null. */
  private final List<String> observed = new ArrayList<>();
  /** The run as booted, before the prologue, when every reset reboots; else null. */
  private final ScenarioRun.Checkpoint booted;
  private int prologue;
  private int active = -1;
  private int used;
  private long steps;

  /** A point to come back to. */
  record Mark(ScenarioRun.Checkpoint checkpoint, int[] pcs, int active, int used, int trail) {}

  /** What identifies a state for state hashing: the run's checkpoint and the explorer's state. */
  record Key(ScenarioRun.Checkpoint checkpoint, List<Integer> pcs, int active) {}

  /** A failure found at a step: its dedupe key, code, message and where (program and line). */
  record Found(String key, String code, String message, String site) {}

  /**
   * A machine booted for {@code scenario} (its statements' sites named after {@code file}); with {@code reboot}, {@link #reset} goes back to the
   * boot and runs every statement again ({@link ExploreOptions.Prefix#REBOOT}), so that the
   * checker's history is a straight run's, and {@link #mark} takes no snapshot.
   */
  Interleaving(Scenario scenario, String file, int bound, boolean reboot) {
    this.scenario = scenario;
    this.run = ScenarioRun.boot(scenario, file, false);
    this.machine = run.machine();
    this.booted = reboot ? run.checkpoint() : null;
    this.bound = bound;
    this.programs = scenario.programs().toArray(new Scenario.Program[0]);
    int n = programs.length;
    int cpus = machine.nrCpus();
    this.tasks = new Task[n];
    this.bodies = new Statement[n][cpus][];
    this.schedule = new Statement[n][cpus];
    this.migrate = new Statement[n][cpus];
    this.wake = new Statement[n];
    this.irqEnter = new Statement[cpus];
    this.irqExit = new Statement[cpus];
    this.pcs = new int[n];
    for (int c = 0; c < cpus; c++) {
      irqEnter[c] = Statement.of(c, null, Verb.IRQ_ENTER);
      irqExit[c] = Statement.of(c, null, Verb.IRQ_EXIT);
    }
    for (int p = 0; p < n; p++) {
      Scenario.Program prog = programs[p];
      List<Statement> body = prog.body();
      for (int c = 0; c < cpus; c++) {
        Statement[] on = new Statement[body.size()];
        for (int i = 0; i < on.length; i++) {
          on[i] = body.get(i).on(c);
        }
        bodies[p][c] = on;
      }
      if (!prog.irq()) {
        tasks[p] = machine.task(prog.name());
        Arg.TaskArg t = new Arg.TaskArg(prog.name());
        wake[p] = Statement.machine(null, Verb.WAKE, t);
        for (int c = 0; c < cpus; c++) {
          schedule[p][c] = Statement.of(c, null, Verb.SCHEDULE, t);
          migrate[p][c] = Statement.machine(null, Verb.MIGRATE, t, new Arg.CpuArg(c));
        }
      }
    }
    scenario.expected().forEach(e -> allowed.add(e.code()));
  }

  /** Runs the scenario's fixed prologue (its {@code cpuN:} statements); what failed in it. */
  List<Found> prologue() {
    List<Found> found = new ArrayList<>();
    while (run.hasNext() && found.isEmpty()) {
      StepResult r = run.next();
      trail.add(r.statement());
      owners.add(null);
      observed.add(null);
      judge(r, null, found);
    }
    prologue = trail.size();
    if (found.isEmpty()) {
      invariants(found, null, 0);
    }
    return found;
  }

  /** The statements run so far (for tests: the schedule's identity). */
  List<Statement> trail() {
    return trail;
  }

  /** Statements executed since this interleaving was made. */
  long steps() {
    return steps;
  }

  Mark mark() {
    return new Mark(booted == null ? run.checkpoint() : null, pcs.clone(), active, used,
        trail.size());
  }

  void reset(Mark m) {
    if (booted == null) {
      run.restore(m.checkpoint());
    } else {
      run.restore(booted);
      for (int i = 0; i < prologue; i++) {
        run.next();
      }
      for (int i = prologue; i < m.trail(); i++) {
        run.execute(trail.get(i));
      }
    }
    System.arraycopy(m.pcs(), 0, pcs, 0, pcs.length);
    active = m.active();
    used = m.used();
    trail.subList(m.trail(), trail.size()).clear();
    owners.subList(m.trail(), owners.size()).clear();
    observed.subList(m.trail(), observed.size()).clear();
  }

  Key key(ScenarioRun.Checkpoint checkpoint) {
    return new Key(checkpoint, Arrays.stream(pcs).boxed().toList(), active);
  }

  /** The preemptions, interrupts and migrations left. */
  int remaining() {
    return bound - used;
  }

  /**
   * What may run next within the bound, in a fixed order: the task that ran last, the other
   * current tasks, schedules, wake-ups, interrupts, migrations.
   */
  List<Choice> choices() {
    List<Choice> out = new ArrayList<>(8);
    boolean activeGoes = active >= 0 && canContinue(active);
    int switchCost = activeGoes ? 1 : 0;
    if (activeGoes) {
      out.add(new Choice(Choice.Kind.STEP, active, tasks[active].cpu(), 0));
    }
    for (int p = 0; p < programs.length; p++) {
      if (p != active && tasks[p] != null && canContinue(p)) {
        add(out, Choice.Kind.STEP, p, tasks[p].cpu(), switchCost);
      }
    }
    for (int p = 0; p < programs.length; p++) {
      Task t = tasks[p];
      if (t == null || pcs[p] >= bodies[p][0].length || t.state() != Task.State.RUNNABLE) {
        continue;
      }
      int c = t.cpu();
      Cpu cpu = machine.cpu(c);
      if (preemptible(cpu)) {
        int q = programOf(cpu.current());
        add(out, Choice.Kind.SCHEDULE, p, c, q >= 0 && canContinue(q) ? 1 : switchCost);
      }
    }
    for (int p = 0; p < programs.length; p++) {
      Task t = tasks[p];
      if (t != null && pcs[p] < bodies[p][0].length && t.state() == Task.State.SLEEPING
          && t.kmapWaiting().isEmpty()) {
        add(out, Choice.Kind.WAKE, p, t.cpu(), 0);
      }
    }
    for (int p = 0; p < programs.length; p++) {
      if (programs[p].irq() && pcs[p] == 0) {
        Cpu cpu = machine.cpu(programs[p].cpu());
        Context ctx = cpu.context();
        if (!cpu.irqsDisabled() && (ctx == Context.TASK || ctx == Context.SOFTIRQ)) {
          add(out, Choice.Kind.IRQ, p, cpu.id(), 1);
        }
      }
    }
    for (int p = 0; p < programs.length; p++) {
      Task t = tasks[p];
      if (t != null && pcs[p] < bodies[p][0].length && t.state() == Task.State.RUNNABLE
          && t.migrationDisabled() == 0) {
        for (int c = 0; c < machine.nrCpus(); c++) {
          if (c != t.cpu()) {
            add(out, Choice.Kind.MIGRATE, p, c, 1);
          }
        }
      }
    }
    return out;
  }

  private void add(List<Choice> out, Choice.Kind kind, int p, int cpu, int cost) {
    if (used + cost <= bound) {
      out.add(new Choice(kind, p, cpu, cost));
    }
  }

  private boolean canContinue(int p) {
    return tasks[p] != null && pcs[p] < bodies[p][0].length
        && tasks[p].state() == Task.State.RUNNING;
  }

  /** A CPU schedule() may switch: task context, interrupts on, preempt count 0. */
  private static boolean preemptible(Cpu cpu) {
    return cpu.context() == Context.TASK && !cpu.irqsDisabled()
        && cpu.current().preemptCount() == 0;
  }

  private int programOf(Task t) {
    for (int p = 0; p < tasks.length; p++) {
      if (tasks[p] == t) {
        return p;
      }
    }
    return -1;
  }

  /**
   * Runs one choice and judges each statement it ran; what failed (then the schedule ends there).
   */
  List<Found> apply(Choice c) {
    List<Found> found = new ArrayList<>(0);
    used += c.cost();
    int p = c.program();
    String owner = programs[p].name();
    switch (c.kind()) {
      case STEP -> {
        active = p;
        exec(bodies[p][c.cpu()][pcs[p]++], owner, found);
      }
      case SCHEDULE -> {
        active = p;
        exec(schedule[p][c.cpu()], null, found);
      }
      case WAKE -> exec(wake[p], null, found);
      case MIGRATE -> exec(migrate[p][c.cpu()], null, found);
      case IRQ -> {
        exec(irqEnter[c.cpu()], owner, found);
        Statement[] body = bodies[p][c.cpu()];
        for (int i = 0; i < body.length && found.isEmpty(); i++) {
          exec(body[i], owner, found);
        }
        pcs[p] = body.length;
        if (found.isEmpty()) {
          exec(irqExit[c.cpu()], owner, found);
        }
      }
    }
    if (found.isEmpty()) {
      invariants(found, owner, trail.get(trail.size() - 1).line());
    }
    return found;
  }

  private void exec(Statement s, String owner, List<Found> found) {
    steps++;
    StepResult r = run.execute(s);
    trail.add(s);
    owners.add(owner);
    observed.add(owner == null || s.line() <= 0 ? null : observation(r.outcome()));
    judge(r, owner, found);
  }

  private static String observation(Outcome o) {
    if (o instanceof Outcome.Read x) {
      return "reads 0x" + Long.toHexString(x.value());
    }
    if (o instanceof Outcome.UserCopy x) {
      return x.call() + " leaves " + x.left() + " of " + x.len() + " bytes";
    }
    if (o instanceof Outcome.BytesRead x) {
      return "reads bytes #" + Integer.toHexString(Arrays.hashCode(x.bytes()));
    }
    return null;
  }

  /**
   * What the schedule's program steps observed: for each {@code OWNER:line N} that read memory
   * ({@code read}, {@code memcpy_from_page}, ...) or copied from or to user space, what it got,
   * as {@code OWNER:line N reads 0x...}; in order.
   */
  List<Observation> observations() {
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < trail.size(); i++) {
      if (observed.get(i) != null) {
        out.add(new Observation(i, site(owners.get(i), trail.get(i).line()), observed.get(i)));
      }
    }
    return out;
  }

  /** What the statement at {@code index} of the trail, at {@code site}, observed. */
  record Observation(int index, String site, String what) {}

  /**
   * The step's failures: a diagnostic the scenario does not expect, keyed by its code and where
   * it was raised; a step that did not do what it asked. Phase 2 (the checker's structured
   * sites) keys a diagnostic by the sites it names instead of the raising statement.
   */
  private void judge(StepResult r, String owner, List<Found> found) {
    for (Diagnostic d : r.diagnostics()) {
      if (!allowed.contains(d.code())) {
        String site = site(owner, r.statement().line());
        found.add(new Found(d.code().code() + " @ " + site, d.code().code(), d.format(), site));
      }
    }
    boolean excused = r.outcome() instanceof Outcome.Refused refused
        && allowed.contains(refused.diagnostic().code())
        || r.outcome() instanceof Outcome.RangeRefused cut && allowed.contains(cut.diagnostic().code());
    if (r.failed() && !excused && found.isEmpty()) {
      String site = site(owner, r.statement().line());
      found.add(new Found("failed @ " + site, "failed", r.statement().render() + ": "
          + r.outcome().text(), site));
    }
  }

  private void invariants(List<Found> found, String owner, int line) {
    for (InvariantViolation v : machine.checkInvariants()) {
      String site = site(owner, line);
      found.add(new Found(v.code().id() + " @ " + site, v.code().id(), v.format(), site));
    }
  }

  private static String site(String owner, int line) {
    return (owner == null ? "" : owner + ":") + (line > 0 ? "line " + line : "explorer");
  }

  /**
   * The statements run so far as a sequential scenario that {@code kmapsim run} replays: the
   * machine and task lines, an {@code expect} line for each diagnostic the scenario allows that
   * the schedule reported (so the reproducer fails for the failure, not for those), and every
   * statement, program steps annotated with their task and source line.
   */
  String reproducer(String file, String header) {
    return reproducer(file, header, -1, 0);
  }

  /**
   * {@link #reproducer(String, String)} with the {@code read} at trail index {@code read}
   * expecting {@code value}: a schedule whose read differs from the original's then fails under
   * {@code kmapsim run} at that read.
   */
  String reproducer(String file, String header, int read, long value) {
    StringBuilder sb = new StringBuilder();
    header.lines().forEach(l -> sb.append("# ").append(l).append('\n'));
    sb.append(machineLine(scenario.config())).append('\n');
    for (Scenario.TaskDecl t : scenario.tasks()) {
      sb.append("task ").append(t.name()).append(" cpu=").append(t.cpu()).append('\n');
    }
    Map<DiagnosticCode, Integer> seen = new EnumMap<>(DiagnosticCode.class);
    for (Diagnostic d : machine.diagnostics()) {
      if (allowed.contains(d.code())) {
        seen.merge(d.code(), 1, Integer::sum);
      }
    }
    seen.forEach((code, n) -> sb.append("expect ").append(code.code()).append(' ').append(n)
        .append('\n'));
    for (int i = 0; i < trail.size(); i++) {
      Statement s = trail.get(i);
      if (i == read && s.verb() == Verb.READ) {
        s = new Statement(s.line(), null, s.cpu(), s.result(), s.verb(),
            List.of(s.arg(0), new Arg.Value(value)));
      }
      String line = s.render();
      sb.append(line);
      if (owners.get(i) != null || s.line() > 0) {
        sb.append(" ".repeat(Math.max(1, 44 - line.length()))).append("# ")
            .append(owners.get(i) == null ? "" : owners.get(i) + ", ")
            .append(s.line() > 0 ? file + ":" + s.line() : "irq entry");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The {@code machine} line of a configuration. */
  static String machineLine(MachineConfig c) {
    long b = c.memoryBytes();
    String mem = b % (1L << 30) == 0 ? (b >> 30) + "G" : b % (1L << 20) == 0 ? (b >> 20) + "M"
        : b % 1024 == 0 ? (b >> 10) + "K" : Long.toString(b);
    return "machine arch=" + c.arch() + " cpus=" + c.cpus() + " memory=" + mem
        + (c.forceMap() ? " forcemap" : c.debugKmapLocal() ? " debug-kmap-local" : "")
        + (c.dcacheAliases() ? " dcache-aliases" : "") + (c.preemptRt() ? " preempt-rt" : "");
  }
}
