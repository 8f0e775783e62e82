// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layouts worked out by hand from the v5.11 headers.
 *
 * <ul>
 *   <li>asm/memory.h: FIXADDR_TOP = 0xffffc000; PKMAP_BASE = 0xff800000; VMALLOC_START =
 *       PAGE_OFFSET + LOWMEM_LIMIT + 8 pages = 0xc0008000; VMALLOC_END = PKMAP_BASE - 2 pages =
 *       0xff7fe000.
 *   <li>asm/page.h: PAGE_OFFSET = CONFIG_PAGE_OFFSET (0x80000000, PAGE_OFFSET_80000000);
 *       LOWMEM_LIMIT = SSEG_SIZE (0x20000000) * 2, so max_low_pfn = 0x40000 on a 2 GiB machine
 *       with DRAM at 0 (csky_memblock_init()).
 *   <li>asm/fixmap.h without HAVE_TCM: FIX_KMAP_BEGIN = 0, FIX_KMAP_END = KM_MAX_IDX * NR_CPUS -
 *       1, FIXADDR_START = FIXADDR_TOP - ((FIX_KMAP_END + 1) &lt;&lt; PAGE_SHIFT).
 *   <li>asm-generic/fixmap.h: slot s of CPU c is at FIXADDR_TOP - ((s + KM_MAX_IDX * c) &lt;&lt;
 *       12), so CPU 0's slot 0 is FIXADDR_TOP itself.
 *   <li>asm/highmem.h: LAST_PKMAP = 1024; asm/pgtable.h: PTRS_PER_PTE = 1024 (PGDIR_SHIFT 22).
 * </ul>
 */
class CskyLayoutTest {

  private static ArchVariant variant(String name) {
    return new CskyPlugin().variants().stream().filter(v -> v.name().equals(name)).findFirst()
        .orElseThrow();
  }

  private static void assertSlots(
      MemoryLayout l, int kmMaxIdx, long s0c0, long s1c0, long s0c1, long s1c1) {
    int begin = l.fixKmapBegin();
    assertEquals(s0c0, l.fixToVirt(begin));
    assertEquals(s1c0, l.fixToVirt(begin + 1));
    assertEquals(s0c1, l.fixToVirt(begin + kmMaxIdx));
    assertEquals(s1c1, l.fixToVirt(begin + 1 + kmMaxIdx));
    assertEquals(begin + kmMaxIdx, l.virtToFix(s0c1 + 0xfff));
  }

  private static void assertCommon(MemoryLayout l) {
    assertEquals(12, l.pageShift());
    assertEquals(0x80000000L, l.pageOffset());
    assertEquals(0x40000000L, l.maxLowmemBytes()); // LOWMEM_LIMIT
    assertEquals(0x40000L, Math.min(2L << 30, l.maxLowmemBytes()) >> 12, "max_low_pfn, 2 GiB");
    assertEquals(0xc0008000L, l.vmallocStart(0xc0000000L), "PAGE_OFFSET + LOWMEM_LIMIT + 8 pages");
    assertEquals(0xc0008000L, l.vmallocStart(0xa0000000L), "not derived from high_memory");
    assertEquals(0x8000L, l.vmallocOffset());
    assertEquals(0xff7fe000L, l.vmallocEnd());
    assertEquals(0xff800000L, l.pkmapBase());
    assertEquals(1024, l.lastPkmap());
    assertEquals(0xffffc000L, l.fixaddrTop());
    assertEquals(0, l.fixKmapBegin());
    assertEquals(1024, l.ptrsPerPte());
    assertEquals(List.of(), l.archRegions());
    assertFalse(l.kmapPteTablesContiguous(), "fixrange_init() allocates each table on its own");
  }

  @Test
  void ck860With2CpusAndKmMaxIdx16() {
    MemoryLayout l = variant("csky-ck860").layout(2, 16);
    assertCommon(l);
    assertEquals(31, l.fixKmapEnd());
    // CPU 1 starts at index 16: 0xffffc000 - 0x10000.
    assertSlots(l, 16, 0xffffc000L, 0xffffb000L, 0xfffec000L, 0xfffeb000L);
    assertEquals(0xfffdc000L, l.fixaddrStart()); // 32 pages below FIXADDR_TOP
    assertEquals(0xfffdd000L, l.fixToVirt(l.fixKmapEnd()));
  }

  @Test
  void theFixmapStopsAbovePkmap() {
    // 1020 pages fit between 0xffc00000 (PKMAP_BASE + 4 MiB) and FIXADDR_TOP.
    assertEquals(1020, CskyLayout.FIXMAP_ROOM);
    MemoryLayout fits = variant("csky-ck860").layout(30, 33); // 990 pages
    assertEquals(0xffc1e000L, fits.fixaddrStart());
    assertTrue(fits.fixaddrStart() >= fits.pkmapBase() + (1024L << 12));
    assertEquals(0xffdfc000L, variant("csky-ck860").layout(32, 16).fixaddrStart()); // 512
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> variant("csky-ck860").layout(31, 33)); // 1023 pages
    assertTrue(e.getMessage().contains("FIXADDR_START 0xffbfd000 would fall into pkmap"),
        e.getMessage());
    assertTrue(e.getMessage().contains("leave room for 1020"), e.getMessage());
  }
}
