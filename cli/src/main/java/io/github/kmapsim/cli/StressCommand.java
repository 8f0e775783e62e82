// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.report.ChromeTrace;
import io.github.kmapsim.scenario.report.Json;
import io.github.kmapsim.scenario.report.RunJson;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kmapsim stress}: a seeded random workload with the invariants checked after every step. */
@Command(
    name = "stress",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a seeded random workload (local, atomic and persistent maps undone in stack order,"
          + " shadow-checked reads and writes, schedule, migrate, interrupts that map) and checks"
          + " the machine's invariants after every step.",
      "The same seed gives the same event trace: its SHA-256 digest is printed."
    })
final class StressCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--arch", paramLabel = "NAME", defaultValue = "x86",
      description = "The architecture variant (default: ${DEFAULT-VALUE}).")
  private String arch;

  @Option(names = "--cpus", paramLabel = "N", description = "NR_CPUS (default: "
      + MachineConfig.DEFAULT_CPUS + ", or the variant's limit where lower: 1 on a uniprocessor"
      + " such as nds32).")
  private Integer cpusOption;

  /** NR_CPUS of the run: --cpus, or the default capped at the variant's limit. */
  private int cpus;

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
  private java.nio.file.Path traceFile;

  @Option(names = "--json", description = "Print one JSON object instead of the progress and the"
      + " summary: the configuration, operations by kind, counters, diagnostics, opsPerSec,"
      + " seconds, peakHeapBytes, traceEvents and sha256 (or the failure), and the exit code.")
  private boolean json;

  /** Whether progress goes to a terminal; set by Main. */
  static boolean terminal;

  @Override
  public Integer call() throws java.io.IOException {
    if (cpusOption != null && cpusOption < 1 || tasks < 1 || ops < 0) {
      throw new ParameterException(spec.commandLine(),
          "--cpus and --tasks must be at least 1 and --ops at least 0");
    }
    // an unknown name is bad input, reported with the known ones
    int defaultCpus = NrCpus.atMost(arch, MachineConfig.DEFAULT_CPUS);
    cpus = cpusOption != null ? cpusOption : defaultCpus;
    PrintWriter out = spec.commandLine().getOut();
    Machine m = KmapSim.newMachine(MachineConfig.preset(arch).toBuilder().cpus(cpus)
        .debugKmapLocal(debugKmapLocal).build());
    TraceDigest digest = new TraceDigest();
    m.addListener(digest);
    StressWorkload w = new StressWorkload(m, tasks, seed);
    ChromeTrace trace = traceFile == null ? null : new ChromeTrace();
    if (trace != null) {
      m.addListener(trace);
      trace.start(m);
    }
    boolean tty = !json && terminal && out != null && System.console() != null;
    long start = System.nanoTime();
    long tenth = Math.max(1, ops / 10);
    try {
      for (long n = 0; n < ops; n++) {
        w.step(n);
        if (trace != null) {
          trace.tick(m);
        }
        if (!json && ((n + 1) % tenth == 0 || n + 1 == ops)) {
          progress(out, tty, n + 1);
        }
      }
    } catch (IllegalStateException e) { // an invariant or the shadow: fail fast, say where
      spec.commandLine().getErr().println("kmapsim: stress: " + e.getMessage());
      if (json) {
        out.println(Json.of(Json.object("config", config(), "failure", e.getMessage(),
            "exitCode", ExitCodes.FAILED)));
      }
      return ExitCodes.FAILED;
    }
    double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    int code = m.diagnostics().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    if (tty) {
      out.println();
    }
    if (json) {
      out.println(Json.of(json(m, w, digest, secs, code)));
    } else {
      summary(out, m, w, digest, secs);
    }
    if (trace != null) {
      trace.write(traceFile);
    }
    return code;
  }

  private Map<String, Object> config() {
    return Json.object("arch", arch, "cpus", cpus, "tasks", tasks, "ops", ops, "seed", seed,
        "debugKmapLocal", debugKmapLocal);
  }

  /** The summary as one JSON object: the same numbers, and every diagnostic in full. */
  private Map<String, Object> json(Machine m, StressWorkload w, TraceDigest digest, double secs,
      int code) {
    Map<String, Object> operations = new LinkedHashMap<>();
    w.counts().forEach((op, n) -> operations.put(op.name().toLowerCase(Locale.ROOT), n));
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

  private void summary(PrintWriter out, Machine m, StressWorkload w, TraceDigest digest,
      double secs) {
    Counters c = m.counters();
    out.printf("stress %s: %d CPU%s, %d tasks, %d ops, seed %d%s%n", arch, cpus,
        cpus == 1 ? "" : "s", tasks, ops, seed,
        debugKmapLocal ? ", DEBUG_KMAP_LOCAL" : "");
    out.println("operations:");
    for (Map.Entry<StressWorkload.Op, Long> e : w.counts().entrySet()) {
      out.printf("  %-18s %d%n", e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    }
    out.printf("context switches: %d, with live local kmaps: %d (slots saved %d, restored %d)%n",
        c.contextSwitches(), c.switchesWithMaps(), c.slotsSavedOnSwitch(),
        c.slotsRestoredOnSwitch());
    out.printf("TLB flushes: %d local, %d kernel range, %d full; IPIs %d; pkmap flushes %d%n",
        c.tlbLocalFlushes(), c.tlbRangeFlushes(), c.tlbFullFlushes(), c.ipis(), c.pkmapFlushes());
    out.printf("diagnostics: %d (invariants held after every step)%n",
        m.diagnostics().size());
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
