// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import java.util.Objects;

/**
 * One rule of the conformance kit: a stable id ({@code required_...} or {@code optional_...}),
 * a one-line description and what to look at when it fails.
 *
 * @param id the stable rule id, such as {@code required_layout_slots_distinct}
 * @param severity whether a port must pass it
 * @param description one line, in kernel terms
 * @param hint "if this fails, check ..."
 */
public record Check(String id, Severity severity, String description, String hint) {

  /** Whether a port must pass a check. */
  public enum Severity {
    /** A port that fails it is broken. */
    REQUIRED,
    /** Recommended behaviour; a failure is reported but does not fail the run. */
    OPTIONAL
  }

  /** Checks the fields. */
  public Check {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(hint, "hint");
    if (!id.startsWith(severity.name().toLowerCase(java.util.Locale.ROOT) + "_")) {
      throw new IllegalArgumentException("rule id " + id + " must start with its severity");
    }
  }
}
