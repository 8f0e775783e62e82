// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.CheckResult;
import io.github.kmapsim.conformance.ConformanceKit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The colour rule checks a colour-aware port, and does not apply to the real ones. */
class ColourRuleTest {
  private static final String RULE = "required_hooks_map_at_page_colour";

  @Test
  void xtensasKmapIdxPassesEveryRule() {
    List<CheckResult> results = ConformanceKit.of(new ColourVariant(false)).run();
    assertTrue(results.stream().allMatch(CheckResult::passed), () -> String.join("\n",
        results.stream().filter(r -> !r.passed()).map(CheckResult::format).toList()));
    CheckResult colour = result(results);
    assertEquals(CheckResult.Outcome.PASSED, colour.outcome());
    assertTrue(colour.diagnostic().contains("each at its page's colour (DCACHE_N_COLORS 4)"),
        colour.diagnostic());
  }

  @Test
  void theOffByOneColourOffsetNamesBothColours() {
    CheckResult colour = result(ConformanceKit.of(new ColourVariant(true)).run());
    // One slot too far down the top-down fixmap: every page lands one colour below its own.
    assertTrue(!colour.passed() && colour.diagnostic().contains("(colour 3) mapped at")
        && colour.diagnostic().contains("(colour 2): a D-cache alias"), colour.diagnostic());
  }

  @Test
  void aVariantWithoutColoursHasNothingToKeep() {
    CheckResult colour = result(ConformanceKit.forVariant("mips").run());
    assertEquals(CheckResult.Outcome.NOT_APPLICABLE, colour.outcome(), colour.diagnostic());
    assertTrue(colour.passed() && colour.diagnostic().contains("DCACHE_N_COLORS 1"),
        colour.diagnostic());
  }

  private static CheckResult result(List<CheckResult> results) {
    return results.stream().filter(r -> r.check().id().equals(RULE)).findFirst().orElseThrow();
  }
}
