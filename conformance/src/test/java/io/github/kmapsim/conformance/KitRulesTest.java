// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules are well formed: unique ids that name their stage, prerequisites first. */
class KitRulesTest {

  @Test
  void everyPrerequisiteRunsEarlierAndIdsAreUnique() {
    List<String> seen = new ArrayList<>();
    for (Check c : ConformanceKit.checks()) {
      for (String req : c.requires()) {
        assertTrue(seen.contains(req), c.id() + " requires " + req + ", which runs later");
      }
      assertFalse(seen.contains(c.id()), "two rules " + c.id());
      seen.add(c.id());
      assertFalse(c.hint().isBlank(), c.id());
      assertFalse(c.description().isBlank(), c.id());
    }
    assertTrue(seen.size() >= 25, seen::toString);
  }

  @Test
  void familiesRunInStageOrder() {
    Stage previous = Stage.LAYOUT;
    for (Check c : ConformanceKit.checks()) {
      assertTrue(c.stage().compareTo(previous) >= 0, c.id() + " after a rule of a later stage");
      previous = c.stage();
    }
    for (Stage s : Stage.values()) {
      List<Check> only = ConformanceKit.checks(s);
      assertFalse(only.isEmpty(), s + " has no rule");
      assertTrue(only.stream().allMatch(c -> c.stage() == s && c.id().contains("_" + s.id() + "_")));
    }
    assertEquals(ConformanceKit.checks(), ConformanceKit.checks(Stage.values()));
  }

  @Test
  void aRuleIdNamesItsSeverityAndStage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Check(
        "required_layout_x", Check.Severity.REQUIRED, Stage.PTE, "d", "h", List.of()));
    assertTrue(e.getMessage().contains("required_pte_"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Check(
        "required_pte_x", Check.Severity.OPTIONAL, Stage.PTE, "d", "h", List.of()));
  }

  @Test
  void stagesAreNamedAsRuleIdsSpellThem() {
    assertEquals(Stage.PTE, Stage.of("pte"));
    assertEquals(Stage.BEHAVIOUR, Stage.of("BEHAVIOUR"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Stage.of("codec"));
    assertEquals("no stage 'codec'; the stages are layout, pte, hooks, behaviour, vectors",
        e.getMessage());
  }

  @Test
  void aDependentFailureSendsThePorterToThePrerequisiteFirst() {
    Check c = new Check("required_hooks_x", Check.Severity.REQUIRED, Stage.HOOKS, "d",
        "post_unmap", List.of("required_pte_y"));
    CheckResult alone = new CheckResult(c, "toy", CheckResult.Outcome.FAILED, "broke", List.of());
    assertEquals("FAIL required_hooks_x [toy]: broke -- if this fails, check post_unmap",
        alone.format());
    CheckResult after = new CheckResult(c, "toy", CheckResult.Outcome.FAILED, "broke",
        List.of("required_pte_y"));
    assertEquals("FAIL required_hooks_x [toy]: broke -- see required_pte_y first (this rule"
        + " depends on it); then check post_unmap", after.format());
    CheckResult moot = new CheckResult(c, "toy", CheckResult.Outcome.NOT_APPLICABLE, "no VIVT",
        List.of());
    assertEquals("N/A required_hooks_x [toy]: no VIVT", moot.format());
    assertTrue(moot.passed());
  }
}
