// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskMaps}: a task's record starts with no dead mapping in any slot (dead vaddr -1), a
 * snapshot's copy holds every field, and a change to any one field makes two records unequal.
 */
class TaskMapsTest {
  private static final int SLOTS = 16; // KM_MAX_IDX on most architectures

  private static TaskMaps filled() {
    TaskMaps t = new TaskMaps(SLOTS);
    for (int i = 0; i < SLOTS; i++) {
      t.vaddr[i] = 0xfff00000L + i;
      t.pfn[i] = 0x10000 + i;
      t.mapSite[i] = i + 1;
      t.context[i] = (byte) (i % 4);
      t.atomic[i] = i % 2 == 0;
      t.deadVaddr[i] = 0xffe00000L + i;
      t.deadPfn[i] = 0x20000 + i;
      t.deadMapSite[i] = i + 2;
      t.deadUnmapSite[i] = i + 3;
    }
    return t;
  }

  @Test
  void aFreshRecordHasNoDeadMappingInAnySlot() {
    TaskMaps t = new TaskMaps(SLOTS);
    long[] none = new long[SLOTS];
    java.util.Arrays.fill(none, -1);
    assertArrayEquals(none, t.deadVaddr);
    assertEquals(new TaskMaps(SLOTS), t);
  }

  @Test
  void aCopyHoldsEveryField() {
    TaskMaps t = filled();
    TaskMaps c = t.copy();
    assertArrayEquals(t.vaddr, c.vaddr);
    assertArrayEquals(t.pfn, c.pfn);
    assertArrayEquals(t.mapSite, c.mapSite);
    assertArrayEquals(t.context, c.context);
    assertArrayEquals(t.atomic, c.atomic);
    assertArrayEquals(t.deadVaddr, c.deadVaddr);
    assertArrayEquals(t.deadPfn, c.deadPfn);
    assertArrayEquals(t.deadMapSite, c.deadMapSite);
    assertArrayEquals(t.deadUnmapSite, c.deadUnmapSite);
    assertEquals(t, c);
    assertEquals(t.hashCode(), c.hashCode());
    c.vaddr[0] = 0;
    assertEquals(0xfff00000L, t.vaddr[0], "the copy is independent");
  }

  @Test
  void aChangeToAnyOneFieldMakesTheRecordsUnequal() {
    java.util.List<Consumer<TaskMaps>> changes = java.util.List.of(t -> t.vaddr[3]++,
        t -> t.pfn[3]++, t -> t.mapSite[3]++, t -> t.context[3]++, t -> t.atomic[3] ^= true,
        t -> t.deadVaddr[3]++, t -> t.deadPfn[3]++, t -> t.deadMapSite[3]++,
        t -> t.deadUnmapSite[3]++);
    for (int i = 0; i < changes.size(); i++) {
      TaskMaps t = filled();
      changes.get(i).accept(t);
      assertNotEquals(filled(), t, "field " + i);
    }
    assertNotEquals(filled(), "not a record");
  }
}
