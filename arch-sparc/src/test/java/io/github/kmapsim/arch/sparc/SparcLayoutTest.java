// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the vectors (NR_CPUS 4) do not hold: the largest fixmap, the fixed vmalloc area above the
 * fixmap, the arch regions and the PTE tables.
 */
class SparcLayoutTest {

  @Test
  void theLargestFixmapStaysAbovePkmap() {
    // 32 CPUs with DEBUG_KMAP_LOCAL: FIX_KMAP_END 1056, 1057 pages below 0xfcfff000.
    MemoryLayout l = SparcLayout.of(32, 33);
    assertEquals(1056, l.fixKmapEnd());
    assertEquals(0xfcfff000L - (1057L << 12), l.fixaddrStart());
    assertEquals(0xfcbde000L, l.fixaddrStart());
    assertTrue(l.fixaddrStart() >= l.pkmapBase() + (1024L << 12), "fixmap above pkmap's end");
    assertEquals(1791, SparcLayout.FIXMAP_ROOM);
  }

  @Test
  void theSlotsGrowDownFromBelowTheFixHole() {
    MemoryLayout l = SparcLayout.of(4, 16);
    assertEquals(0xfcfff000L, l.fixToVirt(0)); // FIX_HOLE
    assertEquals(0xfcffe000L, l.fixToVirt(l.fixKmapBegin()));
    assertEquals(0xfcfbf000L, l.fixToVirt(l.fixKmapEnd()));
    assertEquals(64, l.virtToFix(0xfcfbf123L));
  }

  @Test
  void vmallocIsFixedAboveTheFixmapAndTheIoPages() {
    MemoryLayout l = SparcLayout.of(4, 16);
    assertEquals(0xfe600000L, l.vmallocStart(0xf8000000L));
    assertEquals(0xfe600000L, l.vmallocStart(0xfc000000L));
    assertEquals(0xffc00000L, l.vmallocEnd());
    assertTrue(l.vmallocStart(0xfc000000L) > l.fixaddrTop());
    assertEquals(0, l.vmallocOffset());
    assertEquals(List.of(
        new MemoryLayout.Region("nocache", 0xfc000000L, 0xfc500000L),
        new MemoryLayout.Region("sun4m io", 0xfd000000L, 0xfe600000L),
        new MemoryLayout.Region("prom dvma", 0xffc00000L, 0xfffc0000L)), l.archRegions());
  }

  @Test
  void pkmapIsSixteenSrmmuTablesFromAPmdBoundary() {
    // PMD_SHIFT 18, PTRS_PER_PTE 64 (v5.8 on): PMD_ALIGN(0xfc500000) is itself.
    MemoryLayout l = SparcLayout.of(4, 16);
    assertEquals(64, l.ptrsPerPte());
    assertEquals(0xfc500000L, l.pkmapBase());
    assertEquals(0, l.pkmapBase() % (64L << 12));
    assertEquals(1024, l.lastPkmap());
    assertTrue(l.kmapPteTablesContiguous());
    assertEquals(0xf0000000L, l.pageOffset());
    assertEquals(0x0c000000L, l.maxLowmemBytes());
  }
}
