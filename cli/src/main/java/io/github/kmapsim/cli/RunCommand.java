// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.Machine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
      "Exit 0 when clean, 1 when the kernel reported WARN/BUG/refusals, 2 for bad input."
    })
final class RunCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "SCENARIO", description = "The scenario file (.ksim).")
  private Path file;

  @Option(names = "--json", description = "Print a machine-readable result instead of the log.")
  private boolean json;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Also write a Chrome trace-event JSON (Perfetto, chrome://tracing).")
  private Path traceFile;

  /**
   * The lines of a scenario file, which must be UTF-8 text: the first byte that is not is bad
   * input at its line and column (a binary file, a Latin-1 file).
   */
  static List<String> lines(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      int bad = in.position();
      out.flip();
      String before = out.toString();
      int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
      int column = before.length() - before.lastIndexOf('\n');
      throw new ScenarioException(line, column, String.format(
          "not UTF-8 text: byte 0x%02x cannot start or continue a character (a binary file?)",
          bytes[bad] & 0xff));
    }
    out.flip();
    return out.toString().lines().toList();
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = file.toString();
    List<String> lines;
    try {
      lines = lines(Files.readAllBytes(file));
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
    ChromeTrace trace = new ChromeTrace();
    ScenarioRunner runner;
    Machine m;
    try {
      runner = new ScenarioRunner(new ScenarioParser().parse(lines),
          traceFile == null ? null : trace);
      m = runner.boot();
    } catch (ScenarioException e) {
      err.println(e.format(name));
      return ExitCodes.BAD_INPUT;
    }
    List<String> idle = new ArrayList<>();
    for (int i = 0; i < m.nrCpus(); i++) {
      idle.add(m.cpu(i).current().name());
    }
    RunReport report = new RunReport(out);
    if (!json) {
      report.header(String.valueOf(file.getFileName()), m);
    }
    List<StepResult> results = runner.run(json ? r -> { } : report::step);
    List<String> violations =
        m.checkInvariants().stream().map(InvariantViolation::format).toList();
    boolean failed = !m.diagnostics().isEmpty() || !violations.isEmpty()
        || results.stream().anyMatch(StepResult::failed);
    int code = failed ? ExitCodes.FAILED : ExitCodes.OK;
    if (traceFile != null) {
      trace.write(traceFile);
    }
    if (json) {
      out.println(RunJson.of(name, m, results, runner.bindings(), idle, violations, code));
    } else {
      report.summary(m, runner.bindings(), idle, violations, results);
    }
    return code;
  }
}
