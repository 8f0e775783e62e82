// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call what {@code arch/xtensa/include/asm/highmem.h} and {@code mm/highmem.c} call. */
class XtensaKmapHooksTest {

  private final KmapHooks one = new XtensaPlugin().variants().get(0).hooks();
  private final KmapHooks two = new XtensaPlugin().variants().get(1).hooks();
  private final RecordingHardwareServices cpu1 = new RecordingHardwareServices(1, 16);

  @Test
  void nothingElseIsFlushed() {
    for (KmapHooks h : List.of(one, two)) {
      h.postMap(cpu1, 0x9fc2f000L, 0x20000107L);
      h.preUnmap(cpu1, 0x9fc2f000L);
      h.kmapFlushTlb(cpu1, 0x9f400000L);
      assertEquals(0, h.highGet(cpu1, 0x20000));
      assertFalse(h.needsKmapHighGet());
      assertFalse(h.haveAtomicIomap());
      assertTrue(h.kmapPtesLinear());
    }
    assertEquals(List.of(), cpu1.calls());
  }

  @Test
  void oneColourKeepsTheGenericSlotAndPkmapArithmetic() {
    // kmap_local_calc_idx(2) on CPU1 = 2 + 16 * 1, whatever the page.
    assertEquals(18, one.mapIdx(cpu1, 2, 0x20001));
    assertEquals(18, one.unmapIdx(cpu1, 2, 0x9fc2d000L));
    int[] last = new int[1];
    assertEquals(1, one.getNextPkmapNr(last, 0, 1024));
    assertEquals(0, one.getPkmapColor(0x20001));
    assertEquals(1024, one.getPkmapEntriesCount(0, 1024));
    assertTrue(one.noMorePkmaps(0, 0));
    assertFalse(one.noMorePkmaps(1, 0));
    assertEquals(0, one.getPkmapWaitQueueHead(0));
  }

  @Test
  void twoColoursPutEachPageInTheSlotOfItsColour() {
    // kmap_idx(2, color) on CPU1 = (2 + 16 * 1) * 2 + 2 - 1 - color: 37 for colour 0, 36 for 1.
    assertEquals(37, two.mapIdx(cpu1, 2, 0x20000));
    assertEquals(36, two.mapIdx(cpu1, 2, 0x20001));
    // kmap_local_unmap_idx takes the colour from the address: 0x9fc5a000 is even, 0x9fc5b000 odd.
    assertEquals(37, two.unmapIdx(cpu1, 2, 0x9fc5a000L));
    assertEquals(36, two.unmapIdx(cpu1, 2, 0x9fc5b000L + 0x10));
    RecordingHardwareServices cpu0debug = new RecordingHardwareServices(0, 33);
    assertEquals(1, two.mapIdx(cpu0debug, 0, 0x7ffffffeL));
    assertEquals(66 + 1, two.mapIdx(new RecordingHardwareServices(1, 33), 0, 0x20000));
  }

  @Test
  void twoColoursScanPkmapPerColour() {
    assertEquals(0, two.getPkmapColor(0x20000));
    assertEquals(1, two.getPkmapColor(0x20001));
    int[] last = new int[2];
    // last_pkmap_nr_arr[color] += DCACHE_N_COLORS, masked by LAST_PKMAP_MASK, plus the colour.
    assertEquals(2, two.getNextPkmapNr(last, 0, 2048));
    assertEquals(3, two.getNextPkmapNr(last, 1, 2048));
    assertEquals(4, two.getNextPkmapNr(last, 0, 2048));
    last[1] = 2046;
    assertEquals(1, two.getNextPkmapNr(last, 1, 2048), "wrapped: (2046 + 2) & 2047 = 0, + 1");
    assertTrue(two.noMorePkmaps(1, 1), "pkmap_nr < DCACHE_N_COLORS");
    assertTrue(two.noMorePkmaps(0, 0));
    assertFalse(two.noMorePkmaps(2, 0));
    assertEquals(1024, two.getPkmapEntriesCount(1, 2048));
    assertEquals(1, two.getPkmapWaitQueueHead(1));
    assertEquals(0, two.getPkmapWaitQueueHead(0));
  }
}
