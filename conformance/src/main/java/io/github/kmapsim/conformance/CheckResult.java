// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one {@link Check} on one variant.
 *
 * @param check the rule
 * @param variant the variant name
 * @param outcome whether the rule held, failed, or does not apply to the variant
 * @param diagnostic on failure: what was expected, what the plugin did, on which CPU, slot and
 *     address; on success a short summary of what was checked; when not applicable, why
 * @param failedPrerequisites the rules this one depends on ({@link Check#requires}, directly or
 *     through others) that failed in the same run while none of their own prerequisites did: the
 *     place to start, since their mistake may be this failure's cause
 */
public record CheckResult(Check check, String variant, Outcome outcome, String diagnostic,
    List<String> failedPrerequisites) {

  /** What became of a rule on a variant. */
  public enum Outcome {
    /** The rule held. */
    PASSED,
    /** The rule did not hold: {@link CheckResult#diagnostic()} says how. */
    FAILED,
    /**
     * The variant lacks what the rule is about (a VIVT rule on a physical cache, a colour rule
     * with one colour, a vector rule without reference vectors); nothing was checked and nothing
     * failed.
     */
    NOT_APPLICABLE
  }

  /** Checks the fields. */
  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(diagnostic, "diagnostic");
    failedPrerequisites = List.copyOf(failedPrerequisites);
  }

  /** Whether the rule did not fail (it held, or does not apply). */
  public boolean passed() {
    return outcome != Outcome.FAILED;
  }

  /**
   * One line: {@code FAIL required_x [variant]: diagnostic -- if this fails, check ...}; when a
   * rule it depends on failed, {@code -- see required_y first (this rule depends on it); then
   * check ...}; {@code PASS} or {@code N/A} with the summary.
   */
  public String format() {
    String head = switch (outcome) {
      case PASSED -> "PASS ";
      case FAILED -> "FAIL ";
      case NOT_APPLICABLE -> "N/A ";
    };
    String tail = "";
    if (!passed()) {
      tail = failedPrerequisites.isEmpty()
          ? " -- if this fails, check " + check.hint()
          : " -- see " + String.join(" and ", failedPrerequisites) + " first (this rule depends"
              + " on " + (failedPrerequisites.size() == 1 ? "it" : "them") + "); then check "
              + check.hint();
    }
    return head + check.id() + " [" + variant + "]: " + diagnostic + tail;
  }
}
