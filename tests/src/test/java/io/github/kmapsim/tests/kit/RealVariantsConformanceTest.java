// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.Check;
import io.github.kmapsim.conformance.CheckResult;
import io.github.kmapsim.conformance.ConformanceKit;
import io.github.kmapsim.conformance.ConformanceTests;
import io.github.kmapsim.conformance.Stage;
import io.github.kmapsim.core.KmapSim;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/** The kit passes every real variant; its rules are well formed. */
class RealVariantsConformanceTest {

  static final List<String> REAL = List.of("x86", "x86-pae", "arm", "arm-vivt", "arm-lpae",
      "mips", "mips-16k", "csky", "csky-ck860", "microblaze", "powerpc-book3s32", "powerpc-e500",
      "xtensa", "xtensa-c2", "arc", "arc-pae40", "nds32", "sparc");

  static Stream<String> real() {
    assertTrue(KmapSim.variantNames().containsAll(REAL), KmapSim.variantNames()::toString);
    return REAL.stream();
  }

  @ParameterizedTest
  @MethodSource("real")
  void everyRulePassesOptionalOnesTooAndTheVectorsApply(String variant) {
    List<CheckResult> results = ConformanceKit.forVariant(variant).run();
    assertEquals(ConformanceKit.checks().size(), results.size());
    assertTrue(results.stream().allMatch(CheckResult::passed), () -> String.join("\n",
        results.stream().filter(r -> !r.passed()).map(CheckResult::format).toList()));
    for (CheckResult r : results) {
      if (r.check().stage() == Stage.VECTORS) {
        assertEquals(CheckResult.Outcome.PASSED, r.outcome(), r.format());
      }
    }
  }

  /** What a third party writes: one line. */
  @TestFactory
  Stream<DynamicTest> x86Pae() {
    return ConformanceTests.dynamicTests("x86-pae");
  }

  /**
   * The same entry point on every variant of the architectures of issue 15: C-SKY, MicroBlaze,
   * 32-bit powerpc, xtensa, ARC, nds32 and 32-bit SPARC, three of them uniprocessors.
   */
  @TestFactory
  Stream<DynamicTest> architecturesOfIssue15() {
    return Stream.of("csky", "csky-ck860", "microblaze", "powerpc-book3s32", "powerpc-e500",
            "xtensa", "xtensa-c2", "arc", "arc-pae40", "nds32", "sparc")
        .flatMap(n -> ConformanceTests.dynamicTests(n));
  }

  @Test
  void rulesHaveUniqueIdsAndHints() {
    List<Check> checks = ConformanceKit.checks();
    assertTrue(checks.size() >= 12);
    assertEquals(checks.size(), checks.stream().map(Check::id).distinct().count());
    checks.forEach(c -> assertFalse(c.hint().isBlank(), c.id()));
  }

  /** Rules about what a variant lacks say so instead of passing. */
  @Test
  void rulesForMissingFeaturesAreNotApplicable() {
    assertEquals(CheckResult.Outcome.NOT_APPLICABLE,
        outcome("x86", "required_hooks_vivt_flushed_before_unmap"));
    assertEquals(CheckResult.Outcome.PASSED,
        outcome("arm-vivt", "required_hooks_vivt_flushed_before_unmap"));
    assertEquals(CheckResult.Outcome.PASSED, outcome("x86", "required_behaviour_pkmap_wrap"));
  }

  /** Through the JUnit adapter a rule that does not apply is a skipped (aborted) test. */
  @Test
  void aNotApplicableRuleIsASkippedDynamicTest() {
    DynamicTest vivt = ConformanceTests.dynamicTests("x86")
        .filter(d -> d.getDisplayName().startsWith("required_hooks_vivt_flushed_before_unmap"))
        .findFirst().orElseThrow();
    TestAbortedException e =
        assertThrows(TestAbortedException.class, () -> vivt.getExecutable().execute());
    assertTrue(e.getMessage().contains("N/A required_hooks_vivt_flushed_before_unmap [x86]"),
        e.getMessage());
  }

  private static CheckResult.Outcome outcome(String variant, String rule) {
    return ConformanceKit.forVariant(variant).run().stream()
        .filter(r -> r.check().id().equals(rule)).findFirst().orElseThrow().outcome();
  }

  /** A port built against an older SPI lacks pteWrite: each rule that needs it fails, saying so. */
  @Test
  void aPortMissingAnSpiMethodFailsRulesInsteadOfStopping() {
    BrokenVariant old = new BrokenVariant("x86", "built-against-an-older-spi", null,
        new BrokenVariant.Codec("x86") {
          @Override public boolean pteWrite(long pte) {
            throw new AbstractMethodError("PteCodec.pteWrite(long)");
          }
        }, null);
    List<CheckResult> results = ConformanceKit.of(old).run();
    assertFalse(ConformanceKit.passed(results));
    assertTrue(results.stream().anyMatch(r -> r.diagnostic().contains(
        "does not link against this kmapsim-api")), () -> results.toString());
  }

  @Test
  void aRunThatCheckedNothingFails() {
    assertFalse(ConformanceKit.passed(List.of()));
  }
}
