// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Layouts worked out by hand from the headers.
 *
 * <ul>
 *   <li>fixmap.h: FIX_KMAP_BEGIN = FIX_CMAP_END (8 * 2 = 16) + 1 = 17; FIX_KMAP_END = 17 +
 *       KM_MAX_IDX * NR_CPUS - 1; {@code __end_of_fixed_addresses} (E) = FIX_KMAP_END + 1;
 *       FIXADDR_START = FIXADDR_TOP - (E &lt;&lt; PAGE_SHIFT).
 *   <li>mach-generic/spaces.h: FIXADDR_TOP = 0xfffe0000; PAGE_OFFSET = CAC_BASE 0x80000000 +
 *       PHYS_OFFSET 0; HIGHMEM_START = 0x20000000; MAP_BASE (VMALLOC_START) = 0xc0000000.
 *   <li>asm-generic/fixmap.h: fix_to_virt(i) = FIXADDR_TOP - (i &lt;&lt; PAGE_SHIFT); slot s of
 *       CPU c is index 17 + s + KM_MAX_IDX * c (kmap_local_calc_idx).
 *   <li>pgtable-32.h: PKMAP_END = FIXADDR_START &amp; ~((LAST_PKMAP &lt;&lt; PAGE_SHIFT) - 1) with
 *       LAST_PKMAP 1024 (highmem.h), i.e. rounded down to 4 MiB (4 KiB pages) or 16 MiB (16 KiB);
 *       PKMAP_BASE = PKMAP_END - 1024 pages; VMALLOC_END = PKMAP_BASE - 2 pages; PTRS_PER_PTE =
 *       PAGE_SIZE / 4, so one PTE table maps 1 &lt;&lt; PGDIR_SHIFT (2 * PAGE_SHIFT - 2) bytes.
 * </ul>
 */
class MipsLayoutTest {

  private static MemoryLayout layout(String variant, int nrCpus, int kmMaxIdx) {
    ArchVariant v =
        new MipsPlugin().variants().stream().filter(x -> x.name().equals(variant)).findFirst()
            .orElseThrow();
    return v.layout(nrCpus, kmMaxIdx);
  }

  /** Slots 0 and 1 of CPUs 0 and 1: fix_to_virt(FIX_KMAP_BEGIN + slot + KM_MAX_IDX * cpu). */
  private static void assertSlots(
      MemoryLayout l, int kmMaxIdx, long s0c0, long s1c0, long s0c1, long s1c1) {
    int begin = l.fixKmapBegin();
    assertEquals(s0c0, l.fixToVirt(begin));
    assertEquals(s1c0, l.fixToVirt(begin + 1));
    assertEquals(s0c1, l.fixToVirt(begin + kmMaxIdx));
    assertEquals(s1c1, l.fixToVirt(begin + 1 + kmMaxIdx));
    assertEquals(begin + kmMaxIdx, l.virtToFix(s0c1));
  }

  /** The kmap window: [fix_to_virt(FIX_KMAP_END), fix_to_virt(FIX_KMAP_BEGIN) + PAGE_SIZE). */
  private static void assertWindow(MemoryLayout l, long start, long end) {
    assertEquals(start, l.fixToVirt(l.fixKmapEnd()));
    assertEquals(end, l.fixToVirt(l.fixKmapBegin()) + l.pageSize());
  }

  /** Whether the kmap window lies in the one PTE table that holds FIX_KMAP_BEGIN. */
  private static boolean windowInOneTable(MemoryLayout l) {
    long tableBytes = (long) l.ptrsPerPte() << l.pageShift();
    return l.fixToVirt(l.fixKmapBegin()) / tableBytes == l.fixToVirt(l.fixKmapEnd()) / tableBytes;
  }

