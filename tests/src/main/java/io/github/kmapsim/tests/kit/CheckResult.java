package io.github.kmapsim.tests.kit;

import java.util.Objects;

/**
 * The outcome of one {@link Check} on one variant.
 *
 * @param check the rule
 * @param variant the variant name
 * @param passed whether the rule held
 * @param diagnostic on failure: what was expected, what the plugin did, on which CPU, slot and
 *     address; on success a short summary of what was checked
 */
public record CheckResult(Check check, String variant, boolean passed, String diagnostic) {

  /** Checks the fields. */
  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(diagnostic, "diagnostic");
  }

  /** One line: {@code FAIL required_x [variant]: diagnostic (if this fails, check ...)}. */
  public String format() {
    return (passed ? "PASS " : "FAIL ") + check.id() + " [" + variant + "]: " + diagnostic
        + (passed ? "" : " -- if this fails, check " + check.hint());
  }
}
