// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Layouts worked out by hand from the headers; every variant has the same layout.
 *
 * <ul>
 *   <li>arch/arm/include/asm/fixmap.h: FIXADDR_START 0xffc00000, FIXADDR_END 0xfff00000,
 *       FIXADDR_TOP = FIXADDR_END - 0x1000 = 0xffeff000; FIX_EARLYCON_MEM_BASE (0),
 *       __end_of_permanent_fixed_addresses (1) = FIX_KMAP_BEGIN, FIX_KMAP_END = 1 + KM_MAX_IDX *
 *       NR_CPUS - 1, then FIX_TEXT_POKE0/1 and __end_of_fixmap_region.
 *   <li>asm-generic/fixmap.h: fix_to_virt(i) = 0xffeff000 - (i << 12); slot s of CPU c is index
 *       FIX_KMAP_BEGIN + s + KM_MAX_IDX * c (mm/highmem.c kmap_local_calc_idx).
 *   <li>highmem.h: PKMAP_BASE = PAGE_OFFSET 0xc0000000 - PMD_SIZE 0x200000 = 0xbfe00000,
 *       LAST_PKMAP = PTRS_PER_PTE = 512 (pgtable-2level.h and pgtable-3level.h alike).
 *   <li>pgtable.h: VMALLOC_END 0xff800000, VMALLOC_OFFSET 8 MiB; mm/mmu.c adjust_lowmem_bounds():
 *       0xff800000 - 240 MiB (0x0f000000) - 8 MiB - 0xc0000000 = 0x30000000 (768 MiB) of lowmem.
 * </ul>
 */
class ArmLayoutTest {

  private static MemoryLayout layout(String variant, int nrCpus, int kmMaxIdx) {
    return Variants.named(variant).layout(nrCpus, kmMaxIdx);
  }

  /** Slots 0 and 1 of CPUs 0 and 1: fix_to_virt(FIX_KMAP_BEGIN + slot + KM_MAX_IDX * cpu). */
  private static void assertSlots(
      MemoryLayout l, int kmMaxIdx, long s0c0, long s1c0, long s0c1, long s1c1) {
    assertEquals(1, l.fixKmapBegin());
    assertEquals(s0c0, l.fixToVirt(1));
    assertEquals(s1c0, l.fixToVirt(1 + 1));
    assertEquals(s0c1, l.fixToVirt(1 + kmMaxIdx));
    assertEquals(s1c1, l.fixToVirt(1 + 1 + kmMaxIdx));
    assertEquals(1 + kmMaxIdx, l.virtToFix(s0c1));
    assertEquals(1 + kmMaxIdx, l.virtToFix(s0c1 + 0xabc));
  }

  /**
   * The kmap window, [fix_to_virt(FIX_KMAP_END), fix_to_virt(FIX_KMAP_BEGIN) + PAGE_SIZE), lies in
   * [FIXADDR_START, FIXADDR_END).
   */
  private static void assertWindow(MemoryLayout l, int kmapEnd, long lowest) {
    assertEquals(kmapEnd, l.fixKmapEnd());
    assertEquals(lowest, l.fixToVirt(l.fixKmapEnd()));
    assertEquals(0xffefe000L, l.fixToVirt(l.fixKmapBegin())); // the highest kmap page
    assertTrue(lowest >= l.fixaddrStart(), "window below FIXADDR_START");
    assertTrue(l.fixToVirt(l.fixKmapBegin()) + l.pageSize() <= 0xfff00000L, "above FIXADDR_END");
  }

