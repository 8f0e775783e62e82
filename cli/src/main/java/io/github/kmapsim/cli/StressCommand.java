// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.StepResult;
import io.github.kmapsim.scenario.Verb;
import io.github.kmapsim.scenario.random.RandomWorkload;
import io.github.kmapsim.scenario.report.ChromeTrace;
import io.github.kmapsim.scenario.report.Json;
import io.github.kmapsim.scenario.report.RunJson;
import io.github.kmapsim.spi.ArchVariant;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kmapsim stress}: the library's seeded random workload ({@link RandomWorkload}), one
 * statement per step, with the machine's invariants checked after every step.
 */
@Command(
    name = "stress",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a seeded random workload of scenario statements (local, atomic and persistent maps"
          + " undone in stack order, reads that expect what was written, schedule, migrate,"
          + " sleep and wake, fork and exit, nested interrupts that map, the highmem.h helpers,"
          + " io_mapping, kmap bursts that wrap the pkmap scan, the pool running dry) and checks"
          + " the machine's invariants after every step.",
      "The same seed gives the same event trace: its SHA-256 digest is printed."
    })
final class StressCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private Plugins plugins;

  @Option(names = "--arch", paramLabel = "NAME", defaultValue = "x86",
      description = "The architecture variant (default: ${DEFAULT-VALUE}).")
  private String arch;

  @Option(names = "--cpus", paramLabel = "N", description = "NR_CPUS (default: "
      + MachineConfig.DEFAULT_CPUS + ", or the variant's limit where lower: 1 on a uniprocessor"
      + " such as nds32).")
  private Integer cpusOption;

  @Option(names = "--tasks", paramLabel = "T", defaultValue = "16", description = "Tasks.")
  private int tasks;

  @Option(names = "--ops", paramLabel = "K", defaultValue = "100000", description = "Steps.")
  private long ops;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "The seed.")
  private long seed;

  @Option(names = "--debug-kmap-local", description = "CONFIG_DEBUG_KMAP_LOCAL (guard slots).")
  private boolean debugKmapLocal;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Also write a Chrome trace-event JSON of the run (large for many ops).")
  private Path traceFile;

  @Option(names = "--reproducer", paramLabel = "FILE", description = "On a failure, write the"
      + " statements up to the failing one as a scenario file that 'kmapsim run' replays.")
  private Path reproducer;

  @Option(names = "--json", description = "Print one JSON object instead of the progress and the"
      + " summary: the configuration, statements by call, counters, diagnostics, opsPerSec,"
      + " seconds, peakHeapBytes, traceEvents and sha256 (or the failure), and the exit code.")
  private boolean json;

  /** Whether progress goes to a terminal; {@link Main} says. */
  private boolean terminal;

  /** NR_CPUS of the run. */
  private int cpus;

  void terminal(boolean isTerminal) {
    this.terminal = isTerminal;
  }

  @Override
  public Integer call() throws IOException {
    if (cpusOption != null && cpusOption < 1 || tasks < 1 || ops < 0) {
      throw new ParameterException(spec.commandLine(),
          "--cpus and --tasks must be at least 1 and --ops at least 0");
    }
    try (PluginJars jars = plugins.load(spec)) {
      return stress(jars.registry().variant(arch)); // an unknown name is bad input
    }
  }

  private int stress(ArchVariant variant) throws IOException {
    cpus = cpusOption != null ? cpusOption : NrCpus.atMost(variant, MachineConfig.DEFAULT_CPUS);
    PrintWriter out = spec.commandLine().getOut();
    MachineConfig config = MachineConfig.preset(arch).toBuilder().cpus(cpus)
        .debugKmapLocal(debugKmapLocal).build();
    Machine m = KmapSim.newMachine(config, variant);
    TraceDigest digest = new TraceDigest();
    m.addListener(digest);
    RandomWorkload w = RandomWorkload.on(m, tasks, seed);
    ScenarioRun run = ScenarioRun.on(m, false);
    ChromeTrace trace = traceFile == null ? null : new ChromeTrace();
    if (trace != null) {
      m.addListener(trace);
      trace.start(m);
    }
    boolean tty = !json && terminal;
    Map<Verb, Long> counts = new EnumMap<>(Verb.class);
    long start = System.nanoTime();
    long tenth = Math.max(1, ops / 10);
    for (long n = 0; n < ops; n++) {
      Statement s = w.next();
      counts.merge(s.verb(), 1L, Long::sum);
      StepResult r = run.execute(s);
      String failure = failure(r, m);
      if (failure != null) {
        return fail(out, m, n, s, failure);
      }
      if (trace != null) {
        trace.tick(m);
      }
      if (!json && ((n + 1) % tenth == 0 || n + 1 == ops)) {
        progress(out, tty, n + 1);
      }
    }
    double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    int code = m.diagnostics().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    if (tty) {
      out.println();
    }
    if (json) {
      out.println(Json.of(json(m, counts, digest, secs, code)));
    } else {
      summary(out, m, counts, digest, secs);
    }
    if (trace != null) {
      trace.write(traceFile);
    }
    return code;
  }

  /** What went wrong in a step: its outcome, a diagnostic, an invariant; null when nothing. */
  private static String failure(StepResult r, Machine m) {
    if (r.failed()) {
      return r.outcome().text();
    }
    if (!r.diagnostics().isEmpty()) {
      return r.diagnostics().get(0).format();
    }
    List<InvariantViolation> violations = m.checkInvariants();
    return violations.isEmpty() ? null : "invariant violated: " + violations.get(0).format();
  }

  /** Fail fast: say where, with the seed, and write the reproducer when asked. */
  private int fail(PrintWriter out, Machine m, long step, Statement s, String why)
      throws IOException {
    String message = "step " + step + " (--seed " + seed + "): " + s.render() + ": " + why;
    spec.commandLine().getErr().println("kmapsim: stress: " + message);
    if (reproducer != null) {
      RandomWorkload again = RandomWorkload.on(KmapSim.newMachine(m.config(), m.arch()), tasks,
          seed);
      List<Statement> prefix = new ArrayList<>();
      for (long i = 0; i <= step; i++) {
        prefix.add(again.next());
      }
      Files.writeString(reproducer, again.scenario(prefix), StandardCharsets.UTF_8);
      spec.commandLine().getErr().println("kmapsim: stress: the " + prefix.size()
          + " statements are in " + reproducer + " (kmapsim run " + reproducer + ")");
    }
    if (json) {
      out.println(Json.of(Json.object("config", config(), "failure", message,
          "exitCode", ExitCodes.FAILED)));
    }
    return ExitCodes.FAILED;
  }

  private Map<String, Object> config() {
    return Json.object("arch", arch, "cpus", cpus, "tasks", tasks, "ops", ops, "seed", seed,
        "debugKmapLocal", debugKmapLocal);
  }

  /** The summary as one JSON object: the same numbers, and every diagnostic in full. */
  private Map<String, Object> json(Machine m, Map<Verb, Long> counts, TraceDigest digest,
      double secs, int code) {
    Map<String, Object> operations = new LinkedHashMap<>();
    counts.forEach((verb, n) -> operations.put(verb.callName(), n));
    return Json.object("config", config(), "operations", operations, "counters", m.counters(),
        "diagnostics", m.diagnostics().stream().map(RunJson::diagnostic).toList(),
        "opsPerSec", Math.round(ops / secs), "seconds", secs, "peakHeapBytes", peakHeap(),
        "traceEvents", digest.events(), "sha256", digest.hex(), "exitCode", code);
  }

  private void progress(PrintWriter out, boolean tty, long done) {
    int pct = (int) (done * 100 / Math.max(1, ops));
    if (tty) {
      int bar = pct / 5;
      out.print("\r[" + "#".repeat(bar) + " ".repeat(20 - bar) + "] " + pct + "% " + done + " ops");
      out.flush();
    } else {
      out.println("progress: " + pct + "% (" + done + " ops)");
    }
  }

  private void summary(PrintWriter out, Machine m, Map<Verb, Long> counts, TraceDigest digest,
      double secs) {
    Counters c = m.counters();
    out.printf("stress %s: %d CPU%s, %d tasks, %d ops, seed %d%s%n", arch, cpus,
        cpus == 1 ? "" : "s", tasks, ops, seed, debugKmapLocal ? ", DEBUG_KMAP_LOCAL" : "");
    out.println("statements:");
    counts.forEach((verb, n) -> out.printf("  %-24s %d%n", verb.callName(), n));
    out.printf("context switches: %d, with live local kmaps: %d (slots saved %d, restored %d)%n",
        c.contextSwitches(), c.switchesWithMaps(), c.slotsSavedOnSwitch(),
        c.slotsRestoredOnSwitch());
    out.printf("TLB flushes: %d local, %d kernel range, %d full; IPIs %d; pkmap flushes %d,"
        + " sleeps %d%n", c.tlbLocalFlushes(), c.tlbRangeFlushes(), c.tlbFullFlushes(), c.ipis(),
        c.pkmapFlushes(), c.pkmapSleeps());
    out.printf("diagnostics: %d (invariants held after every step)%n", m.diagnostics().size());
    out.printf(Locale.ROOT, "throughput: %.0f ops/s (%.2f s); peak heap %d MB%n", ops / secs,
        secs, peakHeap() >> 20);
    out.printf("trace: %d events, sha256 %s%n", digest.events(), digest.hex());
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
