// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * The conformance kit as JUnit 5 dynamic tests: a third party's whole suite is one method.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> conformance() {
 *   return ConformanceTests.dynamicTests(new MyPlugin()); // every variant of the plugin
 * }
 * }</pre>
 *
 * Each rule is one test named {@code rule_id [variant]}: a failed required rule fails with
 * {@link CheckResult#format()}; a rule that does not apply, and a failed optional rule (a
 * warning), are skipped (aborted) with the reason. Naming stages runs only their rules
 * ({@link Stage}). The only class of the kit that needs JUnit on the class path.
 */
// DynamicTest is not re-exported: module-info requires JUnit static, for the kit runs without it.
@SuppressWarnings("exports")
public final class ConformanceTests {
  private ConformanceTests() {}

  /** The rules (of the named stages, or all) on one variant, in order. */
  public static Stream<DynamicTest> dynamicTests(ArchVariant variant, Stage... stages) {
    ConformanceKit kit = ConformanceKit.of(variant);
    if (ConformanceKit.rules(stages).isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("kit_ran_no_check", () -> {
        throw new AssertionError("the conformance kit ran no check");
      }));
    }
    return ConformanceKit.rules(stages).stream().map(rule -> DynamicTest.dynamicTest(
        rule.check().id() + " [" + variant.name() + "]", () -> {
          CheckResult r = kit.result(rule);
          if (!r.passed() && rule.check().severity() == Check.Severity.REQUIRED) {
            throw new AssertionError(r.format());
          }
          if (!r.passed() || r.outcome() == CheckResult.Outcome.NOT_APPLICABLE) {
            Assumptions.abort(r.format()); // skipped with the reason: n/a, or an optional warning
          }
        }));
  }

  /** {@link #dynamicTests(ArchVariant, Stage...)} for a discovered variant. */
  public static Stream<DynamicTest> dynamicTests(String variantName, Stage... stages) {
    return dynamicTests(KmapSim.variant(variantName), stages);
  }

  /** The rules on every variant of a plugin, one container per variant. */
  public static Stream<DynamicNode> dynamicTests(ArchPlugin plugin, Stage... stages) {
    if (plugin.variants().isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("plugin_has_no_variant", () -> {
        throw new AssertionError(plugin.id() + " offers no variant to check");
      }));
    }
    return plugin.variants().stream().map(v ->
        DynamicContainer.dynamicContainer(v.name(), dynamicTests(v, stages)));
  }
}
