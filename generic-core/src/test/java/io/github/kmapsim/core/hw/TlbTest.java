// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The TLB's valid flags and its dense list of held entries stay in step. */
class TlbTest {
  private static final long[] PAGE = new long[512];

  @Test
  void flushesKeepTheHeldListExact() {
    Tlb tlb = new Tlb(64, false);
    TreeSet<Integer> model = new TreeSet<>();
    Random r = new Random(7);
    for (int step = 0; step < 5_000; step++) {
      int e = r.nextInt(64);
      switch (r.nextInt(6)) {
        case 0, 1, 2 -> {
          tlb.fill(e, e, e, true, PAGE);
          model.add(e);
        }
        case 3 -> {
          tlb.flush(e);
          model.remove(e);
        }
        case 4 -> {
          int to = e + r.nextInt(r.nextBoolean() ? 3 : 80); // both the short and the long walk
          tlb.flushRange(e, to);
          model.subSet(e, to).clear();
        }
        default -> {
          if (r.nextInt(20) == 0) {
            tlb.flushAll();
            model.clear();
          }
        }
      }
      assertArrayEquals(model.stream().mapToInt(Integer::intValue).toArray(), held(tlb),
          "step " + step);
      for (int i = 0; i < 64; i++) {
        assertEquals(model.contains(i), tlb.data(i) != null, "entry " + i + " at step " + step);
      }
    }
  }

  @Test
  void aFlushedEntryMissesAndARefillIsHeldOnce() {
    Tlb tlb = new Tlb(8, false);
    tlb.fill(3, 0x3163, 3, false, PAGE);
    tlb.fill(3, 0x3163, 3, true, PAGE);
    assertEquals(1, tlb.size());
    assertEquals(true, tlb.writable(3), "the refill replaced the permission");
    tlb.flushRange(-5, 100);
    assertNull(tlb.data(3));
    assertEquals(0, tlb.size());
  }

  /** MIPS and csky: one entry maps the pair 2n, 2n + 1; invalidating either page drops both. */
  @Test
  void pairedEntriesLeaveByPairs() {
    Tlb tlb = new Tlb(8, true);
    for (int e = 0; e < 8; e++) {
      tlb.fill(e, e, e, true, PAGE);
    }
    tlb.flush(3);
    assertArrayEquals(new int[] {0, 1, 4, 5, 6, 7}, held(tlb));
    tlb.flushRange(5, 6); // page 5 only, which takes 4 with it
    assertArrayEquals(new int[] {0, 1, 6, 7}, held(tlb));
    tlb.drop(7); // a refill's invalid half
    assertArrayEquals(new int[] {0, 1, 6}, held(tlb));
  }

  private static int[] held(Tlb tlb) {
    int[] h = new int[tlb.size()];
    for (int n = 0; n < h.length; n++) {
      h[n] = tlb.entry(n);
      assertEquals(PAGE, tlb.data(h[n]), "a held entry is valid");
    }
    Arrays.sort(h);
    return h;
  }
}
