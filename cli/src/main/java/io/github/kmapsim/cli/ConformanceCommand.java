// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.conformance.Stage;
import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.scenario.report.Json;
import io.github.kmapsim.spi.ArchVariant;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kmapsim conformance [--arch NAME]... [--plugin JAR]... [--stage NAME]...}: the
 * conformance kit ({@code ConformanceKit}) on every discovered variant, or on the named ones and
 * those of plugin jars, as a matrix of rules by variants; every rule, or those of the named stages
 * ({@code layout}, {@code pte}, {@code hooks}, {@code behaviour}, {@code vectors}). Every name and
 * jar is checked before anything runs.
 */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs the conformance kit (the rules of docs/PORTING.md) on every discovered"
          + " architecture variant, or on the named ones and the variants of plugin jars, and"
          + " prints a matrix of rules by variants (pass; FAIL; warn for an optional rule; n/a"
          + " where the variant lacks what the rule is about), then each failure in full with"
          + " what to check."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every variant passed every required rule",
      "1:some variant failed a required rule",
      "2:bad input (unknown variant, unusable plugin jar, report directory missing)"
    })
final class ConformanceCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--arch", paramLabel = "NAME", split = ",",
      description = "Variant(s) to check, built in or from a --plugin jar (default: every"
          + " discovered variant, or only the plugins' variants with --plugin).")
  private List<String> arches = new ArrayList<>();

  @Mixin private Plugins plugins;

  @Option(names = "--stage", paramLabel = "NAME", split = ",",
      description = "Run only the rules of these stages, in the order a port is written:"
          + " layout, pte, hooks, behaviour, vectors (default: every stage).")
  private List<String> stageNames = new ArrayList<>();

  @Option(names = "--junit-xml", paramLabel = "FILE",
      description = "Also write a JUnit XML report: a testsuite per variant, a testcase per"
          + " rule (an optional rule that failed, or one that is n/a, is skipped).")
  private Path junitXml;

  @Option(names = "--json",
      description = "Print one JSON object instead of the matrix: variants, checks, results,"
          + " passed.")
  private boolean json;

  @Override
  public Integer call() {
    try (PluginJars jars = plugins.load(spec)) {
      List<ArchVariant> variants = select(jars);
      Stage[] stages = stages();
      checkReportDirectory();
      ConformanceRun run = ConformanceRun.of(variants, stages);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.of(run.json()));
      } else {
        new ConformanceMatrix(run).print(out);
      }
      if (junitXml != null) {
        writeJunitXml(run);
      }
      return run.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /**
   * The variants to check: the named ones (built in or from a plugin), else the plugins', else
   * every discovered one.
   */
  private List<ArchVariant> select(PluginJars jars) {
    ArchRegistry registry = jars.registry();
    if (arches.isEmpty()) {
      return plugins.any() ? jars.pluginVariants()
          : registry.names().stream().map(registry::variant).toList();
    }
    return new LinkedHashSet<>(arches).stream().map(registry::variant).toList();
  }

  private Stage[] stages() {
    List<Stage> stages = new ArrayList<>();
    for (String name : stageNames) {
      try {
        stages.add(Stage.of(name));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--stage: " + e.getMessage());
      }
    }
    return stages.toArray(Stage[]::new);
  }

  private void checkReportDirectory() {
    if (junitXml == null) {
      return;
    }
    Path dir = junitXml.toAbsolutePath().getParent();
    String problem = Files.isDirectory(junitXml) ? "is a directory"
        : dir == null || !Files.isDirectory(dir) ? "no such directory " + dir : null;
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), "--junit-xml " + junitXml + ": " + problem);
    }
  }

  private void writeJunitXml(ConformanceRun run) {
    try {
      new JunitXmlReport(run).write(junitXml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + junitXml, e);
    }
  }
}
