// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MemoryLayout.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the reference vectors ({@link X86Vectors}: FIX_KMAP_BEGIN/END, slot addresses,
 * FIXADDR_START, PKMAP_BASE, MAXMEM through max_low_pfn) do not say: the cpu_entry area,
 * VMALLOC_END and the layout at NR_CPUS 64, worked out by hand from the v5.11 headers.
 *
 * <ul>
 *   <li>fixmap.h + apicdef.h: FIX_KMAP_BEGIN = FIX_IO_APIC_BASE_0 (5) + MAX_IO_APICS (64) = 69;
 *       FIX_KMAP_END = 69 + KM_MAX_IDX * NR_CPUS - 1; then FIX_PCIE_MCFG, so
 *       {@code __end_of_permanent_fixed_addresses} (E) = FIX_KMAP_END + 2; FIX_BTMAP_END = E, or
 *       E rounded up to a multiple of 512 when E and E + 511 lie in different PTRS_PER_PTE-entry
 *       tables (1024 entries non-PAE, 512 PAE); {@code __end_of_fixed_addresses} = FIX_BTMAP_END +
 *       511 (FIX_BTMAP_BEGIN) + 1 (FIX_WP_TEST) + 1.
 *   <li>fix_to_virt(i) = 0xfffff000 - (i << 12); FIXADDR_START = 0xfffff000 - (E << 12);
 *       FIXADDR_TOT_START likewise with {@code __end_of_fixed_addresses}.
 *   <li>pgtable_32_areas.h: CPU_ENTRY_AREA_BASE = (FIXADDR_TOT_START - 4 KiB * (43 * NR_CPUS + 1))
 *       &amp; PMD_MASK (PMD_SIZE 4 MiB non-PAE, 2 MiB PAE); LDT_BASE_ADDR and PKMAP_BASE one PMD
 *       below each other; VMALLOC_END = PKMAP_BASE - 0x2000; MAXMEM = VMALLOC_END - 0xc0000000 -
 *       0x8000000.
 * </ul>
 */
class X86LayoutTest {

  private static final int PAGE = 0x1000;

  private static MemoryLayout layout(String variant, int nrCpus, int kmMaxIdx) {
    ArchVariant v =
        new X86Plugin().variants().stream().filter(x -> x.name().equals(variant)).findFirst().get();
    return v.layout(nrCpus, kmMaxIdx);
  }

  private static void assertAreas(MemoryLayout l, long cpuEntryStart, long cpuEntryEnd) {
    assertEquals(12, l.pageShift());
    assertEquals(8L << 20, l.vmallocOffset());
    assertEquals(0xdfc00000L, l.vmallocStart(0xdf400000L), "high_memory + VMALLOC_OFFSET");
    assertEquals(List.of(new Region("cpu_entry", cpuEntryStart, cpuEntryEnd)), l.archRegions());
    assertEquals(l.pkmapBase() - 0x2000, l.vmallocEnd(), "VMALLOC_END = PKMAP_BASE - 2 pages");
    assertEquals(l.vmallocEnd() - 0xc0000000L - 0x8000000L, l.maxLowmemBytes(), "MAXMEM");
  }

  @Test
  void theCpuEntryAreaFollowsNrCpus() {
    // 4 CPUs, KM_MAX_IDX 16: E = 134, 134..645 share one 1024-entry table: FIX_BTMAP_END = 134,
    // end = 647; FIXADDR_TOT_START = 0xfffff000 - 0x287000 = 0xffd78000; minus 173 pages
    // (0xad000) is 0xffccb000, & 4 MiB = 0xffc00000.
    assertAreas(layout("x86", 4, 16), 0xffc00000L, 0xffcad000L);
    // KM_MAX_IDX 33: 202..713 in one table: end = 715, TOT_START = 0xffd34000;
    // - 0xad000 = 0xffc87000 -> 0xffc00000.
    assertAreas(layout("x86", 4, 33), 0xffc00000L, 0xffcad000L);
    // 8 CPUs: 198..709 in one table: end = 711, TOT_START = 0xffd38000; 8 * 43 + 1 = 345 pages
    // (0x159000) lower is 0xffbdf000, & 4 MiB = 0xff800000.
    assertAreas(layout("x86", 8, 16), 0xff800000L, 0xff959000L);
    assertAreas(layout("x86", 8, 33), 0xff800000L, 0xff959000L);
  }

  @Test
  void paeRoundsTheBootSlotsToItsSmallerTables() {
    // 134..645 crosses a 512-entry table: FIX_BTMAP_END = 134 + 512 - 134 = 512, end = 1025;
    // TOT_START = 0xfffff000 - 0x401000 = 0xffbfe000; - 0xad000 = 0xffb51000, & 2 MiB = 0xffa00000.
    assertAreas(layout("x86-pae", 4, 16), 0xffa00000L, 0xffaad000L);
    assertAreas(layout("x86-pae", 4, 33), 0xffa00000L, 0xffaad000L);
    // - 0x159000 = 0xffaa5000 -> 0xffa00000.
    assertAreas(layout("x86-pae", 8, 16), 0xffa00000L, 0xffb59000L);
    assertAreas(layout("x86-pae", 8, 33), 0xffa00000L, 0xffb59000L);
  }

  @Test
  void theFixmapStillFitsAtMaxCpus() {
    // NR_CPUS 64, KM_MAX_IDX 33: FIX_KMAP_END = 69 + 2112 - 1 = 2180, E = 2182.
    // Non-PAE: 2182..2693 in one table, end = 2695, TOT_START = 0xff578000; 64 * 43 + 1 = 2753
    // pages (0xac1000) lower is 0xfeab7000 -> 0xfe800000; LDT 0xfe400000; PKMAP 0xfe000000.
    MemoryLayout x86 = layout("x86", 64, 33);
    assertEquals(2180, x86.fixKmapEnd());
    assertEquals(0xff779000L, x86.fixaddrStart());
    assertEquals(0xfe000000L, x86.pkmapBase());
    assertEquals(0x35ffe000L, x86.maxLowmemBytes());
    // PAE: FIX_BTMAP_END = 2182 + 512 - 134 = 2560, end = 3073, TOT_START = 0xff3fe000;
    // - 0xac1000 = 0xfe93d000 -> 0xfe800000; LDT 0xfe600000; PKMAP 0xfe400000.
    MemoryLayout pae = layout("x86-pae", 64, 33);
    assertEquals(0xfe400000L, pae.pkmapBase());
    assertEquals(0x363fe000L, pae.maxLowmemBytes());
    for (MemoryLayout l : List.of(x86, pae)) {
      Region cpuEntry = l.archRegions().get(0);
      // pkmap, then the LDT PMD, then cpu_entry, then the fixmap, with nothing overlapping.
      assertTrue(l.pkmapBase() + (long) l.lastPkmap() * PAGE < cpuEntry.start());
      assertTrue(cpuEntry.end() <= l.fixaddrStart());
      assertTrue(l.fixToVirt(l.fixKmapEnd()) >= l.fixaddrStart());
      assertTrue(l.vmallocEnd() > l.pageOffset() + l.maxLowmemBytes() + l.vmallocOffset());
    }
  }
}
