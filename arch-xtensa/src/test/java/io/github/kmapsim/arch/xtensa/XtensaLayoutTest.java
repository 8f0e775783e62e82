// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Layouts worked out by hand from the v5.11 headers, with CONFIG_XTENSA_KSEG_512M:
 *
 * <ul>
 *   <li>kmem_layout.h / page.h: PAGE_OFFSET = XCHAL_KSEG_CACHED_VADDR = 0xa0000000; MAX_LOW_PFN =
 *       0 + PHYS_PFN(0x20000000) = 0x20000 (512 MiB).
 *   <li>pgtable.h: VMALLOC_START = 0xa0000000 - 0x10000000 = 0x90000000, VMALLOC_END = + 0x07FEFFFF
 *       = 0x97feffff, TLBTEMP_BASE_1 = + 0x08000000 = 0x98000000, TLBTEMP_SIZE = 2 *
 *       DCACHE_WAY_SIZE when that exceeds ICACHE_WAY_SIZE; PMD_MASK 0xffc00000.
 *   <li>fixmap.h: FIX_KMAP_BEGIN 0, FIX_KMAP_END = KM_MAX_IDX * NR_CPUS * DCACHE_N_COLORS - 1,
 *       FIXADDR_SIZE = (FIX_KMAP_END + 1) pages, FIXADDR_END = 0x9ffff000, FIXADDR_START =
 *       (FIXADDR_END - FIXADDR_SIZE) & PMD_MASK, FIXADDR_TOP = FIXADDR_START + FIXADDR_SIZE -
 *       PAGE_SIZE; asm-generic fix_to_virt(i) = FIXADDR_TOP - (i << 12).
 *   <li>highmem.h: LAST_PKMAP = 1024 * DCACHE_N_COLORS, PKMAP_BASE = (FIXADDR_START - (LAST_PKMAP
 *       + 1) pages) & PMD_MASK.
 *   <li>mm/highmem.c (xtensa): slot s of CPU c for a page of colour k is index (s + KM_MAX_IDX *
 *       c) * N + N - 1 - k; with N = 1 that is kmap_local_calc_idx.
 * </ul>
 */
class XtensaLayoutTest {

  private static ArchVariant variant(String name) {
    return new XtensaPlugin().variants().stream().filter(v -> v.name().equals(name)).findFirst()
        .orElseThrow();
  }

  private static MemoryLayout layout(String variant, int nrCpus, int kmMaxIdx) {
    return variant(variant).layout(nrCpus, kmMaxIdx);
  }

  /** What every layout shares. */
  private static void assertCommon(MemoryLayout l) {
    assertEquals(12, l.pageShift());
    assertEquals(0xa0000000L, l.pageOffset());
    assertEquals(0x20000000L, l.maxLowmemBytes());
    assertEquals(0x90000000L, l.vmallocStart(0xa8000000L), "below PAGE_OFFSET, fixed");
    assertEquals(0x90000000L, l.vmallocStart(0xc0000000L));
    assertEquals(0x97feffffL, l.vmallocEnd());
    assertEquals(0, l.vmallocOffset(), "xtensa has no VMALLOC_OFFSET");
    assertEquals(0, l.fixKmapBegin());
    assertEquals(1024, l.ptrsPerPte());
    assertTrue(l.kmapPteTablesContiguous(), "init_pmd allocates the tables in one piece");
  }

  @Nested
  class OneColour {

    @Test
    void with4CpusAndKmMaxIdx16() {
      MemoryLayout l = layout("xtensa", 4, 16);
      assertCommon(l);
      assertEquals(63, l.fixKmapEnd());
      // FIXADDR_SIZE 0x40000: (0x9ffff000 - 0x40000 = 0x9ffbf000) & PMD_MASK.
      assertEquals(0x9fc00000L, l.fixaddrStart());
      assertEquals(0x9fc3f000L, l.fixaddrTop()); // 0x9fc00000 + 0x40000 - 0x1000
      assertEquals(0x9fc3f000L, l.fixToVirt(0)); // CPU0 slot 0
      assertEquals(0x9fc3e000L, l.fixToVirt(1)); // CPU0 slot 1
      assertEquals(0x9fc2f000L, l.fixToVirt(16)); // CPU1 slot 0
      assertEquals(0x9fc2e000L, l.fixToVirt(17)); // CPU1 slot 1
      assertEquals(0x9fc00000L, l.fixToVirt(63), "FIX_KMAP_END at FIXADDR_START");
      assertEquals(16, l.virtToFix(0x9fc2f000L + 0x123));
      assertEquals(1024, l.lastPkmap());
      // (0x9fc00000 - 1025 pages = 0x9f7ff000) & PMD_MASK.
      assertEquals(0x9f400000L, l.pkmapBase());
      assertEquals(List.of(new MemoryLayout.Region("tlbtemp", 0x98000000L, 0x98002000L)),
          l.archRegions(), "TLBTEMP_SIZE 2 * 4 KiB on dc233c");
    }

    @Test
    void with4CpusAndKmMaxIdx33() {
      MemoryLayout l = layout("xtensa", 4, 33);
      assertCommon(l);
      assertEquals(131, l.fixKmapEnd());
      assertEquals(0x9fc00000L, l.fixaddrStart()); // (0x9ffff000 - 0x84000) & PMD_MASK
      assertEquals(0x9fc83000L, l.fixaddrTop()); // 0x9fc00000 + 0x84000 - 0x1000
      assertEquals(0x9fc83000L, l.fixToVirt(0));
      assertEquals(0x9fc82000L, l.fixToVirt(1));
      assertEquals(0x9fc62000L, l.fixToVirt(33)); // CPU1 slot 0: - 0x21000
      assertEquals(0x9fc61000L, l.fixToVirt(34));
      assertEquals(0x9f400000L, l.pkmapBase());
    }

