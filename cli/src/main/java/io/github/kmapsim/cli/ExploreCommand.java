// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioException;
import io.github.kmapsim.scenario.explore.ExploreOptions;
import io.github.kmapsim.scenario.explore.ExploreReport;
import io.github.kmapsim.scenario.explore.Explorer;
import io.github.kmapsim.scenario.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kmapsim explore SCENARIO}: every schedule of a concurrent scenario within a preemption
 * bound, or seeded random ones; {@code --merge} joins the JSON reports of shards.
 */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs every schedule of a concurrent scenario (tasks with programs, irq handlers:"
          + " docs/SCENARIOS.md) with up to K preemptions, interrupts and migrations, or N random"
          + " ones, all checks on; reports the schedules explored and each distinct failure with"
          + " a sequential scenario that 'kmapsim run' replays.",
      "With --merge, the JSON reports of shards (--shard I/N --json) joined into one.",
      "Exit 0 when no schedule failed, 1 otherwise, 2 for bad input."
    })
final class ExploreCommand implements Callable<Integer> {
  private static final Pattern SHARD = Pattern.compile("(\\d+)/(\\d+)");

  @Spec private CommandSpec spec;

  @Mixin private Plugins plugins;

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "The scenario (.ksim); with --merge, the JSON reports to join.")
  private List<Path> files;

  @Mixin private ScheduleOptions schedules;




  @Option(names = "--shard", paramLabel = "I/N", defaultValue = "0/1",
      description = "Explore part I of N (0 <= I < N); the parts are disjoint, together the"
          + " whole space. Merge their --json reports with --merge.")
  private String shard;


  @Option(names = "--no-reduction", description = "Run equivalent schedules too (no state"
      + " hashing): to measure what the reduction saves.")
  private boolean noReduction;

  @Option(names = "--reproducers", paramLabel = "DIR", description = "Write each failure's"
      + " reproducer to DIR/NAME-N.ksim instead of printing it.")
  private Path reproducers;

  @Option(names = "--merge", description = "The FILEs are JSON reports of shards: print their"
      + " merge.")
  private boolean merge;

  @Option(names = "--json", description = "Print one JSON object (docs/SCENARIOS.md).")
  private boolean json;

  /** Whether progress goes to a terminal; {@link Main} says. */
  private boolean terminal;

  void terminal(boolean isTerminal) {
    this.terminal = isTerminal;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (merge) {
      return merge(out, err);
    }
    if (files.size() != 1) {
      throw new ParameterException(spec.commandLine(), "explore takes one scenario (or --merge"
          + " and reports)");
    }
    Matcher m = SHARD.matcher(shard);
    if (!m.matches() || !schedules.valid()
        || Integer.parseInt(m.group(2)) < 1
        || Integer.parseInt(m.group(1)) >= Integer.parseInt(m.group(2))) {
      throw new ParameterException(spec.commandLine(), "--bound and --random must be at least"
          + " 0, --jobs at least 1, --shard I/N with 0 <= I < N; got " + schedules.given()
          + " --shard " + shard);
    }
    ExploreOptions options = schedules.options()
        .shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
        .reduction(!noReduction);
    Path file = files.get(0);
    String name = file.toString();
    try (PluginJars jars = plugins.load(spec)) {
      Scenario scenario;
      try {
        scenario = Scenario.parse(Scenario.lines(Files.readAllBytes(file)), jars.registry(),
            null);
      } catch (NoSuchFileException e) {
        err.println("kmapsim: " + name + ": no such file");
        return ExitCodes.BAD_INPUT;
      } catch (ScenarioException e) {
        err.println(e.format(name));
        return ExitCodes.BAD_INPUT;
      }
      if (!scenario.concurrent()) {
        err.println(name + ":1:1: no task has a program (NAME: call) and no irq is declared:"
            + " one schedule, which 'kmapsim run' runs");
        return ExitCodes.BAD_INPUT;
      }
      boolean tty = terminal && !json;
      ExploreReport report;
      try {
        int[] shown = {0};
        report = Explorer.explore(scenario, name, options, (done, total, schedules) -> {
          int pct = (int) (done * 100L / Math.max(1, total));
          if (tty) {
            int bar = pct / 5;
            out.print("\r[" + "#".repeat(bar) + " ".repeat(20 - bar) + "] " + pct + "% " + done
                + "/" + total + " units, " + schedules + " schedules");
            out.flush();
          } else if (!json && pct / 10 > shown[0]) { // as stress: a line every tenth
            shown[0] = pct / 10;
            out.println("progress: " + pct + "% (" + done + "/" + total + " units, " + schedules
                + " schedules)");
          }
        });
      } catch (ScenarioException e) {
        err.println(e.format(name));
        return ExitCodes.BAD_INPUT;
      }
      if (tty) {
        out.println();
      }
      return print(report, out);
    }
  }

  private int merge(PrintWriter out, PrintWriter err) throws IOException {
    List<ExploreReport> reports = new ArrayList<>();
    for (Path f : files) {
      try {
        reports.add(ExploreReport.fromJson(Files.readString(f, StandardCharsets.UTF_8).strip()));
      } catch (NoSuchFileException e) {
        err.println("kmapsim: " + f + ": no such file");
        return ExitCodes.BAD_INPUT;
      } catch (IllegalArgumentException e) {
        err.println("kmapsim: " + f + ": not an explore --json report: " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
    }
    ExploreReport merged;
    try {
      merged = ExploreReport.merge(reports);
    } catch (IllegalArgumentException e) {
      err.println("kmapsim: explore --merge: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    return print(merged, out);
  }

  private int print(ExploreReport r, PrintWriter out) throws IOException {
    int code = r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    if (json) {
      out.println(Json.of(r.json()));
      return code;
    }
    out.printf("explore %s: %s, shard %s%s%n", r.scenario(), r.random() > 0 ? r.random()
        + " random schedules (seed " + r.seed() + ", bound " + r.bound() + ")"
        : "every schedule with up to " + r.bound() + " preemptions/interrupts/migrations",
        r.shard(), r.reduction() ? ", equivalent states skipped" : "");
    out.printf("schedules: %d explored, %d equivalent states skipped, %d units, %d statements,"
        + " %.3f s (%.0f schedules/s)%n", r.schedules(), r.pruned(), r.units(), r.steps(),
        r.seconds(), r.schedulesPerSecond());
    out.println("failures: " + r.failures().size());
    int n = 0;
    for (ExploreReport.Failure f : r.failures()) {
      n++;
      out.printf("%d. %s (%d schedule%s)%n", n, f.key(), f.schedules(),
          f.schedules() == 1 ? "" : "s");
      f.message().lines().forEach(l -> out.println("   " + l));
      if (reproducers != null) {
        Files.createDirectories(reproducers);
        String base = Path.of(r.scenario()).getFileName().toString().replaceFirst("\\.ksim$", "");
        Path p = reproducers.resolve(base + "-" + n + ".ksim");
        Files.writeString(p, f.reproducer(), StandardCharsets.UTF_8);
        out.println("   reproducer: " + p + " (kmapsim run " + p + ")");
      } else {
        out.println("   reproducer (kmapsim run it; --reproducers DIR writes it to a file):");
        f.reproducer().lines().forEach(l -> out.println("   | " + l));
      }
    }
    return code;
  }
}
