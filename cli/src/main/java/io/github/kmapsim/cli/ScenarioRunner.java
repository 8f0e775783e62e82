// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a parsed scenario on a fresh machine, step by step, collecting what each step did. A BUG
 * or refusal leaves the machine unchanged, so the run goes on with the next step. A {@code kmap}
 * that sleeps is retried when its task is scheduled again, as {@code map_new_virtual()} does.
 */
final class ScenarioRunner {
  private final Scenario scenario;
  private final ChromeTrace trace;
  private final Map<String, Binding> bindings = new LinkedHashMap<>();
  /** Tasks asleep in kmap(), with the step to retry. */
  private final Map<String, List<Page>> ranges = new HashMap<>();
  private final Map<String, Step> sleepers = new HashMap<>();
  private final List<StepResult> results = new ArrayList<>();
  private Machine machine;
  private EventLog log;

  /** An address name: where it points, the page, and the task that mapped it. */
  record Binding(long vaddr, Page page, String task) {}

  ScenarioRunner(Scenario scenario, ChromeTrace trace) {
    this.scenario = scenario;
    this.trace = trace;
  }

  /**
   * Builds the machine and its tasks.
   *
   * @throws ScenarioException for an impossible configuration or task
   */
  Machine boot() {
    try {
      machine = KmapSim.newMachine(scenario.config());
    } catch (KmapException | IllegalArgumentException e) {
      throw new ScenarioException(scenario.machineLine(), 1, firstLine(e.getMessage()));
    }
    for (Scenario.PageRef p : scenario.pages()) {
      checkPage(p);
    }
    for (Scenario.TaskDecl t : scenario.tasks()) {
      try {
        machine.createTask(t.name(), t.cpu());
      } catch (KmapException e) {
        throw new ScenarioException(t.line(), t.cpuColumn(), firstLine(e.getMessage()));
      }
    }
    log = new EventLog(machine.arch().pteCodec(), machine.layout().pageSize(),
        machine.arch().dcacheColours());
    machine.addListener(log);
    if (trace != null) {
      machine.addListener(trace);
      trace.start(machine);
    }
    return machine;
  }

  /**
   * A {@code highmem+N} or {@code lowmem+N} the machine does not have is a scenario error, such
   * as highmem on a machine whose memory all fits below the lowmem limit; {@code pfn:N} is taken
   * as written (a bad pfn is the kernel call's problem, KMAP-E003).
   */
  private void checkPage(Scenario.PageRef p) {
    if (p.spec().startsWith("pfn:")) {
      return;
    }
    long low = machine.maxLowPfn();
    long high = machine.maxPfn() - low;
    long first = ScenarioValues.number(p.spec().substring(p.spec().indexOf('+') + 1));
    long last = first + p.count() - 1;
    String why = null;
    if (p.spec().startsWith("highmem+") && last >= high) {
      why = high == 0 ? "the machine has no highmem: its " + (machine.maxPfn() << pageShift() >> 20)
          + " MB all fit below the lowmem limit (max_low_pfn 0x" + Long.toHexString(low) + ")"
          : "the machine has " + high + " highmem pages (highmem+0 to highmem+" + (high - 1) + ")";
    } else if (p.spec().startsWith("lowmem+") && last >= low) {
      why = "the machine has " + low + " lowmem pages (lowmem+0 to lowmem+" + (low - 1) + ")";
    }
    if (why != null) {
      throw new ScenarioException(p.line(), p.column(), p.spec()
          + (p.count() > 1 ? " and the " + (p.count() - 1) + " pages after it" : "") + ": " + why);
    }
  }

  private int pageShift() {
    return machine.layout().pageShift();
  }

  /** Runs every step, each reported to {@code sink} as it finishes. */
  List<StepResult> run(Consumer<StepResult> sink) {
    for (Step s : scenario.steps()) {
      int before = machine.diagnostics().size();
      String task = s.cpu() < 0 ? "" : who(machine.cpu(s.cpu()));
      String outcome;
      boolean failed = false;
      try {
        outcome = execute(s);
        if (outcome.startsWith("!")) {
          failed = true;
          outcome = outcome.substring(1);
        }
      } catch (KmapException e) {
        outcome = e.code().severity().name() + " " + e.code().code() + ": the call did not happen";
        failed = true;
      } catch (RuntimeException e) {
        outcome = "error: " + e.getMessage();
        failed = true;
      }
      List<Diagnostic> all = machine.diagnostics();
      StepResult r = new StepResult(s, task, outcome, log.drain(),
          all.subList(before, all.size()), failed);
      results.add(r);
      sink.accept(r);
      if (trace != null) {
        trace.tick(machine);
      }
    }
    return results;
  }

