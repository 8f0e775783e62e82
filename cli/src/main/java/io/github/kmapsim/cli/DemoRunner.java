// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.report.Json;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the demonstration on a list of variants, one section each, then the summary table.
 * Returns {@link ExitCodes#OK} when every variant ran as designed.
 */
final class DemoRunner {
  private final PrintWriter out;
  private final Function<MachineConfig, Machine> machines;

  /** A runner on the discovered variants. */
  DemoRunner(PrintWriter out) {
    this(out, KmapSim::newMachine);
  }

  /** A runner that builds its machines with {@code machines} (a variant under test). */
  DemoRunner(PrintWriter out, Function<MachineConfig, Machine> machines) {
    this.out = out;
    this.machines = machines;
  }

  int run(List<String> variants) {
    out.println("kmapsim: kmap_local_page and kmap() on " + variants.size()
        + " architecture variant(s),"
        + " mm/highmem.c after the 2020 kmap_local consolidation");
    if (variants.isEmpty()) {
      out.println("no architecture plugin is on the class path: nothing to run");
      return ExitCodes.FAILED;
    }
    List<VariantOutcome> outcomes = stories(variants, out);
    out.println();
    new SummaryTable(outcomes).print(out);
    out.flush();
    return exitCode(outcomes);
  }

  /**
   * {@code demo --json}: the same stories without their sections, then one JSON object with the
   * summary table's rows and the exit code.
   */
  int runJson(List<String> variants) {
    List<VariantOutcome> outcomes = stories(variants, new PrintWriter(Writer.nullWriter()));
    int code = exitCode(outcomes);
    out.println(Json.of(Json.object("variants", new SummaryTable(outcomes).rows(),
        "exitCode", code)));
    out.flush();
    return code;
  }

  private List<VariantOutcome> stories(List<String> variants, PrintWriter sections) {
    List<VariantOutcome> outcomes = new ArrayList<>();
    for (String variant : variants) {
      sections.println();
      outcomes.add(new DemoStory(variant, machines, sections).run());
    }
    return outcomes;
  }

  /** OK when there was something to run and every variant ran as designed. */
  private static int exitCode(List<VariantOutcome> outcomes) {
    return !outcomes.isEmpty() && outcomes.stream().allMatch(VariantOutcome::ok)
        ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
