// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.List;
import java.util.Objects;

/**
 * One reported problem: what happened, on which CPU and task, in which context, and the task's
 * held kmaps at that moment (top of stack last), and the sites of the mappings involved.
 *
 * @param code the stable diagnostic code
 * @param cpu the CPU the problem happened on, or -1 when no CPU is involved
 * @param task the name of the task involved, or {@code ""}
 * @param context the CPU's context at the time
 * @param message the kernel-style message
 * @param heldMaps the task's live local kmaps, one line each ({@code "slot 0: 0xfffba000 -> pfn
 *     0x40000"}), bottom of the stack first
 * @param sites where the mappings involved were made, undone and used ({@link Site}), in that
 *     order; empty when no site is known
 */
public record Diagnostic(DiagnosticCode code, int cpu, String task, Context context, String message,
    List<String> heldMaps, List<Site> sites) {

  /** Checks the fields and copies the lists. */
  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(message, "message");
    heldMaps = List.copyOf(heldMaps);
    sites = List.copyOf(sites);
  }

  /** A diagnostic without sites. */
  public Diagnostic(DiagnosticCode code, int cpu, String task, Context context, String message,
      List<String> heldMaps) {
    this(code, cpu, task, context, message, heldMaps, List.of());
  }

  /** The severity of {@link #code()}. */
  public Severity severity() {
    return code.severity();
  }

  /**
   * The diagnostic as the kernel log would show it, for example {@code "KMAP-W001 WARNING: CPU: 1
   * PID: task-a (task): kunmap_local(0xfffb9000) is not the top slot 0xfffb8000"}.
   */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(code.code()).append(' ');
    sb.append(switch (code.severity()) {
      case WARN -> "WARNING: ";
      case BUG -> "BUG: ";
      case REFUSED -> "refused: ";
    });
    if (cpu >= 0) {
      sb.append("CPU: ").append(cpu).append(' ');
    }
    if (!task.isEmpty()) {
      sb.append("task: ").append(task).append(' ');
    }
    if (cpu >= 0) {
      sb.append('(').append(context.name().toLowerCase(java.util.Locale.ROOT)).append(") ");
    }
    sb.append(message);
    for (String m : heldMaps) {
      sb.append("\n    held: ").append(m);
    }
    for (Site site : sites) {
      if (site.known()) {
        sb.append("\n    ").append(site);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
