// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.conformance.CheckResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link ConformanceRun} as a JUnit XML report, the format of Surefire's {@code TEST-*.xml}
 * that CI servers read: {@code <testsuites>}, one {@code <testsuite>} per variant named
 * {@code kmapsim.conformance.VARIANT}, one {@code <testcase>} per rule (classname the variant,
 * name the rule id). A failed required rule has a {@code <failure>} with
 * {@link CheckResult#format()}; a failed optional rule, or one that does not apply to the
 * variant, is {@code <skipped>} with the same text, so CI shows it without failing the build; a
 * passed rule's summary is its {@code <system-out>}.
 */
final class JunitXmlReport {
  private final ConformanceRun run;

  JunitXmlReport(ConformanceRun run) {
    this.run = run;
  }

  void write(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(xml());
    }
  }

  String xml() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    List<CheckResult> all = run.results().values().stream().flatMap(List::stream).toList();
    sb.append("<testsuites name=\"kmapsim.conformance\"").append(counts(all)).append(">\n");
    run.results().forEach((variant, results) -> {
      sb.append("  <testsuite name=\"kmapsim.conformance.").append(escape(variant)).append('"')
          .append(counts(results)).append(">\n");
      results.forEach(r -> testcase(sb, r));
      sb.append("  </testsuite>\n");
    });
    return sb.append("</testsuites>\n").toString();
  }

  private static void testcase(StringBuilder sb, CheckResult r) {
    sb.append("    <testcase classname=\"").append(escape(r.variant())).append("\" name=\"")
        .append(escape(r.check().id())).append("\">");
    boolean ran = r.outcome() == CheckResult.Outcome.PASSED;
    String element = ran ? "system-out" : skipped(r) ? "skipped" : "failure";
    String text = ran ? r.diagnostic() : r.format();
    sb.append('<').append(element);
    if (!ran) {
      sb.append(" message=\"").append(escape(text)).append('"');
    }
    sb.append('>').append(escape(text)).append("</").append(element).append(">")
        .append("</testcase>\n");
  }

  /** Not applicable, or a failed optional rule: shown in CI without failing it. */
  private static boolean skipped(CheckResult r) {
    return r.outcome() == CheckResult.Outcome.NOT_APPLICABLE
        || !r.passed() && !ConformanceRun.required(r);
  }

  private static String counts(List<CheckResult> results) {
    long failures = results.stream().filter(r -> !r.passed() && ConformanceRun.required(r))
        .count();
    long skipped = results.stream().filter(JunitXmlReport::skipped).count();
    return " tests=\"" + results.size() + "\" failures=\"" + failures + "\" errors=\"0\""
        + " skipped=\"" + skipped + "\"";
  }

  /**
   * Text for an attribute or element: markup characters as entities, line breaks as character
   * references, and the control characters XML 1.0 forbids as U+FFFD.
   */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        case '\n' -> sb.append("&#10;");
        case '\r' -> sb.append("&#13;");
        case '\t' -> sb.append("&#9;");
        default -> sb.append(c < 0x20 || c == 0xfffe || c == 0xffff ? '\ufffd' : c);
      }
    }
    return sb.toString();
  }
}
