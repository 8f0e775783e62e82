// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.core.KmapSim;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kmapsim demo [--arch NAME]...}: the demonstration, on all or some variants. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "On a 2-CPU machine per variant: nested kmap_local_page, preemption with"
          + " __kmap_local_sched_out/__kmap_local_sched_in, a deliberate wrong-order"
          + " kunmap_local (KMAP-W001), and a persistent kmap() whose pkmap scan wraps, with"
          + " flush_all_zero_pkmaps and its global TLB flush. Ends with a summary table."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--arch",
      paramLabel = "NAME",
      split = ",",
      description = "Variant(s) to run, such as x86-pae (default: every discovered variant).")
  private List<String> arches = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON object instead: per variant the"
      + " summary table's row, what did not run as designed, its counters; and the exit code.")
  private boolean json;

  @Override
  public Integer call() {
    List<String> names = arches.isEmpty() ? KmapSim.variantNames() : arches;
    names.forEach(KmapSim::variant); // an unknown name is bad input, before anything runs
    DemoRunner runner = new DemoRunner(spec.commandLine().getOut());
    return json ? runner.runJson(names) : runner.run(names);
  }
}
