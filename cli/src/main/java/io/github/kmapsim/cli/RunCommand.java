// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.scenario.RunSummary;
import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioException;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.StepResult;
import io.github.kmapsim.scenario.report.ChromeTrace;
import io.github.kmapsim.scenario.report.Json;
import io.github.kmapsim.scenario.report.RunJson;
import io.github.kmapsim.scenario.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kmapsim run SCENARIO}: runs a scenario file (docs/SCENARIOS.md) deterministically. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a scenario (docs/SCENARIOS.md) and prints each call with the events it caused (PTE"
          + " writes, TLB flushes, IPIs, context switches), the final state and the diagnostics.",
      "Exit 0 when the run went as the scenario expects (no diagnostic unless it says 'expect'),"
          + " 1 otherwise, 2 for bad input."
    })
final class RunCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private Plugins plugins;

  @Parameters(paramLabel = "SCENARIO", description = "The scenario file (.ksim).")
  private Path file;

  @Option(names = "--json", description = "Print a machine-readable result instead of the log.")
  private boolean json;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Also write a Chrome trace-event JSON (Perfetto, chrome://tracing).")
  private Path traceFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (PluginJars jars = plugins.load(spec)) {
      String name = file.toString();
      ScenarioRun run;
      try {
        Scenario scenario = Scenario.parse(Scenario.lines(Files.readAllBytes(file)),
            jars.registry(), null);
        if (scenario.concurrent()) {
          Scenario.Program p = scenario.programs().get(0);
          throw new ScenarioException(p.line(), 1, "'" + p.name() + "' has a program: a"
              + " concurrent scenario has many schedules; 'kmapsim explore " + name
              + "' runs them");
        }
        run = ScenarioRun.boot(scenario, String.valueOf(file.getFileName()));
      } catch (NoSuchFileException e) {
        err.println("kmapsim: " + name + ": no such file");
        return ExitCodes.BAD_INPUT;
      } catch (ScenarioException e) {
        err.println(e.format(name));
        return ExitCodes.BAD_INPUT;
      } catch (IOException e) {
        err.println("kmapsim: " + name + ": cannot read: " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      return run(run, name, out);
    }
  }

  private int run(ScenarioRun run, String name, PrintWriter out) throws IOException {
    ChromeTrace trace = traceFile == null ? null : new ChromeTrace();
    if (trace != null) {
      run.machine().addListener(trace);
      trace.start(run.machine());
    }
    RunReport report = new RunReport(out);
    if (!json) {
      report.header(String.valueOf(file.getFileName()), run.machine());
    }
    List<StepResult> results = new ArrayList<>();
    run.runAll(r -> {
      results.add(r);
      if (!json) {
        report.step(r);
      }
      if (trace != null) {
        trace.tick(run.machine());
      }
    });
    RunSummary summary = run.summary();
    int code = summary.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    if (trace != null) {
      trace.write(traceFile);
    }
    if (json) {
      out.println(Json.of(RunJson.of(name, run, results, summary, code)));
    } else {
      report.summary(run, summary);
    }
    return code;
  }
}
