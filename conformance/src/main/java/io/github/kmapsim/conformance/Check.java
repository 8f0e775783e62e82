// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One rule of the conformance kit: a stable id ({@code required_<stage>_...} or
 * {@code optional_<stage>_...}), the stage it belongs to, a one-line description, what to look at
 * when it fails, and the rules it depends on.
 *
 * @param id the stable rule id, such as {@code required_layout_slots_distinct}
 * @param severity whether a port must pass it
 * @param stage the family and stage of a port it checks
 * @param description one line, in kernel terms
 * @param hint "if this fails, check ..."
 * @param requires the ids of the rules it depends on: they run before it, and when one of them
 *     failed, this rule's failure names it as the place to start
 */
public record Check(String id, Severity severity, Stage stage, String description, String hint,
    List<String> requires) {

  /** Whether a port must pass a check. */
  public enum Severity {
    /** A port that fails it is broken. */
    REQUIRED,
    /** Recommended behaviour; a failure is a warning and does not fail the run. */
    OPTIONAL
  }

  /** Checks the fields: the id starts with its severity and its stage. */
  public Check {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(hint, "hint");
    requires = List.copyOf(requires);
    String prefix = severity.name().toLowerCase(Locale.ROOT) + "_" + stage.id() + "_";
    if (!id.startsWith(prefix)) {
      throw new IllegalArgumentException("rule id " + id + " must start with " + prefix);
    }
  }
}
