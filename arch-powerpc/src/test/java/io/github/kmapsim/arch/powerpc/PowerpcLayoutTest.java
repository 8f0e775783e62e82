// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Layouts worked out by hand from the v5.11 headers.
 *
 * <ul>
 *   <li>asm/fixmap.h (PPC32, 4 KiB pages): FIXADDR_TOP = 0xfffff000; FIX_EARLY_DEBUG_BASE = 31,
 *       FIX_KMAP_BEGIN = 32, FIX_KMAP_END = 32 + KM_MAX_IDX * NR_CPUS - 1; 1024 FIX_BTMAP slots
 *       after it; FIXADDR_START = 0xfffff000 - ((FIX_KMAP_END + 1 + 1024) &lt;&lt; 12).
 *   <li>asm/highmem.h: LAST_PKMAP = 1 &lt;&lt; PTE_SHIFT (1024 with 32-bit PTEs, 512 with
 *       64-bit); PKMAP_BASE = (FIXADDR_START - (LAST_PKMAP + 1) pages) &amp; PMD_MASK (4 MiB or
 *       2 MiB).
 *   <li>asm/book3s/32/pgtable.h, asm/nohash/32/pgtable.h: VMALLOC_START = (high_memory + 16 MiB)
 *       &amp; ~(16 MiB - 1); VMALLOC_END = ioremap_bot = IOREMAP_TOP = PKMAP_BASE.
 *   <li>arch/powerpc/Kconfig: PAGE_OFFSET 0xc0000000, LOWMEM_SIZE 0x30000000, so max_low_pfn =
 *       0x30000 on a 2 GiB machine and high_memory = 0xf0000000.
 * </ul>
 */
class PowerpcLayoutTest {

  private static ArchVariant variant(String name) {
    return new PowerpcPlugin().variants().stream().filter(v -> v.name().equals(name))
        .findFirst().orElseThrow();
  }

  /** What both MMU families share: the PPC32 fixmap, PAGE_OFFSET, lowmem and vmalloc start. */
  private static void assertCommon(MemoryLayout l, int kmMaxIdx) {
    assertEquals(12, l.pageShift());
    assertEquals(0xc0000000L, l.pageOffset());
    assertEquals(0x30000000L, l.maxLowmemBytes());
    assertEquals(0x30000L, Math.min(2L << 30, l.maxLowmemBytes()) >> 12, "max_low_pfn, 2 GiB");
    assertEquals(0x1000000L, l.vmallocOffset());
    assertEquals(0xf1000000L, l.vmallocStart(0xf0000000L)); // high_memory of 768 MiB lowmem
    assertEquals(0xe1000000L, l.vmallocStart(0xe0400000L)); // rounded down to 16 MiB
    assertEquals(0xfffff000L, l.fixaddrTop());
    assertEquals(32, l.fixKmapBegin());
    assertEquals(0xfffdf000L, l.fixToVirt(32), "CPU 0 slot 0, below 128 KiB of early debug");
    assertEquals(0xfffde000L, l.fixToVirt(33), "CPU 0 slot 1");
    assertEquals(0xfffff000L - ((32L + kmMaxIdx) << 12), l.fixToVirt(32 + kmMaxIdx));
    assertEquals(l.pkmapBase(), l.vmallocEnd(), "VMALLOC_END = ioremap_bot = PKMAP_BASE");
    assertEquals(List.of(), l.archRegions());
    assertTrue(l.kmapPteTablesContiguous(), "early_ioremap_init(): early_fixmap_pagetable");
  }

  @Nested
  class Book3s32 {
    private final ArchVariant v = variant("powerpc-book3s32");

    @Test
    void with32CpusAndKmMaxIdx33() {
      MemoryLayout l = v.layout(32, 33);
      assertEquals(1087, l.fixKmapEnd());
      assertEquals(0xff7bf000L, l.fixaddrStart()); // 2112 pages
      assertEquals(0xff000000L, l.pkmapBase()); // 0xff3be000 rounded down to 4 MiB
    }
  }

  @Nested
  class E500 {
    private final ArchVariant v = variant("powerpc-e500");

    @Test
    void with2CpusAndKmMaxIdx33() {
      MemoryLayout l = v.layout(2, 33);
      assertCommon(l, 33);
      assertEquals(97, l.fixKmapEnd()); // 32 + 66 - 1
      assertEquals(0xffb9d000L, l.fixaddrStart()); // 1122 pages
      assertEquals(0xff800000L, l.pkmapBase());
    }

    @Test
    void with32CpusAndKmMaxIdx33() {
      MemoryLayout l = v.layout(32, 33);
      assertEquals(0xff7bf000L, l.fixaddrStart());
      assertEquals(0xff400000L, l.pkmapBase()); // 0xff5be000 rounded down to 2 MiB
    }
  }
}
