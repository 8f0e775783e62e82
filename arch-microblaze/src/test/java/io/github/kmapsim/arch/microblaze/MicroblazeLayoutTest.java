// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layouts worked out by hand from the v5.11 headers.
 *
 * <ul>
 *   <li>asm/fixmap.h: FIXADDR_TOP = -PAGE_SIZE = 0xfffff000; FIX_HOLE = 0, FIX_KMAP_BEGIN = 1,
 *       FIX_KMAP_END = 1 + KM_MAX_IDX * num_possible_cpus() (1) - 1; FIXADDR_START = FIXADDR_TOP
 *       - (__end_of_fixed_addresses &lt;&lt; 12).
 *   <li>asm/highmem.h: LAST_PKMAP = 1 &lt;&lt; PTE_SHIFT (10) = 1024; PKMAP_BASE =
 *       (FIXADDR_START - PAGE_SIZE * 1025) &amp; PMD_MASK (4 MiB).
 *   <li>asm/pgtable.h and mm/init.c: VMALLOC_START = CONFIG_KERNEL_START (0xc0000000) +
 *       CONFIG_LOWMEM_SIZE (0x30000000); VMALLOC_END = ioremap_bot = PKMAP_BASE with HIGHMEM.
 * </ul>
 */
class MicroblazeLayoutTest {

  private static MemoryLayout layout(int kmMaxIdx) {
    return new MicroblazePlugin().variants().get(0).layout(1, kmMaxIdx);
  }

  private static void assertCommon(MemoryLayout l) {
    assertEquals(12, l.pageShift());
    assertEquals(0xc0000000L, l.pageOffset());
    assertEquals(0x30000000L, l.maxLowmemBytes());
    assertEquals(0x30000L, Math.min(2L << 30, l.maxLowmemBytes()) >> 12, "max_low_pfn, 2 GiB");
    assertEquals(0xf0000000L, l.vmallocStart(0xf0000000L));
    assertEquals(0xf0000000L, l.vmallocStart(0xd0000000L), "not derived from high_memory");
    assertEquals(0, l.vmallocOffset(), "vmalloc starts where the largest lowmem ends");
    assertEquals(0xfffff000L, l.fixaddrTop());
    assertEquals(1, l.fixKmapBegin());
    assertEquals(0xffffe000L, l.fixToVirt(1), "CPU 0 slot 0");
    assertEquals(0xffffd000L, l.fixToVirt(2), "CPU 0 slot 1");
    assertEquals(1024, l.lastPkmap());
    assertEquals(0xff800000L, l.pkmapBase());
    assertEquals(0xff800000L, l.vmallocEnd(), "ioremap_bot = PKMAP_BASE");
    assertEquals(1024, l.ptrsPerPte());
    assertEquals(List.of(), l.archRegions());
    assertFalse(l.kmapPteTablesContiguous());
  }

  @Test
  void withKmMaxIdx16() {
    MemoryLayout l = layout(16);
    assertCommon(l);
    assertEquals(16, l.fixKmapEnd());
    assertEquals(0xfffef000L, l.fixToVirt(16));
    assertEquals(0xfffee000L, l.fixaddrStart()); // 17 pages below FIXADDR_TOP
    // PKMAP_BASE: (0xfffee000 - 0x401000) & ~0x3fffff = 0xffbed000 & 0xffc00000 = 0xff800000.
  }

  @Test
  void withKmMaxIdx33() {
    MemoryLayout l = layout(33);
    assertCommon(l);
    assertEquals(33, l.fixKmapEnd());
    assertEquals(0xfffde000L, l.fixToVirt(33));
    assertEquals(0xfffdd000L, l.fixaddrStart()); // 34 pages
    assertEquals(33, l.virtToFix(0xfffde123L));
  }
}