  /** The current task, and the context when it is not the task's own. */
  private static String who(Cpu cpu) {
    String name = cpu.current().name();
    return cpu.context() == Context.TASK ? name
        : name + " [" + cpu.context().name().toLowerCase(Locale.ROOT) + "]";
  }

  Map<String, Binding> bindings() {
    return bindings;
  }

  private String execute(Step s) {
    if (s.cpu() < 0) {
      return machineStep(s);
    }
    Cpu cpu = machine.cpu(s.cpu());
    return switch (s.verb()) {
      case "kmap_local_page" -> bind(s, cpu, cpu.kmapLocalPage(page(s.arg(0))), page(s.arg(0)));
      case "kmap_local_pfn" -> bind(s, cpu, cpu.kmapLocalPfn(page(s.arg(0)).pfn()),
          page(s.arg(0)));
      case "kmap_atomic" -> bind(s, cpu, cpu.kmapAtomic(page(s.arg(0))), page(s.arg(0)));
      case "kmap" -> kmap(s, cpu);
      case "kunmap_local" -> run(() -> cpu.kunmapLocal(bound(s).vaddr()));
      case "kunmap_atomic" -> run(() -> cpu.kunmapAtomic(bound(s).vaddr()));
      case "kunmap" -> run(() -> cpu.kunmap(bound(s).page()));
      case "kmap_range" -> kmapRange(s, cpu);
      case "kunmap_range" -> kunmapRange(s, cpu);
      case "write" -> {
        long va = ref(s.arg(0));
        long v = ScenarioValues.number(s.arg(1));
        cpu.writeLong(va, v);
        yield "*(u64 *)" + Hex.addr(va) + " = " + Hex.u64(v);
      }
      case "read" -> read(s, cpu);
      case "schedule" -> schedule(s, cpu);
      case "sleep" -> sleep(cpu);
      case "kmap_flush_unused" -> run(cpu::kmapFlushUnused);
      case "irq_enter" -> run(cpu::irqEnter);
      case "irq_exit" -> run(cpu::irqExit);
      case "softirq_enter" -> run(cpu::softirqEnter);
      case "softirq_exit" -> run(cpu::softirqExit);
      case "nmi_enter" -> run(cpu::nmiEnter);
      case "nmi_exit" -> run(cpu::nmiExit);
      case "preempt_disable" -> run(cpu::preemptDisable);
      case "preempt_enable" -> run(cpu::preemptEnable);
      case "local_irq_disable" -> run(cpu::localIrqDisable);
      case "local_irq_enable" -> run(cpu::localIrqEnable);
      case "pagefault_disable" -> run(cpu::pagefaultDisable);
      case "pagefault_enable" -> run(cpu::pagefaultEnable);
      case "migrate_disable" -> run(cpu::migrateDisable);
      case "migrate_enable" -> run(cpu::migrateEnable);
      default -> throw new IllegalStateException(s.verb());
    };
  }

  private String machineStep(Step s) {
    Task t = machine.task(s.arg(0));
    switch (s.verb()) {
      case "migrate" -> machine.migrate(t, Integer.parseInt(s.arg(1)));
      case "fork" -> {
        Task child = machine.fork(t, s.arg(1));
        return "child " + child.name() + " pid " + child.pid() + " on CPU" + child.cpu();
      }
      case "exit" -> machine.exit(t);
      case "wake" -> {
        return machine.wakeUpProcess(t)
            ? "wake_up_process(" + t.name() + ") = 1: runnable on CPU" + t.cpu()
            : "wake_up_process(" + t.name() + ") = 0: it is "
                + t.state().name().toLowerCase(Locale.ROOT) + ", not sleeping";
      }
      default -> throw new IllegalStateException(s.verb());
    }
    return "";
  }

  private String kmap(Step s, Cpu cpu) {
    Page page = page(s.arg(0));
    String task = cpu.current().name();
    KmapResult r = cpu.kmap(page);
    if (!r.mapped()) {
      sleepers.put(task, s);
      return task + " sleeps on pkmap_map_wait (every pkmap entry is in use); CPU" + cpu.id()
          + " runs " + cpu.current().name();
    }
    return bind(s, cpu, r.vaddr(), page);
  }

