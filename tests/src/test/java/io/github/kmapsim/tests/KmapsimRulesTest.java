// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.github.kmapsim.arch.other.OtherArchHelper;
import io.github.kmapsim.archunit.KmapsimRules;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of {@link KmapsimRules} can fail: it is run against deliberately violating classes
 * from the test sources ({@code io.github.kmapsim.arch.bogus}, a core-package class that names an
 * arch, a leaky SPI type, a package cycle, a tool class that reaches into the core's inner
 * packages) and must report them by name.
 */
class KmapsimRulesTest {

  private static JavaClasses importPackages(String... packages) {
    return new ClassFileImporter().importPackages(packages);
  }

  private static String report(EvaluationResult result) {
    return String.join("\n", result.getFailureReport().getDetails());
  }

  /** The first {@code <...>} of a violation line: the origin of the dependency. */
  private static String firstNamed(String line) {
    int open = line.indexOf('<');
    int close = line.indexOf('>', open + 1);
    return open < 0 || close < 0 ? line : line.substring(open + 1, close);
  }

  private static String fullReport(EvaluationResult result) {
    return result.getFailureReport().toString();
  }

  @Test
  void pluginRuleReportsAPluginThatReachesIntoTheCore() {
    EvaluationResult result =
        KmapsimRules.PLUGINS_ARE_PORTED_IN_ISOLATION.evaluate(
            importPackages("io.github.kmapsim.arch.bogus", "io.github.kmapsim.arch.other"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(
        details.contains("io.github.kmapsim.arch.bogus.ReachesIntoCore")
            && details.contains("io.github.kmapsim.core.KmapSim"),
        details);
    assertTrue(fullReport(result).contains("because plugins are ported in isolation"), fullReport(result));
  }

  @Test
  void pluginRuleReportsAPluginThatBorrowsFromAnotherArch() {
    EvaluationResult result =
        KmapsimRules.PLUGINS_ARE_PORTED_IN_ISOLATION.evaluate(
            importPackages("io.github.kmapsim.arch.bogus", "io.github.kmapsim.arch.other"));

    String details = report(result);
    assertTrue(
        details.contains("io.github.kmapsim.arch.bogus.ReachesIntoOtherArch")
            && details.contains("io.github.kmapsim.arch.other.OtherArchHelper"),
        details);
    // Calls within one plugin, and to the SPI and the JDK, are fine.
    for (String line : result.getFailureReport().getDetails()) {
      String origin = firstNamed(line);
      assertFalse(origin.contains("WellBehavedHelper") || origin.contains("OtherArchHelper"), line);
    }
  }

  @Test
  void pluginRulePassesACleanPlugin() {
    EvaluationResult result =
        KmapsimRules.PLUGINS_ARE_PORTED_IN_ISOLATION.evaluate(
            new ClassFileImporter().importClasses(OtherArchHelper.class));

    assertFalse(result.hasViolation(), () -> report(result));
    assertFalse(KmapsimRules.PLUGIN_RULES.evaluate(
        new ClassFileImporter().importClasses(OtherArchHelper.class)).hasViolation());
  }

  @Test
  void coreRuleReportsACoreClassThatNamesAnArch() {
    EvaluationResult result =
        KmapsimRules.CORE_KNOWS_NO_CONCRETE_ARCH.evaluate(importPackages("io.github.kmapsim.core"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(
        details.contains("io.github.kmapsim.core.bogus.ReachesIntoArch")
            && details.contains("io.github.kmapsim.arch.other.OtherArchHelper"),
        details);
    assertTrue(
        fullReport(result).contains("because the core knows the SPI, never a concrete arch"),
        fullReport(result));
    // Only the planted class is reported: the real core is clean.
    for (String line : result.getFailureReport().getDetails()) {
      assertTrue(line.contains("ReachesIntoArch"), line);
    }
  }

  @Test
  void kitRuleReportsAKitClassThatNamesAnArch() {
    EvaluationResult result =
        KmapsimRules.KIT_KNOWS_NO_CONCRETE_ARCH.evaluate(
            importPackages("io.github.kmapsim.conformance"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(details.contains("io.github.kmapsim.conformance.bogus.KitReachesIntoArch")
        && details.contains("io.github.kmapsim.arch.other.OtherArchHelper"), details);
    assertTrue(fullReport(result).contains("because the conformance kit checks any architecture"),
        fullReport(result));
    // Only the planted class is reported: the real kit is clean.
    for (String line : result.getFailureReport().getDetails()) {
      assertTrue(line.contains("KitReachesIntoArch"), line);
    }
  }

  /** A plugin outside kmapsim's tree, such as the template's org.example.kmapsim.toy. */
  @Test
  void pluginRulesRecogniseAThirdPartyPackage() {
    EvaluationResult result = KmapsimRules.pluginRules("org.example.kmapsim.bogus")
        .evaluate(importPackages("org.example.kmapsim.bogus"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(details.contains("org.example.kmapsim.bogus.ThirdPartyReachesIntoCore")
        && details.contains("io.github.kmapsim.core.KmapSim"), details);
    assertTrue(fullReport(result).contains("because plugins are ported in isolation"),
        fullReport(result));
    // Its own subpackage, the SPI and the JDK are fine.
    for (String line : result.getFailureReport().getDetails()) {
      assertFalse(firstNamed(line).contains("ThirdPartyHelper"), line);
    }
    assertThrows(IllegalArgumentException.class, () -> KmapsimRules.pluginRules("org.example.."));
  }

  @Test
  void apiRuleReportsAnSpiTypeThatReachesTheCore() {
    EvaluationResult result =
        KmapsimRules.API_AND_SPI_DEPEND_ON_THE_JDK_ONLY.evaluate(
            importPackages("io.github.kmapsim.api", "io.github.kmapsim.spi"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(
        details.contains("io.github.kmapsim.spi.bogus.LeakySpi")
            && details.contains("io.github.kmapsim.core.KmapSim"),
        details);
    for (String line : result.getFailureReport().getDetails()) {
      assertTrue(line.contains("LeakySpi"), line);
    }
  }

  @Test
  void cycleRuleReportsAPackageCycle() {
    EvaluationResult result =
        KmapsimRules.TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES.evaluate(
            importPackages("io.github.kmapsim.cyclea", "io.github.kmapsim.cycleb"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(
        details.contains("io.github.kmapsim.cyclea.Ping")
            && details.contains("io.github.kmapsim.cycleb.Pong"),
        details);
  }

  @Test
  void layerRuleReportsCorePackagesThatDependTheWrongWay() {
    EvaluationResult result =
        KmapsimRules.CORE_PACKAGES_DEPEND_ONE_WAY.evaluate(importPackages("io.github.kmapsim.core"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(
        details.contains("io.github.kmapsim.core.hw.bogus.HwReachesIntoSched")
            && details.contains("io.github.kmapsim.core.sched.bogus.SchedHelper"),
        details);
    assertTrue(
        details.contains("io.github.kmapsim.core.diag.bogus.DiagReachesIntoHw")
            && details.contains("io.github.kmapsim.core.hw.bogus.HwReachesIntoSched"),
        details);
    assertTrue(fullReport(result).contains("because the core shows the kernel's split"),
        fullReport(result));
    // Only the planted classes are reported: the real core depends one way.
    for (String line : result.getFailureReport().getDetails()) {
      assertTrue(line.contains(".bogus."), line);
    }
  }

  @Test
  void coreCycleRuleReportsACycleBetweenCorePackages() {
    EvaluationResult result =
        KmapsimRules.CORE_PACKAGES_ARE_FREE_OF_CYCLES.evaluate(
            importPackages("io.github.kmapsim.core.ping", "io.github.kmapsim.core.pong"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(
        details.contains("io.github.kmapsim.core.ping.CorePing")
            && details.contains("io.github.kmapsim.core.pong.CorePong"),
        details);
  }

  @Test
  void toolsRuleReportsAToolClassThatReachesIntoTheCoresInternals() {
    EvaluationResult result = KmapsimRules.TOOLS_USE_THE_PUBLIC_API_ONLY.evaluate(
        importPackages("io.github.kmapsim.cli.bogus", "io.github.kmapsim.core.sched.bogus"));

    assertTrue(result.hasViolation());
    String details = report(result);
    assertTrue(details.contains("io.github.kmapsim.cli.bogus.CliReachesIntoCore")
        && details.contains("io.github.kmapsim.core.sched.bogus.SchedHelper"), details);
    assertTrue(fullReport(result).contains("because the scenario library and the command use"
        + " the library as any user does"), fullReport(result));
    // The core's exported package is fine.
    for (String line : result.getFailureReport().getDetails()) {
      assertFalse(line.contains("io.github.kmapsim.core.KmapSim"), line);
    }
  }

  @Test
  void compositeRuleReportsEveryPlantedViolation() {
    JavaClasses classes =
        importPackages(
            "io.github.kmapsim.arch.bogus",
            "io.github.kmapsim.arch.other",
            "io.github.kmapsim.spi.bogus",
            "io.github.kmapsim.cyclea",
            "io.github.kmapsim.cycleb");
    EvaluationResult result = KmapsimRules.PLUGIN_RULES.evaluate(classes);
    assertTrue(report(result).contains("ReachesIntoCore"), report(result));
    AssertionError error = assertThrows(AssertionError.class, () -> KmapsimRules.PLUGIN_RULES.check(classes));
    assertTrue(error.getMessage().contains("ReachesIntoOtherArch"), error.getMessage());
  }

  static Stream<Arguments> everyRule() {
    return Stream.of(
        Arguments.of("PLUGINS_ARE_PORTED_IN_ISOLATION", KmapsimRules.PLUGINS_ARE_PORTED_IN_ISOLATION),
        Arguments.of("CORE_KNOWS_NO_CONCRETE_ARCH", KmapsimRules.CORE_KNOWS_NO_CONCRETE_ARCH),
        Arguments.of("KIT_KNOWS_NO_CONCRETE_ARCH", KmapsimRules.KIT_KNOWS_NO_CONCRETE_ARCH),
        Arguments.of("pluginRules(org.example.kmapsim.bogus)",
            KmapsimRules.pluginRules("org.example.kmapsim.bogus")),
        Arguments.of("API_AND_SPI_DEPEND_ON_THE_JDK_ONLY", KmapsimRules.API_AND_SPI_DEPEND_ON_THE_JDK_ONLY),
        Arguments.of("TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES", KmapsimRules.TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES),
        Arguments.of("CORE_PACKAGES_DEPEND_ONE_WAY", KmapsimRules.CORE_PACKAGES_DEPEND_ONE_WAY),
        Arguments.of("CORE_PACKAGES_ARE_FREE_OF_CYCLES", KmapsimRules.CORE_PACKAGES_ARE_FREE_OF_CYCLES),
        Arguments.of("TOOLS_USE_THE_PUBLIC_API_ONLY", KmapsimRules.TOOLS_USE_THE_PUBLIC_API_ONLY),
        Arguments.of("PLUGIN_RULES", KmapsimRules.PLUGIN_RULES),
        Arguments.of("ALL_RULES", KmapsimRules.ALL_RULES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRule")
  void aRuleThatMatchesNoClassFails(String name, ArchRule rule) {
    JavaClasses nothingOfOurs = new ClassFileImporter().importClasses(List.class, String.class);

    AssertionError error = assertThrows(AssertionError.class, () -> rule.check(nothingOfOurs));
    // A layered rule says which layer is empty; every other rule that it checked nothing.
    assertTrue(error.getMessage().contains("failed to check any classes")
        || error.getMessage().contains("Layer 'core' is empty"), error.getMessage());
  }
}
