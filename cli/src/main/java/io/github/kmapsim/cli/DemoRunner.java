// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.scenario.RunSummary;
import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioException;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.report.Json;
import io.github.kmapsim.scenario.report.RunReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The demonstration: the scenario files of {@link #SCENARIOS} (examples/, shipped in the jar),
 * each run on every variant in turn as {@code kmapsim run} runs it, then the summary table. A
 * scenario's checks are its own: its {@code read ... expect} values, the diagnostics it expects
 * ({@code expect CODE [COUNT]}) and none other, and the machine's invariants at its end.
 * Returns {@link ExitCodes#OK} when every variant ran them all as expected.
 */
final class DemoRunner {
  /** The scenarios, in the order told: a context switch, wrong-order unmaps, a pkmap wrap. */
  static final List<String> SCENARIOS = List.of("01-context-switch.ksim",
      "19-wrong-order-twice.ksim", "20-pkmap-wrap.ksim");

  private final PrintWriter out;
  private final ArchRegistry variants;

  /** A demonstration written to {@code out}, on variants found in {@code variants}. */
  DemoRunner(PrintWriter out, ArchRegistry variants) {
    this.out = out;
    this.variants = variants;
  }

  int run(List<String> names) {
    out.println("kmapsim: " + SCENARIOS.size() + " scenarios on " + names.size()
        + " architecture variant(s), mm/highmem.c after the 2020 kmap_local consolidation");
    if (names.isEmpty()) {
      out.println("no architecture plugin is on the class path: nothing to run");
      return ExitCodes.FAILED;
    }
    List<VariantOutcome> outcomes = runAll(names, out);
    out.println();
    new SummaryTable(outcomes).print(out);
    out.flush();
    return exitCode(outcomes);
  }

  /** {@code demo --json}: one JSON object with the summary table's rows and the exit code. */
  int runJson(List<String> names) {
    List<VariantOutcome> outcomes = runAll(names, new PrintWriter(Writer.nullWriter()));
    int code = exitCode(outcomes);
    out.println(Json.of(Json.object("variants", new SummaryTable(outcomes).rows(),
        "exitCode", code)));
    out.flush();
    return code;
  }

  private List<VariantOutcome> runAll(List<String> names, PrintWriter log) {
    List<VariantOutcome> outcomes = new ArrayList<>();
    for (String variant : names) {
      log.println();
      log.printf("== %s: %s ==%n", variant, variants.variant(variant).description());
      outcomes.add(runOn(variant, log));
    }
    return outcomes;
  }

  /** Every scenario on one variant: its log, its verdict, the counters summed. */
  private VariantOutcome runOn(String variant, PrintWriter log) {
    List<String> problems = new ArrayList<>();
    Counters total = null;
    RunReport report = new RunReport(log);
    for (String name : SCENARIOS) {
      try {
        ScenarioRun run = ScenarioRun.boot(Scenario.parse(resource(name), variants, variant), name);
        report.header(name, run.machine());
        run.runAll(report::step);
        RunSummary summary = run.summary();
        log.println("  -- " + verdict(summary));
        summary.problems().forEach(p -> problems.add(name + ": " + p));
        total = VariantOutcome.plus(total, run.machine().counters());
      } catch (ScenarioException e) {
        problems.add(e.format(name));
      } catch (RuntimeException e) { // a plugin or core defect: report it, go on with the others
        problems.add(name + ": stopped by " + e);
      }
    }
    problems.forEach(p -> log.println("  UNEXPECTED: " + p));
    return new VariantOutcome(variant, total, problems);
  }

  private static String verdict(RunSummary s) {
    if (!s.ok()) {
      return "did not run as expected";
    }
    return s.expected().isEmpty() ? "as expected: no diagnostic"
        : "as expected: " + String.join(", ", s.expected().stream()
            .map(e -> e.code().code() + " x" + e.count()).toList()) + " and nothing else";
  }

  private static List<String> resource(String name) {
    try (InputStream in = DemoRunner.class.getResourceAsStream("demo/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks its demo scenario " + name);
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** OK when there was something to run and every variant ran as expected. */
  private static int exitCode(List<VariantOutcome> outcomes) {
    return !outcomes.isEmpty() && outcomes.stream().allMatch(VariantOutcome::ok)
        ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
