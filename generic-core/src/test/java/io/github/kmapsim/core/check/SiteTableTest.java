// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.kmapsim.api.Site;
import org.junit.jupiter.api.Test;

/**
 * {@link SiteTable}: call sites interned once, the local kmaps each made and unmapped, the tally
 * of the sites that leak on a path (the clause W001's "task exits with local kmaps held" ends
 * with), and the counts a snapshot keeps and a restore puts back.
 */
class SiteTableTest {
  @Test
  void aSiteIsInternedOnceAndTheTablesGrowPastTheirFirstSize() {
    SiteTable t = new SiteTable();
    int first = t.intern("a.c", 10, "f");
    assertEquals(1, first, "0 is the unknown site");
    assertEquals(first, t.intern("a.c", 10, "f"));
    assertNotEquals(first, t.intern("a.c", 11, "f"));
    assertNotEquals(first, t.intern("a.c", 10, "g"));
    int last = 0;
    for (int i = 0; i < 40; i++) {
      last = t.intern("b.c", 100 + i, "");
      t.mapped(last);
    }
    assertEquals(new Site(Site.Role.MAP, "b.c", 139, ""), t.site(last, Site.Role.MAP));
    assertEquals(new Site(Site.Role.UNMAP, "a.c", 10, "f"), t.site(first, Site.Role.UNMAP));
    assertNull(t.site(0, Site.Role.MAP));
    assertEquals(last + 1, t.maps().length, "counted up to the last site that mapped");
  }

  @Test
  void theUnknownSiteIsNeverCounted() {
    SiteTable t = new SiteTable();
    t.mapped(0);
    t.unmapped(0);
    assertArrayEquals(new int[0], t.maps());
    assertArrayEquals(new int[0], t.unmaps());
  }

  @Test
  void theCallerIsTheFirstFrameOutsideKmapsimsOwnClasses() {
    SiteTable t = new SiteTable();
    int id = t.caller();
    Site s = t.site(id, Site.Role.MAP);
    assertEquals("SiteTableTest.java", s.file());
    assertEquals("theCallerIsTheFirstFrameOutsideKmapsimsOwnClasses", s.name());
    assertEquals(true, s.line() > 0, s::toString);
    assertNotEquals(id, t.caller(), "another line, another site");
  }

  @Test
  void theTallyNamesSitesTwoOrMoreMapsAheadMostHeldFirstAndAtMostThree() {
    SiteTable t = new SiteTable();
    int once = t.intern("x.c", 1, "");
    int twice = t.intern("x.c", 2, "");
    int thrice = t.intern("y.c", 3, "");
    int four = t.intern("z.c", 4, "");
    int five = t.intern("w.c", 5, "");
    map(t, once, 1, 0);
    assertEquals("", t.tally(), "one map more than unmaps is not a repeated leak");
    map(t, twice, 3, 1);
    assertEquals("; mapped more often than unmapped: x.c:2 3 maps, 1 unmap", t.tally());
    map(t, thrice, 3, 0);
    map(t, four, 6, 2);
    map(t, five, 5, 0);
    assertEquals("; mapped more often than unmapped: w.c:5 5 maps, 0 unmaps, z.c:4 6 maps,"
        + " 2 unmaps, y.c:3 3 maps, 0 unmaps", t.tally());
  }

  @Test
  void namedSitesCountOncePerFileAndNameFromTheirFirstLine() {
    SiteTable t = new SiteTable();
    int a = t.intern("s.scn", 7, "copy");
    int b = t.intern("s.scn", 9, "copy");
    map(t, a, 1, 0);
    map(t, b, 2, 1);
    assertEquals("; mapped more often than unmapped: s.scn 'copy' (first at line 7) 3 maps,"
        + " 1 unmap", t.tally());
  }

  @Test
  void aRestorePutsBackTheCountsAndKeepsTheIds() {
    SiteTable t = new SiteTable();
    int a = t.intern("a.c", 1, "");
    map(t, a, 3, 1);
    int[] maps = t.maps();
    int[] unmaps = t.unmaps();
    assertArrayEquals(new int[] {0, 3}, maps);
    assertArrayEquals(new int[] {0, 1}, unmaps);
    int b = t.intern("b.c", 2, "");
    map(t, b, 2, 2);
    map(t, a, 1, 1);
    t.restoreCounts(maps, unmaps);
    assertArrayEquals(maps, t.maps());
    assertArrayEquals(unmaps, t.unmaps());
    assertEquals(b, t.intern("b.c", 2, ""), "the id interned since stays");
  }

  private static void map(SiteTable t, int id, int maps, int unmaps) {
    for (int i = 0; i < maps; i++) {
      t.mapped(id);
    }
    for (int i = 0; i < unmaps; i++) {
      t.unmapped(id);
    }
  }

  @Test
  void theTallyOrdersByMapsLessUnmapsNotByCalls() {
    SiteTable t = new SiteTable();
    int a = t.intern("a.c", 1, "");
    int b = t.intern("b.c", 2, "");
    int even = t.intern("c.c", 3, "");
    map(t, a, 4, 0);
    map(t, b, 10, 8);
    map(t, even, 1, 1);
    assertEquals("; mapped more often than unmapped: a.c:1 4 maps, 0 unmaps, b.c:2 10 maps,"
        + " 8 unmaps", t.tally());
  }

  @Test
  void aTableFilledToItsFirstSizeIsTallied() {
    SiteTable t = new SiteTable();
    for (int i = 1; i < 16; i++) { // ids 1 to 15: the 16 preallocated rows, all used
      map(t, t.intern("f.c", i, ""), i == 15 ? 2 : 0, 0);
    }
    assertEquals("; mapped more often than unmapped: f.c:15 2 maps, 0 unmaps", t.tally());
  }
}
