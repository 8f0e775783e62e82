// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.core.ArchRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kmapsim demo [--arch NAME]... [--plugin JAR]...}: the demonstration. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs three scenarios on every variant (a 2-CPU machine, 1 CPU on a uniprocessor): nested"
          + " kmap_local_page preempted with __kmap_local_sched_out/__kmap_local_sched_in"
          + " (examples/01-context-switch.ksim), two deliberate wrong-order kunmap_local"
          + " (KMAP-W001, examples/19-wrong-order-twice.ksim), and a persistent kmap() whose"
          + " pkmap scan wraps, with flush_all_zero_pkmaps and its global TLB flush"
          + " (examples/20-pkmap-wrap.ksim). Ends with a summary table."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private Plugins plugins;

  @Option(
      names = "--arch",
      paramLabel = "NAME",
      split = ",",
      description = "Variant(s) to run, such as x86-pae (default: every discovered variant and"
          + " those of --plugin jars).")
  private List<String> arches = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON object instead: per variant the"
      + " summary table's row, what did not run as expected, its counters; and the exit code.")
  private boolean json;

  @Override
  public Integer call() {
    try (PluginJars jars = plugins.load(spec)) {
      return demo(spec, jars.registry(), arches, json);
    }
  }

  /** The demonstration on the named variants, or every one of {@code registry}. */
  static int demo(CommandSpec spec, ArchRegistry registry, List<String> names, boolean json) {
    List<String> run = names.isEmpty() ? registry.names() : names;
    run.forEach(registry::variant); // an unknown name is bad input, before anything runs
    DemoRunner runner = new DemoRunner(spec.commandLine().getOut(), registry);
    return json ? runner.runJson(run) : runner.run(run);
  }
}
