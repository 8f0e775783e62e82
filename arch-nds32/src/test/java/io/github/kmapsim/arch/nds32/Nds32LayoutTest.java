// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layouts worked out by hand from the v5.11 headers (4 KiB pages, VMSPLIT_3G_OPT, NR_CPUS 1):
 *
 * <ul>
 *   <li>fixmap.h: FIX_KMAP_BEGIN 2, FIX_KMAP_END = 2 + KM_MAX_IDX - 1, then FIX_EARLYCON_MEM_BASE
 *       and __end_of_fixed_addresses = FIX_KMAP_END + 2; FIXADDR_TOP 0xffff0000, FIXADDR_START =
 *       FIXADDR_TOP - (__end_of_fixed_addresses << 12); fix_to_virt(i) = 0xffff0000 - (i << 12).
 *   <li>highmem.h: PKMAP_BASE = (FIXADDR_START - 4 MiB) & ~(4 MiB - 1), LAST_PKMAP 1024.
 *   <li>pgtable.h: CONSISTENT_BASE = PKMAP_BASE - 2 MiB, VMALLOC_END = CONSISTENT_BASE - 4 KiB,
 *       VMALLOC_START = VMALLOC_END - 128 MiB, MAXMEM = VMALLOC_START - PAGE_OFFSET (0xb0000000).
 * </ul>
 */
class Nds32LayoutTest {

  private static MemoryLayout layout(int kmMaxIdx) {
    return new Nds32Plugin().variants().get(0).layout(1, kmMaxIdx);
  }

  private static void assertCommon(MemoryLayout l) {
    assertEquals(12, l.pageShift());
    assertEquals(0xb0000000L, l.pageOffset());
    assertEquals(0xffff0000L, l.fixaddrTop());
    assertEquals(2, l.fixKmapBegin());
    assertEquals(0xff800000L, l.pkmapBase());
    assertEquals(1024, l.lastPkmap());
    assertEquals(0xff5ff000L, l.vmallocEnd());
    assertEquals(0xf75ff000L, l.vmallocStart(0xf75ff000L), "where lowmem ends");
    // MAXMEM = 0xf75ff000 - 0xb0000000: max_low_pfn 0x475ff.
    assertEquals(0x475ff000L, l.maxLowmemBytes());
    assertEquals(0, l.vmallocOffset());
    assertEquals(List.of(new MemoryLayout.Region("consist", 0xff600000L, 0xff800000L)),
        l.archRegions());
    assertEquals(1024, l.ptrsPerPte());
    assertFalse(l.kmapPteTablesContiguous());
  }

  /** What the reference vectors ({@link Nds32Vectors}) do not name: vmalloc's end, DMA, tables. */
  @Test
  void theRegionsAroundPkmapDoNotDependOnKmMaxIdx() {
    assertCommon(layout(16));
    assertCommon(layout(33));
  }
}
