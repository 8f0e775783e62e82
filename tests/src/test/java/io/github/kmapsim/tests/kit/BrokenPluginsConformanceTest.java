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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit fails every deliberately broken port on exactly the rules expected, the rule that names
 * the mistake saying so, every dependent failure naming the prerequisite that failed first; and
 * every rule of the kit is shown to fail.
 */
class BrokenPluginsConformanceTest {

  static Stream<BrokenPlugins.Case> broken() {
    return BrokenPlugins.all().stream();
  }

  private static Set<String> failed(List<CheckResult> results) {
    return results.stream().filter(r -> !r.passed()).map(r -> r.check().id())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void theKitFailsExactlyTheExpectedRules(BrokenPlugins.Case c) {
    List<CheckResult> results = ConformanceKit.of(c.variant()).run();
    Set<String> expected = new TreeSet<>(c.fails());
    expected.add(c.rule());
    String report = results.stream().filter(r -> !r.passed()).map(CheckResult::format)
        .collect(Collectors.joining("\n"));
    assertEquals(expected, failed(results), () -> c + " failures:\n" + report);
    CheckResult named = results.stream().filter(r -> r.check().id().equals(c.rule()))
        .findFirst().orElseThrow();
    assertTrue(named.diagnostic().contains(c.phrase()), () -> c + ": " + named.format());
    boolean onlyOptional = expected.stream().allMatch(id -> id.startsWith("optional_"));
    assertEquals(onlyOptional, ConformanceKit.passed(results), report);
  }

  /**
   * A failure whose prerequisites (direct, or through other rules) failed names those of them
   * whose own prerequisites held: where the cause is. Those it names fail naming nothing.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void dependentFailuresNameThePrerequisiteWhereTheCauseIs(BrokenPlugins.Case c) {
    List<CheckResult> results = ConformanceKit.of(c.variant()).run();
    Set<String> failed = failed(results);
    for (CheckResult r : results) {
      Set<String> expected = new TreeSet<>();
      if (!r.passed()) {
        for (String p : prerequisites(r.check().id())) {
          if (failed.contains(p)
              && prerequisites(p).stream().noneMatch(failed::contains)) {
            expected.add(p);
          }
        }
      }
      assertEquals(expected, new TreeSet<>(r.failedPrerequisites()), r.format());
      if (!r.failedPrerequisites().isEmpty()) {
        assertTrue(r.format().contains(" -- see " + r.failedPrerequisites().get(0) + " "),
            r.format());
      }
    }
    for (CheckResult r : results) {
      for (String cause : r.failedPrerequisites()) {
        assertTrue(results.stream().anyMatch(q -> q.check().id().equals(cause)
            && q.failedPrerequisites().isEmpty()), cause);
      }
    }
  }

  /** Every rule {@code id} depends on, directly or through others. */
  private static Set<String> prerequisites(String id) {
    Set<String> all = new TreeSet<>();
    for (Check c : ConformanceKit.checks()) {
      if (c.id().equals(id)) {
        for (String req : c.requires()) {
          all.add(req);
          all.addAll(prerequisites(req));
        }
      }
    }
    return all;
  }

  @Test
  void everyRuleIsTheNamedRuleOfABrokenPort() {
    Set<String> named = BrokenPlugins.all().stream().map(BrokenPlugins.Case::rule)
        .collect(Collectors.toSet());
    Set<String> rules = ConformanceKit.checks().stream().map(Check::id)
        .collect(Collectors.toCollection(TreeSet::new));
    rules.removeAll(named);
    assertEquals(Set.of(), rules, "rules no broken port fails");
  }

  /** Issue 15: the architectures the series converted beyond x86, ARM and MIPS have theirs. */
  @Test
  void theNewArchitecturesHaveBrokenPortsToo() {
    Set<String> arches = new HashSet<>();
    for (BrokenPlugins.Case c : BrokenPlugins.all()) {
      arches.add(c.variant().name().replaceFirst("-.*", ""));
    }
    assertTrue(arches.containsAll(List.of("csky", "microblaze", "powerpc", "xtensa", "arc",
        "nds32", "sparc")), arches::toString);
    assertEquals(BrokenPlugins.all().size(), BrokenPlugins.all().stream()
        .map(c -> c.variant().name()).distinct().count(), "names are unique");
  }

  /** Through the JUnit adapter the named rule is a failing dynamic test. */
  @Test
  void theDynamicTestOfTheNamedRuleFails() {
    BrokenPlugins.Case c = BrokenPlugins.all().stream()
        .filter(x -> x.variant().name().equals("x86-broken-post-unmap-no-flush")).findFirst()
        .orElseThrow();
    List<DynamicTest> tests = ConformanceTests.dynamicTests(c.variant()).toList();
    assertEquals(ConformanceKit.checks().size(), tests.size());
    DynamicTest t = tests.stream()
        .filter(d -> d.getDisplayName().startsWith(c.rule() + " ")).findFirst().orElseThrow();
    AssertionError e = assertThrows(AssertionError.class, () -> {
      for (DynamicTest d : tests) { // in order, so the prerequisites have run
        if (d == t) {
          t.getExecutable().execute();
        } else {
          try {
            d.getExecutable().execute();
          } catch (Throwable ignored) {
            // other rules' outcomes
          }
        }
      }
    });
    assertTrue(e.getMessage().contains("post_unmap did not flush"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }
}
