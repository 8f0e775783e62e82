// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kmapsim}: without a subcommand, the demonstration on every discovered variant. */
@Command(
    name = "kmapsim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "A reference model of the Linux highmem machinery after the 2020 kmap_local consolidation"
          + " (mm/highmem.c, v5.11+).",
      "Without a command: the demonstration (as 'kmapsim demo': three scenarios on every"
          + " discovered architecture variant, then a summary table)."
    },
    subcommands = {DemoCommand.class, LayoutCommand.class, RunCommand.class, StressCommand.class,
      ExploreCommand.class, ConvertCheckCommand.class, ConformanceCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ran as designed",
      "1:the simulated kernel reported problems (run, demo: what the scenario does not expect;"
          + " stress: any; explore: a schedule failed; convert-check: a site is unsafe);"
          + " conformance: a variant failed a required rule",
      "2:bad input (unknown command, option or architecture; a malformed value; a bad"
          + " scenario: FILE:LINE:COLUMN; an unusable plugin jar)"
    })
final class KmapsimCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private Plugins plugins;

  @Option(names = "--json", description = "Without a command: the demonstration as one JSON"
      + " object (as 'demo --json').")
  private boolean json;

  @Override
  public Integer call() {
    try (PluginJars jars = plugins.load(spec)) {
      return DemoCommand.demo(spec, jars.registry(), List.of(), json);
    }
  }
}
