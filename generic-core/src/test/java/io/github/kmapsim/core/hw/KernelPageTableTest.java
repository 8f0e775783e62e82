// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The two regions of {@link KernelPageTable}: the main one (ioremap window up to the fixmap) and
 * pkmap's own where PKMAP_BASE lies outside it, as on ARM (arch/arm/include/asm/highmem.h:
 * PKMAP_BASE is PAGE_OFFSET - PMD_SIZE, below the vmalloc area).
 */
class KernelPageTableTest {
  private static final long MAIN = 0xfff00;
  private static final long PKMAP = 0xbfe00;
  private static final long EMPTY = 0x20;

  private final KernelPageTable pt = new KernelPageTable(MAIN, 16, PKMAP, 8, EMPTY);

  @Test
  void everyPageOfBothRegionsHasItsOwnIndexAndNothingElseHasOne() {
    assertEquals(24, pt.size());
    assertEquals(0, pt.indexOf(MAIN));
    assertEquals(15, pt.indexOf(MAIN + 15));
    assertEquals(16, pt.indexOf(PKMAP));
    assertEquals(23, pt.indexOf(PKMAP + 7));
    for (long vpn : new long[] {MAIN - 1, MAIN + 16, PKMAP - 1, PKMAP + 8, 0, -1}) {
      assertEquals(-1, pt.indexOf(vpn), () -> "vpn 0x" + Long.toHexString(vpn));
    }
  }

  @Test
  void vpnOfInvertsIndexOfInBothRegions() {
    IntStream.range(0, pt.size()).forEach(i -> assertEquals(i, pt.indexOf(pt.vpnOf(i))));
    assertEquals(MAIN + 3, pt.vpnOf(3));
    assertEquals(PKMAP + 2, pt.vpnOf(18));
    assertEquals(MAIN, pt.mainVpn());
    assertEquals(16, pt.mainPages());
  }

  @Test
  void withoutASecondRegionOnlyTheMainOneIsCovered() {
    KernelPageTable one = new KernelPageTable(MAIN, 16, MAIN + 4, 0, 0);
    assertEquals(16, one.size());
    assertEquals(4, one.indexOf(MAIN + 4), "pkmap inside the main region: its own index");
    assertEquals(-1, one.indexOf(MAIN + 16));
  }

  /** A fresh table is all pte_none in the variant's encoding, and a snapshot round-trips. */
  @Test
  void entriesStartAsTheEmptyPteAndRestoreFromACopy() {
    IntStream.range(0, pt.size()).forEach(i -> assertEquals(EMPTY, pt.get(i)));
    long[][] before = pt.copy();
    pt.set(17, 0x1234_5003L);
    assertEquals(0x1234_5003L, pt.get(17));
    pt.restore(before);
    assertArrayEquals(before, pt.copy());
    assertEquals(EMPTY, pt.get(17));
  }
}
