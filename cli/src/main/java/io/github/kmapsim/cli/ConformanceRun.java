// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.scenario.report.Json;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.conformance.Check;
import io.github.kmapsim.conformance.CheckResult;
import io.github.kmapsim.conformance.ConformanceKit;
import io.github.kmapsim.conformance.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The conformance kit run on several variants: one {@link CheckResult} per rule and variant, in
 * the kit's rule order, the way {@code ConformanceKit.dynamicTests} runs one variant.
 *
 * @param checks the kit's rules
 * @param results per variant name, in the order run
 */
record ConformanceRun(List<Check> checks, Map<String, List<CheckResult>> results) {

  static ConformanceRun of(List<ArchVariant> variants) {
    return of(variants, new Stage[0]);
  }

  /** The rules of some stages ({@link ConformanceKit#run(Stage...)}); every rule when none. */
  static ConformanceRun of(List<ArchVariant> variants, Stage... stages) {
    Map<String, List<CheckResult>> results = new LinkedHashMap<>();
    for (ArchVariant v : variants) {
      results.put(v.name(), ConformanceKit.of(v).run(stages));
    }
    return new ConformanceRun(ConformanceKit.checks(stages), results);
  }

  List<String> variants() {
    return List.copyOf(results.keySet());
  }

  /** Every variant passed ({@link ConformanceKit#passed}), and there was one to check. */
  boolean passed() {
    return !results.isEmpty() && results.values().stream().allMatch(ConformanceKit::passed);
  }

  /** The failed results, required and optional, variant by variant. */
  List<CheckResult> failures() {
    return results.values().stream().flatMap(List::stream).filter(r -> !r.passed()).toList();
  }

  static boolean required(CheckResult r) {
    return r.check().severity() == Check.Severity.REQUIRED;
  }

  /** The {@code --json} document; keys in a fixed order. */
  Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("variants", variants());
    doc.put("checks", checks.stream().map(c -> Json.object("id", c.id(),
        "severity", c.severity().name().toLowerCase(Locale.ROOT),
        "description", c.description(), "hint", c.hint())).toList());
    doc.put("results", results.values().stream().flatMap(List::stream).map(r -> Json.object(
        "variant", r.variant(), "check", r.check().id(), "passed", r.passed(),
        "outcome", r.outcome().name().toLowerCase(Locale.ROOT),
        "message", r.diagnostic())).toList());
    doc.put("passed", passed());
    return doc;
  }
}
