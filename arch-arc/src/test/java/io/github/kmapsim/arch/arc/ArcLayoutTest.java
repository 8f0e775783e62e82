// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layouts worked out by hand from the v5.11 headers (8 KiB pages, CONFIG_ARC_KVADDR_SIZE 256):
 *
 * <ul>
 *   <li>processor.h: PAGE_OFFSET 0x80000000, direct map 0x80000000 - 0xbfffffff; VMALLOC_START =
 *       0x80000000 - 0x10000000 = 0x70000000, VMALLOC_END = 0x70000000 + 0x10000000 - 4 * 2 MiB =
 *       0x7f800000.
 *   <li>pgtable.h: PGDIR_SHIFT 21, PTRS_PER_PTE 1 << 8 = 256.
 *   <li>highmem.h: FIXMAP_BASE = 0x80000000 - 2 MiB - 2 MiB = 0x7fc00000; FIX_KMAP_END = KM_MAX_IDX
 *       * NR_CPUS - 1; FIXADDR_TOP = 0x7fc00000 + (FIX_KMAP_END << 13); __fix_to_virt(x) =
 *       FIXADDR_TOP - (x << 13); PKMAP_BASE = 0x7fe00000, LAST_PKMAP = 2 MiB >> 13 = 256.
 * </ul>
 */
class ArcLayoutTest {

  private static MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    return new ArcPlugin().variants().get(0).layout(nrCpus, kmMaxIdx);
  }

  private static void assertCommon(MemoryLayout l) {
    assertEquals(13, l.pageShift());
    assertEquals(0x80000000L, l.pageOffset());
    assertEquals(0x40000000L, l.maxLowmemBytes());
    assertEquals(0x70000000L, l.vmallocStart(0x90000000L), "below PAGE_OFFSET, fixed");
    assertEquals(0x7f800000L, l.vmallocEnd());
    assertEquals(0x7fc00000L, l.fixaddrStart(), "FIXMAP_BASE");
    assertEquals(0x7fe00000L, l.pkmapBase());
    assertEquals(256, l.lastPkmap());
    assertEquals(256, l.ptrsPerPte());
    assertEquals(0, l.fixKmapBegin());
    assertEquals(List.of(), l.archRegions());
    assertFalse(l.kmapPteTablesContiguous(), "one memblock_alloc_low() per table");
  }

  @Test
  void theFixmapIsOnePteTable() {
    MemoryLayout l = layout(16, 16);
    assertEquals(255, l.fixKmapEnd());
    assertEquals(0x7fdfe000L, l.fixaddrTop(), "the last page below PKMAP_BASE");
    assertEquals(0x7fdcc000L, layout(7, 33).fixaddrTop()); // 230 << 13 = 0x1cc000
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout(8, 33));
    assertTrue(e.getMessage().startsWith("BUILD_BUG_ON(FIX_KMAP_SLOTS > PTRS_PER_PTE)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("33 * NR_CPUS 8 = 264"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> layout(17, 16));
  }

  @Test
  void pae40HasTheSameLayout() {
    ArchVariant pae = new ArcPlugin().variants().get(1);
    MemoryLayout l = pae.layout(4, 16);
    assertCommon(l);
    assertEquals(0x7fc7e000L, l.fixaddrTop());
  }
}
