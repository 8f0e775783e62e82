// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioException;
import io.github.kmapsim.scenario.explore.ConvertCheck;
import io.github.kmapsim.scenario.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kmapsim convert-check SCENARIO}: for each kmap_atomic site, whether converting it to
 * kmap_local is safe ({@link ConvertCheck}).
 */
@Command(
    name = "convert-check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "For each kmap_atomic site of a scenario, explores the scenario as written and with that"
          + " site converted to kmap_local_page (its kunmap_atomic to kunmap_local), and says"
          + " whether the conversion is safe, or unsafe and why (per-cpu, user-copy, data,"
          + " diagnostic) with a sequential scenario that 'kmapsim run' replays and fails;"
          + " and whether the site is already unsafe on PREEMPT_RT as written (docs/CONVERT.md).",
      "Exit 0 when every site is safe, 1 otherwise, 2 for bad input."
    })
final class ConvertCheckCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private Plugins plugins;

  @Parameters(paramLabel = "FILE", description = "The scenario (.ksim).")
  private Path file;

  @Mixin private ScheduleOptions schedules;





  @Option(names = "--reproducers", paramLabel = "DIR", description = "Write each unsafe site's"
      + " reproducer to DIR/NAME-LINE.ksim (and -rt.ksim) instead of printing it.")
  private Path reproducers;

  @Option(names = "--json", description = "Print one JSON object (docs/CONVERT.md).")
  private boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!schedules.valid()) {
      throw new ParameterException(spec.commandLine(), "--bound and --random must be at least"
          + " 0, --jobs at least 1; got " + schedules.given());
    }
    String name = file.toString();
    try (PluginJars jars = plugins.load(spec)) {
      List<String> lines;
      ConvertCheck.Report report;
      try {
        lines = Scenario.lines(Files.readAllBytes(file));
        report = ConvertCheck.check(lines, name, l -> Scenario.parse(l, jars.registry(), null),
            schedules.options());
      } catch (NoSuchFileException e) {
        err.println("kmapsim: " + name + ": no such file");
        return ExitCodes.BAD_INPUT;
      } catch (ScenarioException e) {
        err.println(e.format(name));
        return ExitCodes.BAD_INPUT;
      }
      return print(report, out);
    }
  }

  private int print(ConvertCheck.Report r, PrintWriter out) throws IOException {
    int code = r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    if (json) {
      out.println(Json.of(r.json()));
      return code;
    }
    out.printf("convert-check %s: %d kmap_atomic site%s, %s%n", r.scenario(),
        r.verdicts().size(), r.verdicts().size() == 1 ? "" : "s", r.options().random() > 0
            ? r.options().random() + " random schedules each (seed " + r.options().seed()
                + ", bound " + r.options().bound() + ")"
            : "every schedule with up to " + r.options().bound()
                + " preemptions/interrupts/migrations");
    out.printf("schedules: %d in all (original %d with %d failure%s, PREEMPT_RT %d), %.3f s%n",
        r.schedules(), r.original().schedules(), r.original().failures().size(),
        r.original().failures().size() == 1 ? "" : "s", r.rt().schedules(), r.seconds());
    for (ConvertCheck.Verdict v : r.verdicts()) {
      ConvertCheck.Site s = v.site();
      out.printf("%s (%s = %s, unmapped at line %s): %s%s, %d schedules converted%n",
          s.where(), s.name(), s.call(), s.unmapLine() == 0 ? "none" : s.unmapLine(),
          v.safe() ? "safe" : "unsafe", v.safe() ? "" : " (" + v.reason().word() + ")",
          v.schedules());
      if (!v.safe()) {
        out.println("   " + v.failure().key());
        v.failure().message().lines().forEach(l -> out.println("   " + l));
        reproducer(r, s, "", v.failure().reproducer(), out);
      }
      out.println("   PREEMPT_RT as written: " + (v.unsafeOnRt() ? "unsafe ("
          + v.rtFailure().key() + ")" : "safe"));
      if (v.unsafeOnRt()) {
        reproducer(r, s, "-rt", v.rtFailure().reproducer(), out);
      }
    }
    return code;
  }

  private void reproducer(ConvertCheck.Report r, ConvertCheck.Site s, String suffix,
      String text, PrintWriter out) throws IOException {
    if (reproducers != null) {
      Files.createDirectories(reproducers);
      String base = Path.of(r.scenario()).getFileName().toString().replaceFirst("\\.ksim$", "");
      Path p = reproducers.resolve(base + "-" + s.line() + suffix + ".ksim");
      Files.writeString(p, text, StandardCharsets.UTF_8);
      out.println("   reproducer: " + p + " (kmapsim run " + p + ")");
    } else {
      out.println("   reproducer (kmapsim run it; --reproducers DIR writes it to a file):");
      text.lines().forEach(l -> out.println("   | " + l));
    }
  }
}