    @Test
    void with32CpusTheFixmapTakesAnotherPmd() {
      MemoryLayout l = layout("xtensa", 32, 33);
      assertEquals(1055, l.fixKmapEnd());
      // FIXADDR_SIZE 1056 pages = 0x420000: (0x9ffff000 - 0x420000 = 0x9fbdf000) & PMD_MASK.
      assertEquals(0x9f800000L, l.fixaddrStart());
      assertEquals(0x9fc1f000L, l.fixaddrTop());
      assertEquals(0x9f000000L, l.pkmapBase()); // (0x9f800000 - 0x401000) & PMD_MASK
    }
  }

  @Nested
  class TwoColours {

    @Test
    void with4CpusAndKmMaxIdx16() {
      MemoryLayout l = layout("xtensa-c2", 4, 16);
      assertCommon(l);
      assertEquals(127, l.fixKmapEnd()); // 16 * 4 * 2 - 1
      assertEquals(0x9fc00000L, l.fixaddrStart()); // (0x9ffff000 - 0x80000) & PMD_MASK
      assertEquals(0x9fc7f000L, l.fixaddrTop()); // 0x9fc00000 + 0x80000 - 0x1000
      // CPU0 slot 0: index 1 for colour 0, 0 for colour 1.
      assertEquals(0x9fc7e000L, l.fixToVirt(1));
      assertEquals(0x9fc7f000L, l.fixToVirt(0));
      // CPU0 slot 1: indices 3 and 2; CPU1 slot 0: (0 + 16) * 2 + 1 - k = 33, 32.
      assertEquals(0x9fc7c000L, l.fixToVirt(3));
      assertEquals(0x9fc7d000L, l.fixToVirt(2));
      assertEquals(0x9fc5e000L, l.fixToVirt(33));
      assertEquals(0x9fc5f000L, l.fixToVirt(32));
      assertEquals(0x9fc5c000L, l.fixToVirt(35)); // CPU1 slot 1, colour 0
      assertEquals(0x9fc5d000L, l.fixToVirt(34)); // CPU1 slot 1, colour 1
      assertEquals(0L, (l.fixaddrTop() + l.pageSize()) >>> 12 & 1,
          "FIXADDR_TOP + PAGE_SIZE is colour aligned: index i has colour (i + 1) & 1 reversed");
      assertEquals(2048, l.lastPkmap());
      // (0x9fc00000 - 2049 pages = 0x9f3ff000) & PMD_MASK.
      assertEquals(0x9f000000L, l.pkmapBase());
      assertEquals(List.of(new MemoryLayout.Region("tlbtemp", 0x98000000L, 0x98004000L)),
          l.archRegions(), "TLBTEMP_SIZE 2 * 8 KiB");
    }

    @Test
    void with4CpusAndKmMaxIdx33() {
      MemoryLayout l = layout("xtensa-c2", 4, 33);
      assertEquals(263, l.fixKmapEnd()); // 33 * 4 * 2 - 1
      // FIXADDR_SIZE 264 pages = 0x108000: (0x9ffff000 - 0x108000 = 0x9fef7000) & PMD_MASK.
      assertEquals(0x9fc00000L, l.fixaddrStart());
      assertEquals(0x9fd07000L, l.fixaddrTop()); // 0x9fc00000 + 0x108000 - 0x1000
      assertEquals(0x9fd06000L, l.fixToVirt(1)); // CPU0 slot 0, colour 0
      assertEquals(0x9fcc4000L, l.fixToVirt(67)); // CPU1 slot 0, colour 0: (33 * 2) + 1
      assertEquals(0x9f000000L, l.pkmapBase());
    }

    @Test
    void with32CpusAndKmMaxIdx33() {
      MemoryLayout l = layout("xtensa-c2", 32, 33);
      assertEquals(2111, l.fixKmapEnd());
      // FIXADDR_SIZE 2112 pages = 0x840000: (0x9ffff000 - 0x840000 = 0x9f7bf000) & PMD_MASK.
      assertEquals(0x9f400000L, l.fixaddrStart());
      assertEquals(0x9fc3f000L, l.fixaddrTop()); // 0x9f400000 + 0x840000 - 0x1000
      assertEquals(0x9e800000L, l.pkmapBase()); // (0x9f400000 - 0x801000 = 0x9ebff000) & PMD_MASK
    }
  }

  @Test
  void aFixmapReachingTheTlbtempAreaIsRefused() {
    // 256 CPUs x 33 x 2: FIXADDR_SIZE 0x4200000 puts FIXADDR_START at 0x9bc00000 and
    // PKMAP_BASE at 0x9b000000, still above TLBTEMP; with 1024 (0x10800000) FIXADDR_START is
    // 0x8f400000. Beyond NR_CPUS 32, so only the layout itself can be asked.
    assertEquals(0x9b000000L, XtensaLayout.of(XtensaCore.CUSTOM_8K_WAY, 256, 33).pkmapBase());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> XtensaLayout.of(XtensaCore.CUSTOM_8K_WAY, 1024, 33));
    assertTrue(e.getMessage().contains("FIXADDR_START at 0x8f400000"), e.getMessage());
    assertTrue(e.getMessage().startsWith("BUILD_BUG_ON(PKMAP_BASE < TLBTEMP_BASE_1 + TLBTEMP_SIZE)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("TLBTEMP area's end 0x98004000"), e.getMessage());
  }
}
