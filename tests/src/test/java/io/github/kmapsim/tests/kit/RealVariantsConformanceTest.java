package io.github.kmapsim.tests.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.core.KmapSim;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The kit passes every real variant; its rules are well formed. */
class RealVariantsConformanceTest {

  static final List<String> REAL =
      List.of("x86", "x86-pae", "arm", "arm-vivt", "arm-lpae", "mips", "mips-16k");

  static Stream<String> real() {
    assertTrue(KmapSim.variantNames().containsAll(REAL), KmapSim.variantNames()::toString);
    return REAL.stream();
  }

  @ParameterizedTest
  @MethodSource("real")
  void everyRequiredRulePasses(String variant) {
    List<CheckResult> results = ConformanceKit.forVariant(variant).run();
    assertEquals(ConformanceKit.checks().size(), results.size());
    assertTrue(ConformanceKit.passed(results), () -> String.join("\n",
        results.stream().filter(r -> !r.passed()).map(CheckResult::format).toList()));
  }

  /** What a third party writes: one line. */
  @TestFactory
  Stream<DynamicTest> x86Pae() {
    return ConformanceKit.dynamicTests("x86-pae");
  }

  @Test
  void rulesHaveUniqueIdsAndHints() {
    List<Check> checks = ConformanceKit.checks();
    assertTrue(checks.size() >= 12);
    assertEquals(checks.size(), checks.stream().map(Check::id).distinct().count());
    checks.forEach(c -> assertFalse(c.hint().isBlank(), c.id()));
  }

  @Test
  void aRunThatCheckedNothingFails() {
    assertFalse(ConformanceKit.passed(List.of()));
  }
}
