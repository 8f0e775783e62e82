// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What another CPU posts to a TLB ({@code flush_tlb_kernel_range}'s and {@code flush_tlb_all}'s
 * IPIs, a broadcast invalidation) takes effect exactly on the entries it names, across the words
 * of the posting bitmap and by whole pairs with paired entries; and a TLB's captured state is in
 * index order, whatever order it was filled in, and restores exactly.
 */
class TlbRemoteAndSnapshotTest {
  private static final long[] PAGE = new long[512];
  private static final int N = 200;

  private static Tlb filled(boolean paired) {
    Tlb tlb = new Tlb(N, paired);
    IntStream.range(0, N).forEach(i -> tlb.fill(i, 0x1000L * i | 3, i, true, PAGE));
    return tlb;
  }

  private static void assertHeldExactlyOutside(Tlb tlb, int lo, int hi) {
    for (int i = 0; i < N; i++) {
      boolean in = i >= lo && i < hi;
      assertEquals(!in, tlb.data(i) != null, "entry " + i);
    }
    assertEquals(N - (hi - lo), tlb.size());
  }

  @Test
  void aPostedRangeAcrossBitmapWordsDropsExactlyItAtTheNextSync() {
    Tlb tlb = filled(false);
    tlb.requestRange(60, 130);
    assertTrue(tlb.pending());
    assertNotNull(tlb.data(60), "posted, not applied until the owner syncs");
    tlb.sync();
    assertFalse(tlb.pending());
    assertHeldExactlyOutside(tlb, 60, 130);
  }

  @Test
  void aPostedWholeWordAndARangePastTheEndAreClipped() {
    Tlb tlb = filled(false);
    tlb.requestRange(64, 128);
    tlb.sync();
    assertHeldExactlyOutside(tlb, 64, 128);
    Tlb end = filled(false);
    end.requestRange(190, 260);
    end.sync();
    assertHeldExactlyOutside(end, 190, N);
  }

  @Test
  void pairedEntriesArePostedAndFlushedByWholePairs() {
    Tlb tlb = filled(true);
    tlb.requestRange(63, 66);
    tlb.sync();
    assertHeldExactlyOutside(tlb, 62, 66);
    Tlb local = filled(true);
    local.flushRange(5, 8);
    assertHeldExactlyOutside(local, 4, 8);
    Tlb wide = filled(true);
    wide.flushRange(1, 190); // from an odd page: its pair goes too
    assertHeldExactlyOutside(wide, 0, 190);
  }

  @Test
  void aRangeLongerThanTheHeldListIsFlushedByWalkingTheList() {
    Tlb tlb = new Tlb(N, false);
    for (int i : new int[] {3, 50, 120, 199}) {
      tlb.fill(i, i, i, false, PAGE);
    }
    tlb.flushRange(40, 121);
    assertEquals(2, tlb.size());
    assertNotNull(tlb.data(3));
    assertNotNull(tlb.data(199));
    assertNull(tlb.data(50));
    assertNull(tlb.data(120));
  }

  @Test
  void aPostedFlushAllEmptiesTheTlbAtTheNextSync() {
    Tlb tlb = filled(false);
    tlb.requestAll();
    assertEquals(N, tlb.size());
    tlb.sync();
    assertEquals(0, tlb.size());
    IntStream.range(0, N).forEach(i -> assertNull(tlb.data(i)));
  }

  @Test
  void aCaptureIsInIndexOrderAndRestoresExactly() {
    Tlb a = new Tlb(N, false);
    Tlb b = new Tlb(N, false);
    int[] order = {9, 2, 150, 5};
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      a.fill(i, 0x100L + i, i, i % 2 == 0, PAGE);
      int j = order[order.length - 1 - k];
      b.fill(j, 0x100L + j, j, j % 2 == 0, PAGE);
    }
    HardwareState.TlbEntries ca = a.capture();
    assertArrayEquals(new int[] {2, 5, 9, 150}, ca.entries());
    assertArrayEquals(new long[] {0x102, 0x105, 0x109, 0x196}, ca.ptes());
    assertArrayEquals(new long[] {2, 5, 9, 150}, ca.pfns());
    assertArrayEquals(new boolean[] {true, false, false, true}, ca.writable());
    assertTrue(ca.same(b.capture()), "the same entries filled in another order");

    Tlb c = filled(false);
    c.requestRange(0, 10); // posted before the restore: must not hit the restored entries
    c.restore(ca, new PhysicalMemory(256, 12));
    assertTrue(ca.same(c.capture()));
    assertEquals(4, c.size());
  }
}
