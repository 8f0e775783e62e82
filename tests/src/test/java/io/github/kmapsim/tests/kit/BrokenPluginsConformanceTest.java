// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.CheckResult;
import io.github.kmapsim.conformance.ConformanceKit;
import io.github.kmapsim.conformance.ConformanceTests;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The kit fails every deliberately broken port, on the rule that names its mistake. */
class BrokenPluginsConformanceTest {

  static Stream<BrokenPlugins.Case> broken() {
    return BrokenPlugins.all().stream();
  }

  @Test
  void atLeastTwelveDistinctMistakes() {
    List<BrokenPlugins.Case> all = BrokenPlugins.all();
    assertTrue(all.size() >= 12, "only " + all.size() + " broken ports");
    assertTrue(all.stream().map(c -> c.variant().name()).distinct().count() == all.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void theKitFailsTheRuleNamingTheMistake(BrokenPlugins.Case c) {
    List<CheckResult> results = ConformanceKit.of(c.variant()).run();
    String failed = results.stream().filter(r -> !r.passed()).map(CheckResult::format)
        .collect(Collectors.joining("\n"));
    assertFalse(ConformanceKit.passed(results), c + " passed the kit");
    CheckResult named = results.stream().filter(r -> r.check().id().equals(c.expectedRule()))
        .findFirst().orElseThrow();
    assertFalse(named.passed(), () -> c + ": expected " + c.expectedRule()
        + " to fail; failures were:\n" + failed);
    assertFalse(named.diagnostic().isBlank());
  }

  /** Through the JUnit adapter the same rule is a failing dynamic test. */
  @Test
  void theDynamicTestOfTheNamedRuleFails() {
    BrokenPlugins.Case c = BrokenPlugins.all().get(0);
    List<DynamicTest> tests = ConformanceTests.dynamicTests(c.variant()).toList();
    assertEquals(ConformanceKit.checks().size(), tests.size());
    DynamicTest t = tests.stream()
        .filter(d -> d.getDisplayName().startsWith(c.expectedRule() + " ")).findFirst()
        .orElseThrow();
    AssertionError e = assertThrows(AssertionError.class, () -> t.getExecutable().execute());
    assertTrue(e.getMessage().contains("post_unmap did not flush"), e.getMessage());
  }
}
