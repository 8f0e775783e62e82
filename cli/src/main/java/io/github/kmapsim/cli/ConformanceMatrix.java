// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.conformance.Check;
import io.github.kmapsim.conformance.CheckResult;
import java.io.PrintWriter;
import java.util.List;

/**
 * The text report of a {@link ConformanceRun}: a matrix with one row per rule (the
 * {@code required_} prefix dropped, {@code optional_} kept) and one column per variant, cells
 * {@code pass}, {@code FAIL}, {@code warn} (an optional rule that failed) or {@code n/a} (the
 * variant lacks what the rule is about); then every failure in full ({@link CheckResult#format()}:
 * what was expected, what the plugin did, what to check); then one summary line.
 */
final class ConformanceMatrix {
  private static final String REQUIRED_PREFIX = "required_";

  private final ConformanceRun run;

  ConformanceMatrix(ConformanceRun run) {
    this.run = run;
  }

  void print(PrintWriter out) {
    List<String> variants = run.variants();
    int rowWidth = "rule".length();
    for (Check c : run.checks()) {
      rowWidth = Math.max(rowWidth, rowName(c).length());
    }
    StringBuilder header = new StringBuilder(pad("rule", rowWidth));
    for (String v : variants) {
      header.append("  ").append(pad(v, width(v)));
    }
    out.println(header.toString().stripTrailing());
    for (int i = 0; i < run.checks().size(); i++) {
      StringBuilder row = new StringBuilder(pad(rowName(run.checks().get(i)), rowWidth));
      for (String v : variants) {
        row.append("  ").append(pad(cell(run.results().get(v).get(i)), width(v)));
      }
      out.println(row.toString().stripTrailing());
    }
    List<CheckResult> failures = run.failures();
    if (!failures.isEmpty()) {
      out.println();
      out.println("Failures:");
      failures.forEach(r -> out.println(r.format()));
    }
    out.println();
    out.println(summary());
  }

  /**
   * {@code 7 variants, 18 checks: all passed (13 n/a)} or {@code 2 of 9 variants failed 3
   * checks}.
   */
  String summary() {
    List<CheckResult> failures = run.failures();
    long failed = failures.stream().filter(ConformanceRun::required).count();
    long warned = failures.size() - failed;
    String warnings = warned == 0 ? "" : ", " + count(warned, "optional check") + " warned";
    int variants = run.variants().size();
    if (variants == 0) {
      return "no variant to check";
    }
    if (run.passed()) {
      long moot = run.results().values().stream().flatMap(List::stream)
          .filter(r -> r.outcome() == CheckResult.Outcome.NOT_APPLICABLE).count();
      return count(variants, "variant") + ", " + count(run.checks().size(), "check")
          + ": all passed" + (moot == 0 ? "" : " (" + moot + " n/a)") + warnings;
    }
    long failedVariants = run.results().values().stream()
        .filter(rs -> rs.stream().anyMatch(r -> !r.passed() && ConformanceRun.required(r)))
        .count();
    return failedVariants + " of " + count(variants, "variant") + " failed "
        + count(failed, "check") + warnings;
  }

  private static String rowName(Check c) {
    return c.id().startsWith(REQUIRED_PREFIX) ? c.id().substring(REQUIRED_PREFIX.length())
        : c.id();
  }

  private static String cell(CheckResult r) {
    return switch (r.outcome()) {
      case PASSED -> "pass";
      case NOT_APPLICABLE -> "n/a";
      case FAILED -> ConformanceRun.required(r) ? "FAIL" : "warn";
    };
  }

  private static int width(String variant) {
    return Math.max(variant.length(), "pass".length());
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