  /**
   * kmap() of COUNT consecutive pages, each entry's set_pte summarised in one line; stops at the
   * first kmap() that sleeps.
   */
  private String kmapRange(Step s, Cpu cpu) {
    Page first = page(s.arg(0));
    int count = (int) ScenarioValues.number(s.arg(1));
    List<Page> pages = new ArrayList<>();
    long firstVa = 0;
    for (int i = 0; i < count; i++) {
      Page p = machine.page(first.pfn() + i);
      KmapResult r = cpu.kmap(p);
      long va = r.mapped() ? r.vaddr() : 0;
      if (va == 0) {
        ranges.put(s.result(), pages);
        log.drain();
        return "!" + i + " pages kmapped, then kmap #" + i + " slept; CPU" + cpu.id() + " runs "
            + cpu.current().name();
      }
      firstVa = i == 0 ? va : firstVa;
      pages.add(p);
    }
    int events = log.drain().size();
    ranges.put(s.result(), pages);
    bindings.put(s.result(), new Binding(firstVa, first, cpu.current().name()));
    return count + " pages kmapped from pfn " + Hex.pfn(first.pfn()) + ", " + s.result() + " = "
        + Hex.addr(firstVa) + " (" + events + " event lines not shown)";
  }

  private String kunmapRange(Step s, Cpu cpu) {
    List<Page> pages = ranges.getOrDefault(s.arg(0), List.of());
    for (Page p : pages) {
      cpu.kunmap(p);
    }
    int events = log.drain().size();
    ranges.remove(s.arg(0));
    return pages.size() + " pages kunmapped (" + events + " event lines not shown)";
  }

  private String schedule(Step s, Cpu cpu) {
    Task next = machine.task(s.arg(0));
    String prev = cpu.current().name();
    machine.schedule(cpu.id(), next);
    String said = prev + " -> " + next.name();
    Step retry = sleepers.get(next.name());
    if (retry != null && next.kmapWaiting().isEmpty()) { // the core's retry mapped the page
      sleepers.remove(next.name());
      Page page = page(retry.arg(0));
      said += "; " + next.name() + " retries: " + retry.text() + ": "
          + bind(retry, cpu, machine.pageAddress(page), page);
    } else if (retry != null) {
      said += "; " + next.name() + " retries: " + retry.text() + ": " + next.name()
          + " sleeps on pkmap_map_wait again; CPU" + cpu.id() + " runs " + cpu.current().name();
    }
    return said;
  }

  /** {@code set_current_state(TASK_UNINTERRUPTIBLE); schedule()}: the switch to the idle task. */
  private static String sleep(Cpu cpu) {
    String task = cpu.current().name();
    cpu.sleep();
    return task + " sleeps (TASK_UNINTERRUPTIBLE): " + task + " -> " + cpu.current().name();
  }

  private String read(Step s, Cpu cpu) {
    long va = ref(s.arg(0));
    long got = cpu.readLong(va);
    String said = "*(u64 *)" + Hex.addr(va) + " reads " + Hex.u64(got);
    if (s.args().size() > 1) {
      long want = ScenarioValues.number(s.arg(1));
      if (want != got) {
        return "!" + said + ", EXPECTED " + Hex.u64(want);
      }
      said += " as expected";
    }
    return said;
  }

  private String bind(Step s, Cpu cpu, long vaddr, Page page) {
    bindings.put(s.result(), new Binding(vaddr, page, cpu.current().name()));
    return s.result() + " = " + Hex.addr(vaddr) + " (pfn " + Hex.pfn(page.pfn())
        + (machine.isHighMem(page) ? ", highmem" : ", lowmem") + ")";
  }

  private static String run(Runnable call) {
    call.run();
    return "";
  }

  private Binding bound(Step s) {
    Binding b = bindings.get(s.arg(0));
    if (b == null) { // bound by a kmap that slept and was never retried
      throw new IllegalStateException("'" + s.arg(0) + "' was never mapped: its map call failed or slept");
    }
    return b;
  }

  private long ref(String ref) {
    int plus = ref.indexOf('+');
    String name = plus < 0 ? ref : ref.substring(0, plus);
    Binding b = bindings.get(name);
    if (b == null) {
      throw new IllegalStateException("'" + name + "' was never mapped: its map call failed or slept");
    }
    return b.vaddr() + (plus < 0 ? 0 : ScenarioValues.number(ref.substring(plus + 1)));
  }

  private Page page(String spec) {
    return machine.page(ScenarioValues.pfn(spec, machine.maxLowPfn()));
  }

  private static String firstLine(String message) {
    return message == null ? "bad configuration" : message.strip().lines().findFirst().orElse("");
  }
}
