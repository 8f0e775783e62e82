// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import io.github.kmapsim.spi.MemoryLayout;

/**
 * The 32-bit powerpc kernel virtual memory layout of v5.11 with 4 KiB pages, the Kconfig defaults
 * CONFIG_PAGE_OFFSET 0xc0000000 and CONFIG_LOWMEM_SIZE 0x30000000, and no KASAN, computed top-down
 * as the headers do:
 *
 * <ul>
 *   <li>{@code arch/powerpc/include/asm/fixmap.h}: FIXADDR_TOP = {@code -PAGE_SIZE}; {@code enum
 *       fixed_addresses} for PPC32 is FIX_HOLE (0) = FIX_EARLY_DEBUG_TOP, FIX_EARLY_DEBUG_BASE =
 *       128 KiB / PAGE_SIZE - 1 (31), FIX_KMAP_BEGIN (32), FIX_KMAP_END = FIX_KMAP_BEGIN +
 *       KM_MAX_IDX * NR_CPUS - 1, {@code __end_of_permanent_fixed_addresses}, then the early
 *       ioremap slots FIX_BTMAP_END..FIX_BTMAP_BEGIN (TOTAL_FIX_BTMAPS = 256 KiB / PAGE_SIZE * 16
 *       = 1024), {@code __end_of_fixed_addresses}; FIXADDR_START = FIXADDR_TOP - ({@code
 *       __end_of_fixed_addresses} &lt;&lt; PAGE_SHIFT), so it lies 4 MiB of boot-time slots below
 *       the kmap window.
 *   <li>{@code asm/highmem.h}: LAST_PKMAP = 1 &lt;&lt; PTE_SHIFT; PKMAP_BASE = (FIXADDR_START -
 *       PAGE_SIZE * (LAST_PKMAP + 1)) &amp; PMD_MASK (CONFIG_PPC_4K_PAGES).
 *   <li>{@code asm/book3s/32/pgtable.h}, {@code asm/nohash/32/pgtable.h}: VMALLOC_START =
 *       (high_memory + VMALLOC_OFFSET (16 MiB)) &amp; ~(VMALLOC_OFFSET - 1); VMALLOC_END =
 *       ioremap_bot, which starts at IOREMAP_TOP = PKMAP_BASE with HIGHMEM (before any early
 *       ioremap moves it down): vmalloc ends where pkmap begins. kmapsim models the VMALLOC_START
 *       without STRICT_KERNEL_RWX; with it and MODULES, book3s32 first aligns high_memory up to
 *       256 MiB.
 *   <li>{@code asm/page_32.h}: PTE_SHIFT = PAGE_SHIFT - PTE_T_LOG2, 10 for 32-bit and 9 for
 *       64-bit PTEs (CONFIG_PTE_64BIT), which also sets PMD_SIZE (PGDIR_SHIFT = PAGE_SHIFT +
 *       PTE_SHIFT): 4 MiB or 2 MiB.
 * </ul>
 *
 * <p>The fixmap's PTE tables are one array: {@code early_ioremap_init()} ({@code
 * arch/powerpc/mm/pgtable_32.c}) points the PMDs from ALIGN_DOWN(FIXADDR_START, PGDIR_SIZE) up to
 * FIXADDR_TOP at consecutive tables of the static {@code early_fixmap_pagetable}, so the generic
 * {@code __kmap_pte - idx} may cross from one table into the next.
 */
final class PowerpcLayout {

  /** PAGE_SHIFT with CONFIG_PPC_4K_PAGES. */
  static final int PAGE_SHIFT = 12;

  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  /** PAGE_OFFSET = CONFIG_PAGE_OFFSET, 0xc0000000 by default ({@code arch/powerpc/Kconfig}). */
  static final long PAGE_OFFSET = 0xC000_0000L;

  /**
   * {@code __max_low_memory} = CONFIG_LOWMEM_SIZE, 0x30000000 by default: {@code MMU_init()}
   * ({@code arch/powerpc/mm/init_32.c}) clips {@code total_lowmem} to it, and with HIGHMEM
   * {@code mem_topology_setup()} ({@code arch/powerpc/mm/mem.c}) sets max_low_pfn =
   * lowmem_end_addr >> PAGE_SHIFT. (e500's CAM mapping, {@code adjust_total_lowmem()}, maps the
   * same 768 MiB with three 256 MiB entries.)
   */
  static final long LOWMEM_SIZE = 0x3000_0000L;

  /** VMALLOC_OFFSET = 16 MiB. */
  static final long VMALLOC_OFFSET = 0x100_0000L;

  /** FIXADDR_TOP = {@code (unsigned long)(-PAGE_SIZE)} without KASAN. */
  static final long FIXADDR_TOP = 0x1_0000_0000L - PAGE_SIZE;

  /** FIX_KMAP_BEGIN: after FIX_HOLE/FIX_EARLY_DEBUG_TOP (0) .. FIX_EARLY_DEBUG_BASE (31). */
  static final int FIX_KMAP_BEGIN = (int) ((128 << 10) / PAGE_SIZE);

  /** TOTAL_FIX_BTMAPS = NR_FIX_BTMAPS (256 KiB / PAGE_SIZE) * FIX_BTMAPS_SLOTS (16). */
  static final int TOTAL_FIX_BTMAPS = (int) ((256 << 10) / PAGE_SIZE) * 16;

  private PowerpcLayout() {}

  /**
   * The layout for a kernel with {@code pteBits}-bit PTEs, {@code nrCpus} and {@code kmMaxIdx}.
   *
   * @param pteBits 32, or 64 with CONFIG_PTE_64BIT
   */
  static MemoryLayout of(int pteBits, int nrCpus, int kmMaxIdx) {
    int pteShift = PAGE_SHIFT - (pteBits == 64 ? 3 : 2);
    int lastPkmap = 1 << pteShift;
    long pmdSize = 1L << (PAGE_SHIFT + pteShift);
    int kmapEnd = FIX_KMAP_BEGIN + kmMaxIdx * nrCpus - 1;
    int endOfFixed = kmapEnd + 1 + TOTAL_FIX_BTMAPS;
    long fixaddrStart = FIXADDR_TOP - ((long) endOfFixed << PAGE_SHIFT);
    long pkmapBase = (fixaddrStart - PAGE_SIZE * (lastPkmap + 1)) & -pmdSize;
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(LOWMEM_SIZE)
        .vmallocOffset(VMALLOC_OFFSET)
        .vmallocStart(highMemory -> (highMemory + VMALLOC_OFFSET) & -VMALLOC_OFFSET)
        .vmallocEnd(pkmapBase)
        .pkmapBase(pkmapBase)
        .lastPkmap(lastPkmap)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(FIX_KMAP_BEGIN)
        .fixKmapEnd(kmapEnd)
        .ptrsPerPte(1 << pteShift)
        .kmapPteTablesContiguous(true)
        .build();
  }
}
