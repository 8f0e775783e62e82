// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.kmapsim.core.sched.SimTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CheckerState}: each part of the checker's history, changed alone, makes the state unequal
 * and names that part in the diff; an unchanged state is equal, has the same hash and no diff.
 */
class CheckerStateTest {
  private static final String OWNERS = "checker: the owners of the kmap window's pages differ";
  private static final String PKMAP = "checker: the pkmap entries' history differs";
  private static final String PERCPU = "checker: the per-CPU data's history differs";
  private static final String TALLY = "checker: the sites' map and unmap tallies differ";
  private static final String DECLARED = "checker: the CPUs' declared sites differ";

  /** The state with field {@code change} (0: none) changed. */
  private static CheckerState state(int change) {
    return new CheckerState(Map.of(), new SimTask[1], new int[] {change == 1 ? 1 : 0},
        new int[] {change == 2 ? 1 : 0}, new int[] {change == 3 ? 1 : 0},
        new long[] {change == 4 ? 1 : 0}, new boolean[] {change == 5},
        new long[] {change == 6 ? 1 : 0}, new int[] {change == 7 ? 1 : 0},
        new int[] {change == 8 ? 1 : 0}, Map.of(),
        change == 9 ? Map.of("v", 1) : Map.of("v", 0), new SimTask[1],
        new int[] {change == 10 ? 1 : 0}, new long[] {change == 11 ? 1 : 0},
        new int[] {change == 12 ? 1 : 0}, new int[] {change == 13 ? 1 : 0},
        new int[] {change == 14 ? 1 : 0}, new String[] {change == 15 ? "x" : null});
  }

  private static final List<String> EXPECTED = List.of("", OWNERS, OWNERS, OWNERS, OWNERS,
      OWNERS, PKMAP, PKMAP, PKMAP, PERCPU, PERCPU, PERCPU, TALLY, TALLY, DECLARED, DECLARED);

  @Test
  void eachPartChangedAloneIsNamedAndMakesTheStatesUnequal() {
    CheckerState base = state(0);
    for (int change = 1; change < EXPECTED.size(); change++) {
      CheckerState other = state(change);
      List<String> diff = new ArrayList<>();
      base.diff(other, diff);
      assertEquals(List.of(EXPECTED.get(change)), diff, "field " + change);
      assertNotEquals(base, other, "field " + change);
    }
  }

  @Test
  void anUnchangedStateIsEqualWithTheSameHashAndNoDiff() {
    List<String> diff = new ArrayList<>();
    state(0).diff(state(0), diff);
    assertEquals(List.of(), diff);
    assertEquals(state(0), state(0));
    assertEquals(state(0).hashCode(), state(0).hashCode());
    assertNotEquals(state(0), "not a state");
  }
}
