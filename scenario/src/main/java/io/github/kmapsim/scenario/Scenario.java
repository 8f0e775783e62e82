// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.spi.ArchVariant;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A parsed scenario (docs/SCENARIOS.md): the machine, its tasks, the statements in file order,
 * the pages it names (checked against the machine once it is built) and the diagnostics it
 * expects. {@link #parse} reads one; {@link ScenarioRun#boot} runs it.
 *
 * @param variant the architecture variant the machine runs
 * @param config the machine configuration
 * @param machineLine the line of the {@code machine} statement
 * @param tasks the declared tasks
 * @param statements the steps, in file order
 * @param pages where pages are named
 * @param expected the diagnostics the scenario expects ({@code expect CODE [COUNT]})
 * @param programs the programs of tasks and interrupt handlers ({@code NAME: call}), in the order
 *     first declared: a concurrent scenario, whose schedules {@code kmapsim explore} chooses; the
 *     {@code statements} are then a fixed prologue run before them
 */
public record Scenario(ArchVariant variant, MachineConfig config, int machineLine, List<TaskDecl> tasks,
    List<Statement> statements, List<PageRef> pages, List<Expected> expected,
    List<Program> programs) {
  public Scenario {
    tasks = List.copyOf(tasks);
    statements = List.copyOf(statements);
    pages = List.copyOf(pages);
    expected = List.copyOf(expected);
    programs = List.copyOf(programs);
  }

  /**
   * A task's program or an interrupt handler's body ({@code irq NAME cpu=N}): statements whose
   * CPU is the one the task runs on when the explorer runs them (the home CPU until then), or the
   * handler's CPU. A handler's body runs between {@code irq_enter} and {@code irq_exit}, at most
   * once per schedule, where the CPU has interrupts enabled.
   *
   * @param name the task's or the handler's name
   * @param irq whether it is an interrupt handler
   * @param cpu the task's home CPU, or the CPU the handler fires on
   * @param line where it is declared (the handler's {@code irq} line, the task's first statement)
   * @param body the statements, in file order
   */
  public record Program(String name, boolean irq, int cpu, int line, List<Statement> body) {
    public Program {
      body = List.copyOf(body);
    }
  }

  /** Whether the scenario gives tasks or interrupt handlers programs to interleave. */
  public boolean concurrent() {
    return !programs.isEmpty();
  }

  /** {@code task NAME cpu=N} at {@code line}; {@code cpuColumn} locates N. */
  public record TaskDecl(String name, int cpu, int line, int cpuColumn) {}

  /** A page named as {@code page} at {@code line}:{@code column}, {@code count} pages from it. */
  public record PageRef(Arg.PageArg page, Arg.Count count, int line, int column) {}

  /** {@code expect CODE [COUNT]}: the run reports {@code code} exactly {@code count} times. */
  public record Expected(DiagnosticCode code, int count, int line) {}

  /**
   * Parses the text of a scenario; its variant is one of the discovered ones.
   *
   * @throws ScenarioException at the first problem, with its line and column
   */
  public static Scenario parse(List<String> lines) {
    return new ScenarioParser(ArchRegistry.discover(), null).parse(lines);
  }

  /**
   * Parses a scenario whose variant is one of {@code variants} (plugins loaded at run time, a
   * port under test) and, when {@code runOn} is not null, runs it on that variant instead of the
   * one its {@code machine} line names (or when it names none), with at most the variant's
   * NR_CPUS: how one arch-independent scenario runs on every variant.
   *
   * @throws ScenarioException at the first problem, with its line and column
   */
  public static Scenario parse(List<String> lines, ArchRegistry variants, String runOn) {
    return new ScenarioParser(variants, runOn).parse(lines);
  }

  /**
   * The lines of a scenario file, which must be UTF-8 text.
   *
   * @throws ScenarioException at the line and column of the first byte that is not UTF-8 (a
   *     binary file, a Latin-1 file)
   */
  public static List<String> lines(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    out.flip();
    String text = out.toString();
    if (r.isError()) {
      int line = 1 + (int) text.chars().filter(c -> c == '\n').count();
      int column = text.length() - text.lastIndexOf('\n');
      throw new ScenarioException(line, column, String.format(
          "not UTF-8 text: byte 0x%02x cannot start or continue a character (a binary file?)",
          bytes[in.position()] & 0xff));
    }
    return text.lines().toList();
  }

  /**
   * A memory size as the kernel's {@code memparse()} reads {@code mem=}: bytes with an optional
   * binary suffix K, M, G or T ({@code 896M}, {@code 2G}).
   *
   * @throws IllegalArgumentException with the reason, for anything else
   */
  public static long memparse(String size) {
    return ScenarioValues.memparse(size);
  }
}
