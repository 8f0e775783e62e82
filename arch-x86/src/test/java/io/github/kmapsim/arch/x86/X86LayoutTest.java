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
 * Layouts worked out by hand from the v5.11 headers.
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

  private static void assertCommon(MemoryLayout l) {
    assertEquals(12, l.pageShift());
    assertEquals(0xc0000000L, l.pageOffset());
    assertEquals(0xfffff000L, l.fixaddrTop());
    assertEquals(8L << 20, l.vmallocOffset());
    assertEquals(0xdfc00000L, l.vmallocStart(0xdf400000L), "high_memory + VMALLOC_OFFSET");
  }

  @Test
  void x86With4CpusAndKmMaxIdx16() {
    MemoryLayout l = layout("x86", 4, 16);
    assertCommon(l);
    assertEquals(69, l.fixKmapBegin());
    assertEquals(132, l.fixKmapEnd()); // 69 + 16 * 4 - 1
    // 0xfffff000 - 69 * 0x1000; slot 1 one page lower; CPU 1 at index 69 + 16 = 85.
    assertSlots(l, 16, 0xfffba000L, 0xfffb9000L, 0xfffaa000L, 0xfffa9000L);
    assertWindow(l, 0xfff7b000L, 0xfffbb000L); // fix_to_virt(132) = 0xfffff000 - 0x84000
    assertEquals(0xfff79000L, l.fixaddrStart()); // E = 134: 0xfffff000 - 0x86000
    // E..E+511 = 134..645 share one 1024-entry table: FIX_BTMAP_END = 134, end = 647;
    // FIXADDR_TOT_START = 0xfffff000 - 0x287000 = 0xffd78000; minus 173 pages (0xad000) is
    // 0xffccb000, & 4 MiB = 0xffc00000.
    assertEquals(List.of(new Region("cpu_entry", 0xffc00000L, 0xffcad000L)), l.archRegions());
    assertEquals(0xff400000L, l.pkmapBase()); // LDT 0xff800000, PKMAP one 4 MiB PMD lower
    assertEquals(0xff3fe000L, l.vmallocEnd());
    assertEquals(0x373fe000L, l.maxLowmemBytes()); // 883.99 MiB: "883MB LOWMEM available"
    assertEquals(1024, l.lastPkmap());
  }

  @Test
  void x86With4CpusAndKmMaxIdx33() {
    MemoryLayout l = layout("x86", 4, 33);
    assertEquals(69, l.fixKmapBegin());
    assertEquals(200, l.fixKmapEnd()); // 69 + 33 * 4 - 1
    // CPU 1 starts at index 69 + 33 = 102: 0xfffff000 - 0x66000.
    assertSlots(l, 33, 0xfffba000L, 0xfffb9000L, 0xfff99000L, 0xfff98000L);
    assertWindow(l, 0xfff37000L, 0xfffbb000L); // 0xfffff000 - 0xc8000
    assertEquals(0xfff35000L, l.fixaddrStart()); // E = 202: 0xfffff000 - 0xca000
    // 202..713 in one table: end = 715, TOT_START = 0xffd34000;
    // - 0xad000 = 0xffc87000 -> 0xffc00000.
    assertEquals(List.of(new Region("cpu_entry", 0xffc00000L, 0xffcad000L)), l.archRegions());
    assertEquals(0xff400000L, l.pkmapBase());
    assertEquals(0xff3fe000L, l.vmallocEnd());
    assertEquals(0x373fe000L, l.maxLowmemBytes());
    assertEquals(1024, l.lastPkmap());
  }

  @Test
  void x86With8CpusAndKmMaxIdx16() {
    MemoryLayout l = layout("x86", 8, 16);
    assertEquals(69, l.fixKmapBegin());
    assertEquals(196, l.fixKmapEnd()); // 69 + 16 * 8 - 1
    assertSlots(l, 16, 0xfffba000L, 0xfffb9000L, 0xfffaa000L, 0xfffa9000L);
    assertWindow(l, 0xfff3b000L, 0xfffbb000L); // 0xfffff000 - 0xc4000
    assertEquals(0xfff39000L, l.fixaddrStart()); // E = 198: 0xfffff000 - 0xc6000
    // 198..709 in one table: end = 711, TOT_START = 0xffd38000; 8 * 43 + 1 = 345 pages
    // (0x159000) lower is 0xffbdf000, & 4 MiB = 0xff800000.
    assertEquals(List.of(new Region("cpu_entry", 0xff800000L, 0xff959000L)), l.archRegions());
    assertEquals(0xff000000L, l.pkmapBase()); // LDT 0xff400000
    assertEquals(0xfeffe000L, l.vmallocEnd());
    assertEquals(0x36ffe000L, l.maxLowmemBytes());
    assertEquals(1024, l.lastPkmap());
  }

  @Test
  void x86With8CpusAndKmMaxIdx33() {
    MemoryLayout l = layout("x86", 8, 33);
    assertEquals(69, l.fixKmapBegin());
    assertEquals(332, l.fixKmapEnd()); // 69 + 33 * 8 - 1
    assertSlots(l, 33, 0xfffba000L, 0xfffb9000L, 0xfff99000L, 0xfff98000L);
    assertWindow(l, 0xffeb3000L, 0xfffbb000L); // 0xfffff000 - 0x14c000
    assertEquals(0xffeb1000L, l.fixaddrStart()); // E = 334: 0xfffff000 - 0x14e000
    // 334..845 in one table: end = 847, TOT_START = 0xffcb0000;
    // - 0x159000 = 0xffb57000 -> 0xff800000.
    assertEquals(List.of(new Region("cpu_entry", 0xff800000L, 0xff959000L)), l.archRegions());
    assertEquals(0xff000000L, l.pkmapBase());
    assertEquals(0xfeffe000L, l.vmallocEnd());
    assertEquals(0x36ffe000L, l.maxLowmemBytes());
    assertEquals(1024, l.lastPkmap());
  }

  @Test
  void paeWith4CpusAndKmMaxIdx16() {
    MemoryLayout l = layout("x86-pae", 4, 16);
    assertCommon(l);
    assertEquals(69, l.fixKmapBegin());
    assertEquals(132, l.fixKmapEnd());
    assertSlots(l, 16, 0xfffba000L, 0xfffb9000L, 0xfffaa000L, 0xfffa9000L);
    assertWindow(l, 0xfff7b000L, 0xfffbb000L);
    assertEquals(0xfff79000L, l.fixaddrStart()); // E = 134
    // 134..645 crosses a 512-entry table: FIX_BTMAP_END = 134 + 512 - 134 = 512, end = 1025;
    // TOT_START = 0xfffff000 - 0x401000 = 0xffbfe000; - 0xad000 = 0xffb51000, & 2 MiB = 0xffa00000.
    assertEquals(List.of(new Region("cpu_entry", 0xffa00000L, 0xffaad000L)), l.archRegions());
    assertEquals(0xff600000L, l.pkmapBase()); // LDT 0xff800000, PKMAP one 2 MiB PMD lower
    assertEquals(0xff5fe000L, l.vmallocEnd());
    assertEquals(0x375fe000L, l.maxLowmemBytes()); // 885.99 MiB
    assertEquals(512, l.lastPkmap());
  }

  @Test
  void paeWith4CpusAndKmMaxIdx33() {
    MemoryLayout l = layout("x86-pae", 4, 33);
    assertEquals(69, l.fixKmapBegin());
    assertEquals(200, l.fixKmapEnd());
    assertSlots(l, 33, 0xfffba000L, 0xfffb9000L, 0xfff99000L, 0xfff98000L);
    assertWindow(l, 0xfff37000L, 0xfffbb000L);
    assertEquals(0xfff35000L, l.fixaddrStart()); // E = 202
    // 202..713 crosses: FIX_BTMAP_END = 512 again, so the areas below match NR_CPUS 4 / 16.
    assertEquals(List.of(new Region("cpu_entry", 0xffa00000L, 0xffaad000L)), l.archRegions());
    assertEquals(0xff600000L, l.pkmapBase());
    assertEquals(0xff5fe000L, l.vmallocEnd());
    assertEquals(0x375fe000L, l.maxLowmemBytes());
    assertEquals(512, l.lastPkmap());
  }

  @Test
  void paeWith8CpusAndKmMaxIdx16() {
    MemoryLayout l = layout("x86-pae", 8, 16);
    assertEquals(69, l.fixKmapBegin());
    assertEquals(196, l.fixKmapEnd());
    assertSlots(l, 16, 0xfffba000L, 0xfffb9000L, 0xfffaa000L, 0xfffa9000L);
    assertWindow(l, 0xfff3b000L, 0xfffbb000L);
    assertEquals(0xfff39000L, l.fixaddrStart()); // E = 198
    // FIX_BTMAP_END = 512, end = 1025, TOT_START = 0xffbfe000;
    // - 0x159000 = 0xffaa5000 -> 0xffa00000.
    assertEquals(List.of(new Region("cpu_entry", 0xffa00000L, 0xffb59000L)), l.archRegions());
    assertEquals(0xff600000L, l.pkmapBase());
    assertEquals(0xff5fe000L, l.vmallocEnd());
    assertEquals(0x375fe000L, l.maxLowmemBytes());
    assertEquals(512, l.lastPkmap());
  }

  @Test
  void paeWith8CpusAndKmMaxIdx33() {
    MemoryLayout l = layout("x86-pae", 8, 33);
    assertEquals(69, l.fixKmapBegin());
    assertEquals(332, l.fixKmapEnd());
    assertSlots(l, 33, 0xfffba000L, 0xfffb9000L, 0xfff99000L, 0xfff98000L);
    assertWindow(l, 0xffeb3000L, 0xfffbb000L);
    assertEquals(0xffeb1000L, l.fixaddrStart()); // E = 334
    // 334..845 crosses: FIX_BTMAP_END = 512, end = 1025, same areas as NR_CPUS 8 / 16.
    assertEquals(List.of(new Region("cpu_entry", 0xffa00000L, 0xffb59000L)), l.archRegions());
    assertEquals(0xff600000L, l.pkmapBase());
    assertEquals(0xff5fe000L, l.vmallocEnd());
    assertEquals(0x375fe000L, l.maxLowmemBytes());
    assertEquals(512, l.lastPkmap());
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
