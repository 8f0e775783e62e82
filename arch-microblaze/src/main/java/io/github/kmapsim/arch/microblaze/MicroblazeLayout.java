// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import io.github.kmapsim.spi.MemoryLayout;

/**
 * The MicroBlaze kernel virtual memory layout of v5.11 with the Kconfig defaults
 * (CONFIG_KERNEL_START 0xc0000000, CONFIG_LOWMEM_SIZE 0x30000000): the fixmap below FIXADDR_TOP
 * {@code -PAGE_SIZE} ({@code arch/microblaze/include/asm/fixmap.h}), pkmap derived from
 * FIXADDR_START and aligned down to a PMD ({@code asm/highmem.h}), and the vmalloc area from the
 * fixed CONFIG_KERNEL_START + CONFIG_LOWMEM_SIZE up to {@code ioremap_bot}, which {@code
 * mmu_init()} ({@code arch/microblaze/mm/init.c}) sets to PKMAP_BASE with HIGHMEM: vmalloc ends
 * where pkmap begins, and begins where the largest lowmem ends.
 *
 * <p>Microblaze has no SMP, so NR_CPUS is 1 and FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX *
 * {@code num_possible_cpus()} - 1 = KM_MAX_IDX; the whole fixmap fits in the last PTE table.
 */
final class MicroblazeLayout {

  /** PAGE_SHIFT: 4 KiB pages ({@code asm/page.h}). */
  static final int PAGE_SHIFT = 12;

  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  /** PAGE_OFFSET = CONFIG_KERNEL_START, 0xc0000000 by default ({@code asm/page.h}). */
  static final long PAGE_OFFSET = 0xC000_0000L;

  /**
   * CONFIG_LOWMEM_SIZE, 0x30000000 by default: {@code mmu_init()} clips {@code lowmem_size} to it
   * and {@code setup_memory()} sets max_low_pfn = (memory_start + lowmem_size) >> PAGE_SHIFT.
   */
  static final long LOWMEM_SIZE = 0x3000_0000L;

  /** VMALLOC_START = CONFIG_KERNEL_START + CONFIG_LOWMEM_SIZE ({@code asm/pgtable.h}). */
  static final long VMALLOC_START = PAGE_OFFSET + LOWMEM_SIZE;

  /** FIXADDR_TOP = {@code (unsigned long)(-PAGE_SIZE)} ({@code asm/fixmap.h}). */
  static final long FIXADDR_TOP = 0x1_0000_0000L - PAGE_SIZE;

  /** FIX_KMAP_BEGIN = 1: FIX_HOLE is index 0. */
  static final int FIX_KMAP_BEGIN = 1;

  /** PTE_SHIFT = PAGE_SHIFT - 2 ({@code asm/page.h}): 1024 32-bit PTEs a table. */
  static final int PTE_SHIFT = PAGE_SHIFT - 2;

  /** LAST_PKMAP = 1 << PKMAP_ORDER, PKMAP_ORDER = PTE_SHIFT ({@code asm/highmem.h}). */
  static final int LAST_PKMAP = 1 << PTE_SHIFT;

  /** PMD_SIZE = PGDIR_SIZE = 1 << (PAGE_SHIFT + PTE_SHIFT), 4 MiB ({@code asm/pgtable.h}). */
  private static final long PMD_SIZE = 1L << (PAGE_SHIFT + PTE_SHIFT);

  private MicroblazeLayout() {}

  /** The layout of a kernel built with {@code kmMaxIdx} (NR_CPUS is 1). */
  static MemoryLayout of(int kmMaxIdx) {
    int kmapEnd = FIX_KMAP_BEGIN + kmMaxIdx - 1;
    // __FIXADDR_SIZE = __end_of_fixed_addresses << PAGE_SHIFT.
    long fixaddrStart = FIXADDR_TOP - ((long) (kmapEnd + 1) << PAGE_SHIFT);
    // PKMAP_BASE = (FIXADDR_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK.
    long pkmapBase = (fixaddrStart - PAGE_SIZE * (LAST_PKMAP + 1)) & -PMD_SIZE;
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(LOWMEM_SIZE)
        .vmallocOffset(0)
        .vmallocStart(highMemory -> VMALLOC_START)
        .vmallocEnd(pkmapBase)
        .pkmapBase(pkmapBase)
        .lastPkmap(LAST_PKMAP)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(FIX_KMAP_BEGIN)
        .fixKmapEnd(kmapEnd)
        .ptrsPerPte(1 << PTE_SHIFT)
        .kmapPteTablesContiguous(false)
        .build();
  }
}
