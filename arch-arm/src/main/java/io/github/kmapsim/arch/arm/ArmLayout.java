// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.MemoryLayout;

/**
 * The ARM kernel virtual memory layout for VMSPLIT_3G, identical with and without LPAE: lowmem from
 * PAGE_OFFSET, vmalloc up to VMALLOC_END, pkmap in the PMD just below PAGE_OFFSET
 * ({@code arch/arm/include/asm/highmem.h}), the fixmap window at the top
 * ({@code arch/arm/include/asm/fixmap.h}).
 *
 * <p>FIXADDR_START is ARM's own constant 0xffc00000, the bottom of the window the kmap slots live
 * in, which {@code virt_to_fix()} ({@code asm-generic/fixmap.h}) checks against. The x86-style
 * {@code FIXADDR_TOP - (__end_of_permanent_fixed_addresses << PAGE_SHIFT)} would be 0xffefe000,
 * one page, with every kmap slot below it, because ARM counts the kmap indices as not permanent.
 *
 * <p>The kmap PTE tables are not contiguous: the window spans the PMDs at 0xffc00000 and
 * 0xffe00000, whose tables are separate pages, and a classic PTE page holds its Linux entries
 * followed by the hardware entries ({@code pgtable-2level.h}).
 */
final class ArmLayout {

  /** PAGE_SHIFT: 4 KiB pages ({@code arch/arm/include/asm/page.h}). */
  static final int PAGE_SHIFT = 12;

  /**
   * PAGE_OFFSET = CONFIG_PAGE_OFFSET ({@code arch/arm/include/asm/memory.h}), 0xC0000000 with the
   * default VMSPLIT_3G ({@code arch/arm/Kconfig}).
   */
  private static final long PAGE_OFFSET = 0xC000_0000L;

  /** PMD_SIZE: 1 << PMD_SHIFT 21 in both {@code pgtable-2level.h} and {@code pgtable-3level.h}. */
  private static final long PMD_SIZE = 1L << 21;

  /** PKMAP_BASE = PAGE_OFFSET - PMD_SIZE ({@code highmem.h}). */
  private static final long PKMAP_BASE = PAGE_OFFSET - PMD_SIZE;

  /** PTRS_PER_PTE: 512 Linux entries in both formats, so one PTE table maps one PMD. */
  private static final int PTRS_PER_PTE = 512;

  /** LAST_PKMAP = PTRS_PER_PTE ({@code highmem.h}): pkmap is one PTE table. */
  private static final int LAST_PKMAP = PTRS_PER_PTE;

  /** VMALLOC_END ({@code arch/arm/include/asm/pgtable.h}). */
  private static final long VMALLOC_END = 0xFF80_0000L;

  /** VMALLOC_OFFSET: the 8 MiB hole after lowmem ({@code pgtable.h}). */
  private static final long VMALLOC_OFFSET = 8L << 20;

  /** {@code vmalloc_size}: 240 MiB unless {@code vmalloc=} says otherwise ({@code mm/mmu.c}). */
  private static final long VMALLOC_SIZE = 240L << 20;

  /**
   * The lowmem limit above PHYS_OFFSET: {@code adjust_lowmem_bounds()} ({@code mm/mmu.c}) takes
   * {@code vmalloc_limit = VMALLOC_END - vmalloc_size - VMALLOC_OFFSET - PAGE_OFFSET + PHYS_OFFSET}
   * as {@code arm_lowmem_limit} when RAM reaches it: 0x30000000, 768 MiB.
   */
  private static final long LOWMEM_LIMIT =
      VMALLOC_END - VMALLOC_SIZE - VMALLOC_OFFSET - PAGE_OFFSET;

  private ArmLayout() {}

  /** The layout around {@code fixmap}. */
  static MemoryLayout of(ArmFixmap fixmap) {
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(LOWMEM_LIMIT)
        .vmallocOffset(VMALLOC_OFFSET)
        // VMALLOC_START: (high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1) (pgtable.h)
        .vmallocStart(highMemory -> (highMemory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1))
        .vmallocEnd(VMALLOC_END)
        .pkmapBase(PKMAP_BASE)
        .lastPkmap(LAST_PKMAP)
        .fixaddrTop(ArmFixmap.FIXADDR_TOP)
        .fixaddrStart(ArmFixmap.FIXADDR_START)
        .fixKmapBegin(fixmap.kmapBegin())
        .fixKmapEnd(fixmap.kmapEnd())
        .ptrsPerPte(PTRS_PER_PTE)
        .kmapPteTablesContiguous(false)
        .build();
  }
}