  /** What does not depend on the page size. */
  private static void assertCommon(MemoryLayout l) {
    assertEquals(0x80000000L, l.pageOffset());
    assertEquals(0x20000000L, l.maxLowmemBytes()); // HIGHMEM_START: KSEG0 maps 512 MiB
    assertEquals(0x20000000L, l.vmallocOffset()); // 0xc0000000 - (0x80000000 + 0x20000000)
    assertEquals(0xc0000000L, l.vmallocStart(0x90000000L), "MAP_BASE whatever high_memory is");
    assertEquals(0xfffe0000L, l.fixaddrTop());
    assertEquals(1024, l.lastPkmap());
    assertEquals(17, l.fixKmapBegin());
    assertEquals(List.of(), l.archRegions());
    assertFalse(l.kmapPteTablesContiguous(), "fixrange_init allocates each table on its own");
  }

  @Nested
  class FourKiB {

    private void assertPaging(MemoryLayout l) {
      assertCommon(l);
      assertEquals(12, l.pageShift());
      assertEquals(1024, l.ptrsPerPte()); // 4096 / sizeof(pte_t); PGDIR_SHIFT 22: 4 MiB a table
    }

    @Test
    void with8CpusAndKmMaxIdx16() {
      MemoryLayout l = layout("mips", 8, 16);
      assertPaging(l);
      assertEquals(144, l.fixKmapEnd()); // 17 + 16 * 8 - 1
      assertSlots(l, 16, 0xfffcf000L, 0xfffce000L, 0xfffbf000L, 0xfffbe000L);
      assertWindow(l, 0xfff50000L, 0xfffd0000L); // 0xfffe0000 - 0x90000
      assertEquals(0xfff4f000L, l.fixaddrStart()); // E = 145: 0xfffe0000 - 0x91000
      assertEquals(0xff800000L, l.pkmapBase());
      assertEquals(0xff7fe000L, l.vmallocEnd());
    }

    @Test
    void with8CpusAndKmMaxIdx33() {
      MemoryLayout l = layout("mips", 8, 33);
      assertPaging(l);
      assertEquals(280, l.fixKmapEnd()); // 17 + 33 * 8 - 1
      assertSlots(l, 33, 0xfffcf000L, 0xfffce000L, 0xfffae000L, 0xfffad000L);
      assertWindow(l, 0xffec8000L, 0xfffd0000L); // 0xfffe0000 - 0x118000
      assertEquals(0xffec7000L, l.fixaddrStart()); // E = 281: 0xfffe0000 - 0x119000
      assertEquals(0xff800000L, l.pkmapBase());
      assertEquals(0xff7fe000L, l.vmallocEnd());
    }

    @Test
    void theWindowLeavesTheTableOfFixKmapBeginAfter976Slots() {
      // fix_to_virt(17) = 0xfffcf000 is entry 0x3cf of the table at 0xffc00000: 976 slots fit.
      MemoryLayout fits = layout("mips", 61, 16); // 976 slots: FIX_KMAP_END 992 at 0xffc00000
      assertEquals(0xffc00000L, fits.fixToVirt(fits.fixKmapEnd()));
      assertTrue(windowInOneTable(fits));
      MemoryLayout crosses = layout("mips", 62, 16); // 992 slots: down to 0xffbf0000
      assertEquals(0xffbf0000L, crosses.fixToVirt(crosses.fixKmapEnd()));
      assertFalse(windowInOneTable(crosses));
      // The NR_CPUS 32 the Kconfig help names for 32-bit kernels crosses with KM_MAX_IDX 33:
      // FIX_KMAP_END 1072 at 0xffbb0000; FIXADDR_START 0xffbaf000, so PKMAP_BASE 0xff400000.
      MemoryLayout debug32 = layout("mips", 32, 33);
      assertFalse(windowInOneTable(debug32));
      assertEquals(0xff400000L, debug32.pkmapBase());
    }

    @Test
    void theFixmapStillFitsAtMaxCpus() {
      // E = 17 + 33 * 256 = 8465: FIXADDR_START = 0xfffe0000 - 0x2111000 = 0xfdecf000;
      // PKMAP_END 0xfdc00000, PKMAP_BASE 0xfd800000, VMALLOC_END 0xfd7fe000.
      MemoryLayout l = layout("mips", 256, 33);
      assertEquals(8464, l.fixKmapEnd());
      assertEquals(0xfdecf000L, l.fixaddrStart());
      assertEquals(0xfd800000L, l.pkmapBase());
      assertEquals(0xfd7fe000L, l.vmallocEnd());
    }
  }

