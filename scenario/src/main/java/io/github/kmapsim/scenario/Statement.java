// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import java.util.List;
import java.util.StringJoiner;

/**
 * One step of a scenario: a {@link Verb} with its typed arguments, on a CPU ({@code cpu >= 0}) or
 * on the machine ({@code cpu == -1}: migrate, fork, exit, wake, io_mapping_create_wc, ...).
 *
 * @param line the 1-based source line, or 0 for a statement made by a program
 * @param text the statement as the log shows it: as written (after {@code cpuN:}); for a
 *     statement made by a program, null, and {@link #text()} renders it when asked
 * @param cpu the CPU the call runs on, or -1
 * @param result the name the returned address (or io_mapping) is bound to, or null
 * @param verb the call
 * @param args its arguments, as {@link Verb#syntax()} lists them ({@code read}'s expected value
 *     last when given)
 */
public record Statement(int line, String text, int cpu, String result, Verb verb, List<Arg> args) {
  public Statement {
    args = List.copyOf(args);
  }

  /** A statement made by a program (no source line): its text is rendered when asked. */
  public static Statement of(int cpu, String result, Verb verb, Arg... args) {
    return new Statement(0, null, cpu, result, verb, List.of(args));
  }

  /** The statement as written after {@code cpuN:}, or as {@link #render()} writes that part. */
  @Override
  public String text() {
    return text != null ? text : call(result, verb, args);
  }

  /** A machine-level statement made by a program. */
  public static Statement machine(String result, Verb verb, Arg... args) {
    return of(-1, result, verb, args);
  }

  /** The same statement made on {@code cpu}: a program's step where its task runs now. */
  public Statement on(int cpu) {
    return cpu == this.cpu || this.cpu < 0 ? this : new Statement(line, text, cpu, result, verb,
        args);
  }

  /** Argument {@code i}. */
  public Arg arg(int i) {
    return args.get(i);
  }

  /** The statement as a line of a scenario file: {@code cpu0: a = kmap_local_page highmem+1}. */
  public String render() {
    String call = call(result, verb, args);
    return cpu < 0 ? call : "cpu" + cpu + ": " + call;
  }

  private static String call(String result, Verb verb, List<Arg> args) {
    StringJoiner sb = new StringJoiner(" ");
    if (result != null) {
      sb.add(result).add("=");
    }
    sb.add(verb.callName());
    for (int i = 0; i < args.size(); i++) {
      if (verb.takesExpect() && i == verb.syntax().length()) {
        sb.add("expect");
      }
      sb.add(args.get(i).toString());
    }
    return sb.toString();
  }
}