  private static void assertCommon(MemoryLayout l) {
    assertEquals(12, l.pageShift());
    assertEquals(0xc0000000L, l.pageOffset());
    assertEquals(0xffeff000L, l.fixaddrTop());
    // ARM's own FIXADDR_START, not FIXADDR_TOP - (__end_of_permanent_fixed_addresses << 12).
    assertEquals(0xffc00000L, l.fixaddrStart());
    assertEquals(0xbfe00000L, l.pkmapBase());
    assertEquals(512, l.lastPkmap());
    // pkmap ends where lowmem starts: 0xbfe00000 + 512 * 0x1000 = 0xc0000000.
    assertEquals(l.pageOffset(), l.pkmapBase() + l.lastPkmap() * l.pageSize());
    assertEquals(0xff800000L, l.vmallocEnd());
    assertEquals(0x800000L, l.vmallocOffset());
    // (high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1): 500 MiB of lowmem end at 0xdf400000
    assertEquals(0xdf800000L, l.vmallocStart(0xdf400000L));
    assertEquals(0xf0800000L, l.vmallocStart(0xf0000000L), "lowmem full: 8 MiB above it");
    assertEquals(0x30000000L, l.maxLowmemBytes());
    assertEquals(512, l.ptrsPerPte());
    assertFalse(l.kmapPteTablesContiguous());
    assertEquals(List.of(), l.archRegions());
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void sixteenCpusKmMaxIdx16(String variant) {
    MemoryLayout l = layout(variant, 16, 16);
    assertCommon(l);
    assertSlots(l, 16, 0xffefe000L, 0xffefd000L, 0xffeee000L, 0xffeed000L);
    // FIX_KMAP_END = 1 + 16 * 16 - 1 = 256: 0xffeff000 - 0x100000, below the PMD at 0xffe00000.
    assertWindow(l, 256, 0xffdff000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void sixteenCpusWithDebugKmapLocal(String variant) {
    MemoryLayout l = layout(variant, 16, 33);
    assertCommon(l);
    // CPU 1 starts at index 1 + 33 = 34: 0xffeff000 - 0x22000.
    assertSlots(l, 33, 0xffefe000L, 0xffefd000L, 0xffedd000L, 0xffedc000L);
    // FIX_KMAP_END = 1 + 33 * 16 - 1 = 528: 0xffeff000 - 0x210000.
    assertWindow(l, 528, 0xffcef000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void thirtyTwoCpusFillMostOfTheWindow(String variant) {
    MemoryLayout l = layout(variant, 32, 16);
    // FIX_KMAP_END = 1 + 16 * 32 - 1 = 512: 0xffeff000 - 0x200000.
    assertWindow(l, 512, 0xffcff000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void uniprocessor(String variant) {
    // !SMP: NR_CPUS 1 (include/linux/threads.h). FIX_KMAP_END = 16: 0xffeff000 - 0x10000.
    assertWindow(layout(variant, 1, 16), 16, 0xffeef000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void thirtyTwoCpusWithDebugKmapLocalDoNotFit(String variant) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> layout(variant, 32, 33));
    // FIX_KMAP_END = 1 + 33 * 32 - 1 = 1056; __end_of_fixed_addresses = 1056 + 3 = 1059;
    // fix_to_virt(1059) = 0xffeff000 - 0x423000 = 0xffadc000 < FIXADDR_START.
    assertEquals(
        variant + ": NR_CPUS 32 is outside \"range 2 16 if DEBUG_KMAP_LOCAL\" of config NR_CPUS"
            + " (arch/arm/Kconfig): KM_MAX_IDX 33 * NR_CPUS 32 kmap slots end at FIX_KMAP_END"
            + " 1056 and put __fix_to_virt(__end_of_fixed_addresses) at 0xffadc000, while"
            + " __set_fixmap() BUILD_BUG_ONs below FIXADDR_START 0xffc00000",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void theKconfigRangesAreEnforced(String variant) {
    // 17 CPUs with DEBUG_KMAP_LOCAL would still fit (fix_to_virt(564) = 0xffccb000), but
    // ARM 9063/1 caps NR_CPUS at 16.
    assertTrue(assertThrows(IllegalArgumentException.class, () -> layout(variant, 17, 33))
        .getMessage().contains("at 0xffccb000"));
    // 33 CPUs: "range 2 32"; FIX_KMAP_END 528, fix_to_virt(531) = 0xffcec000.
    assertTrue(assertThrows(IllegalArgumentException.class, () -> layout(variant, 33, 16))
        .getMessage().contains("\"range 2 32\""));
    assertThrows(IllegalArgumentException.class, () -> layout(variant, 0, 16));
    // include/asm-generic/kmap_size.h: KM_MAX_IDX is 16, or 33 with DEBUG_KMAP_LOCAL.
    assertThrows(IllegalArgumentException.class, () -> layout(variant, 4, 20));
    ArchVariant v = Variants.named(variant);
    assertEquals(512, v.layout(v.maxCpus(), 16).fixKmapEnd());
  }
}