  @Nested
  class SixteenKiB {

    private void assertPaging(MemoryLayout l) {
      assertCommon(l);
      assertEquals(14, l.pageShift());
      assertEquals(4096, l.ptrsPerPte()); // 16384 / sizeof(pte_t); PGDIR_SHIFT 26: 64 MiB a table
    }

    @Test
    void with8CpusAndKmMaxIdx16() {
      MemoryLayout l = layout("mips-16k", 8, 16);
      assertPaging(l);
      assertEquals(144, l.fixKmapEnd());
      assertSlots(l, 16, 0xfff9c000L, 0xfff98000L, 0xfff5c000L, 0xfff58000L);
      assertWindow(l, 0xffda0000L, 0xfffa0000L); // 0xfffe0000 - (144 << 14 = 0x240000)
      assertEquals(0xffd9c000L, l.fixaddrStart()); // E = 145: 0xfffe0000 - 0x244000
      assertEquals(0xfe000000L, l.pkmapBase());
      assertEquals(0xfdff8000L, l.vmallocEnd());
    }

    @Test
    void with8CpusAndKmMaxIdx33() {
      MemoryLayout l = layout("mips-16k", 8, 33);
      assertPaging(l);
      assertEquals(280, l.fixKmapEnd());
      assertSlots(l, 33, 0xfff9c000L, 0xfff98000L, 0xfff18000L, 0xfff14000L);
      assertWindow(l, 0xffb80000L, 0xfffa0000L); // 0xfffe0000 - (280 << 14 = 0x460000)
      assertEquals(0xffb7c000L, l.fixaddrStart()); // E = 281: 0xfffe0000 - 0x464000
      assertEquals(0xfe000000L, l.pkmapBase());
      assertEquals(0xfdff8000L, l.vmallocEnd());
    }

    @Test
    void theWindowLeavesTheTableOfFixKmapBeginAfter4072Slots() {
      // fix_to_virt(17) = 0xfff9c000 is entry 0xfe7 (4071) of the table at 0xfc000000.
      MemoryLayout fits = layout("mips-16k", 254, 16); // 4064 slots
      assertTrue(windowInOneTable(fits));
      MemoryLayout crosses = layout("mips-16k", 255, 16); // 4080 slots
      assertFalse(windowInOneTable(crosses));
    }

    @Test
    void theFixmapStillFitsAtMaxCpus() {
      // E = 8465: FIXADDR_START = 0xfffe0000 - (8465 << 14 = 0x8444000) = 0xf7b9c000;
      // PKMAP_END 0xf7000000, PKMAP_BASE 0xf6000000, VMALLOC_END 0xf5ff8000.
      MemoryLayout l = layout("mips-16k", 256, 33);
      assertEquals(0xf7b9c000L, l.fixaddrStart());
      assertEquals(0xf6000000L, l.pkmapBase());
      assertEquals(0xf5ff8000L, l.vmallocEnd());
    }
  }

  @Test
  void aFixmapReachingVmallocStartIsRefused() {
    // 2048 CPUs x 33 with 16 KiB pages: E = 67601, FIXADDR_START = 0xfffe0000 - 0x42044000 =
    // 0xbdf9c000, below MAP_BASE. Beyond NR_CPUS 256, so only the layout itself can be asked.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MipsLayout.of(14, 2048, 33));
    assertTrue(e.getMessage().contains("VMALLOC_START (MAP_BASE 0xc0000000)"), e.getMessage());
    assertTrue(e.getMessage().contains("FIXADDR_START at 0xbdf9c000"), e.getMessage());
    // 1024 CPUs still fit: FIXADDR_START 0xdef9c000, PKMAP_BASE 0xdd000000.
    assertEquals(0xdd000000L, MipsLayout.of(14, 1024, 33).pkmapBase());
  }
}
