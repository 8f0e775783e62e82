// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Arg;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The workload's second mode: one misuse of a kind, appended to a legal program where the state
 * the program left allows it, which the checker must flag with {@link #code()}. {@link
 * #inject} reads the machine the legal prefix ran on and returns the statements of the misuse
 * (and of the cleanup after it), each a call the kernel itself accepts in silence.
 */
public enum Misuse {
  /**
   * A kmap_local name read after its kunmap_local once the slot maps another page (a highmem
   * page of the same D-cache colour: the same slot address on a colour-aware variant), which the
   * kernel reads in silence (without the reuse the read faults, and the kernel oopses).
   */
  USE_AFTER_UNMAP(DiagnosticCode.USE_AFTER_UNMAP),
  /** A kmap_local name of a lowmem page read after its kunmap_local: the direct map is valid. */
  LOWMEM_USE_AFTER_UNMAP(DiagnosticCode.USE_AFTER_UNMAP),
  /** A kmap_local address read by another task on the same CPU, in the same slot. */
  USE_BY_OTHER_TASK(DiagnosticCode.USE_BY_OTHER_TASK),
  /** A kmap_local address read on another CPU. */
  USE_ON_OTHER_CPU(DiagnosticCode.USE_ON_OTHER_CPU),
  /** A task's kmap_local address read by the hardirq that interrupts it. */
  USE_IN_IRQ(DiagnosticCode.USE_IN_WRONG_CONTEXT),
  /** A return to user space with a kmap_local held. */
  RETURN_TO_USER(DiagnosticCode.RETURN_TO_USER_WITH_MAPS),
  /** A kmap_local never unmapped. */
  LEAK(DiagnosticCode.LEAKED_MAPS),
  /** A per-CPU pointer kept across a switch in a kmap_local section; another task uses the copy. */
  PER_CPU_RACE(DiagnosticCode.PER_CPU_RACE),
  /**
   * An {@code __copy_to_user_inatomic} in a kmap_local section with page faults enabled (a
   * converted kmap_atomic whose code relied on its pagefault_disable).
   */
  INATOMIC_COPY(DiagnosticCode.INATOMIC_COPY_FAULTS_ENABLED);

  private final DiagnosticCode code;

  Misuse(DiagnosticCode code) {
    this.code = code;
  }

  /** The diagnostic that flags this misuse. */
  public DiagnosticCode code() {
    return code;
  }

  /**
   * The statements of this misuse on {@code m} as the legal prefix left it, on a CPU {@code r}
   * picks among those where it is possible: a CPU in task context with interrupts on, running a
   * task (not its idle task) with room for four more local kmaps (and, for the kinds that switch,
   * preemptible, with another runnable task homed there). Empty when no CPU allows it now.
   */
  public Optional<List<Statement>> inject(Machine m, SplittableRandom r) {
    int n = m.nrCpus();
    int start = r.nextInt(n);
    for (int k = 0; k < n; k++) {
      int c = (start + k) % n;
      Optional<List<Statement>> s = on(m, c);
      if (s.isPresent()) {
        return s;
      }
    }
    return Optional.empty();
  }

  private Optional<List<Statement>> on(Machine m, int c) {
    Cpu cpu = m.cpu(c);
    Task t = cpu.current();
    int incr = m.config().kmIncr();
    if (cpu.context() != Context.TASK || cpu.irqsDisabled() || t.name().startsWith("swapper/")
        || t.kmapIdx() + 4 * incr >= m.config().kmMaxIdx()) {
      return Optional.empty();
    }
    List<Statement> s = new ArrayList<>();
    Arg.PageArg page = Arg.PageArg.highmem(1);
    Arg.Ref inj = new Arg.Ref("inj", 0);
    switch (this) {
      case USE_AFTER_UNMAP -> {
        s.add(Statement.of(c, "inj", Verb.KMAP_LOCAL_PAGE, page));
        s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, inj));
        s.add(Statement.of(c, "injnext", Verb.KMAP_LOCAL_PAGE,
            Arg.PageArg.highmem(1 + m.arch().dcacheColours())));
        s.add(Statement.of(c, null, Verb.READ, inj));
        s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, new Arg.Ref("injnext", 0)));
      }
      case LOWMEM_USE_AFTER_UNMAP -> {
        s.add(Statement.of(c, "inj", Verb.KMAP_LOCAL_PAGE, Arg.PageArg.lowmem(7)));
        s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, inj));
        s.add(Statement.of(c, null, Verb.READ, inj));
      }
      case USE_ON_OTHER_CPU -> {
        if (n(m) < 2) {
          return Optional.empty();
        }
        s.add(Statement.of(c, "inj", Verb.KMAP_LOCAL_PAGE, page));
        s.add(Statement.of((c + 1) % n(m), null, Verb.READ, inj));
        s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, inj));
      }
      case USE_IN_IRQ -> {
        s.add(Statement.of(c, "inj", Verb.KMAP_LOCAL_PAGE, page));
        s.add(Statement.of(c, null, Verb.IRQ_ENTER));
        s.add(Statement.of(c, null, Verb.READ, inj));
        s.add(Statement.of(c, null, Verb.IRQ_EXIT));
        s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, inj));
      }
      case RETURN_TO_USER -> {
        s.add(Statement.of(c, "inj", Verb.KMAP_LOCAL_PAGE, page));
        s.add(Statement.of(c, null, Verb.RETURN_TO_USER));
        s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, inj));
      }
      case LEAK -> s.add(Statement.of(c, "inj", Verb.KMAP_LOCAL_PAGE, page));
      case INATOMIC_COPY -> {
        if (t.preemptCount() != 0 || t.pagefaultDisabled() != 0) {
          return Optional.empty();
        }
        s.add(Statement.of(c, null, Verb.MMAP_USER, new Arg.Value(0x40000000L),
            new Arg.Value(0x1000)));
        s.add(Statement.of(c, "inj", Verb.KMAP_LOCAL_PAGE, page));
        s.add(Statement.of(c, null, Verb.COPY_TO_USER_INATOMIC, new Arg.Value(0x40000000L),
            inj, new Arg.Value(8)));
        s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, inj));
      }
      case USE_BY_OTHER_TASK, PER_CPU_RACE -> {
        Task u = other(m, c, t);
        if (u == null || t.preemptCount() != 0 || u.kmapIdx() > t.kmapIdx()
            || u.kmapIdx() + 4 * incr >= m.config().kmMaxIdx()) {
          return Optional.empty();
        }
        s.add(Statement.of(c, "inj", Verb.KMAP_LOCAL_PAGE, page));
        if (this == PER_CPU_RACE) {
          s.add(Statement.of(c, "injp", Verb.THIS_CPU_PTR, new Arg.NameArg("injvar")));
          s.add(Statement.of(c, null, Verb.WRITE, new Arg.Ref("injp", 0), new Arg.Value(1)));
        }
        s.add(Statement.of(c, null, Verb.SCHEDULE, new Arg.TaskArg(u.name())));
        int pads = (t.kmapIdx() - u.kmapIdx()) / incr;
        for (int i = 0; i < pads; i++) {
          s.add(Statement.of(c, "injpad" + i, Verb.KMAP_LOCAL_PAGE, Arg.PageArg.highmem(3)));
        }
        if (this == PER_CPU_RACE) {
          s.add(Statement.of(c, null, Verb.THIS_CPU_WRITE, new Arg.NameArg("injvar"),
              new Arg.Value(2)));
        } else { // the same page, so the same slot address on a colour-aware variant too
          s.add(Statement.of(c, "injown", Verb.KMAP_LOCAL_PAGE, page));
          s.add(Statement.of(c, null, Verb.READ, inj));
          s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, new Arg.Ref("injown", 0)));
        }
        for (int i = pads - 1; i >= 0; i--) {
          s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, new Arg.Ref("injpad" + i, 0)));
        }
        s.add(Statement.of(c, null, Verb.SCHEDULE, new Arg.TaskArg(t.name())));
        if (this == PER_CPU_RACE) {
          s.add(Statement.of(c, null, Verb.READ, new Arg.Ref("injp", 0)));
        }
        s.add(Statement.of(c, null, Verb.KUNMAP_LOCAL, inj));
      }
      default -> throw new IllegalStateException(name());
    }
    return Optional.of(s);
  }

  private static int n(Machine m) {
    return m.nrCpus();
  }

  /** A runnable task homed on {@code c} other than {@code t}, holding no kmap_atomic. */
  private static Task other(Machine m, int c, Task t) {
    for (Task u : m.tasks()) {
      if (u != t && u.cpu() == c && u.state() == Task.State.RUNNABLE && u.preemptCount() == 0
          && u.kmapWaiting().isEmpty() && !u.name().startsWith("swapper/")) {
        return u;
      }
    }
    return null;
  }
}
