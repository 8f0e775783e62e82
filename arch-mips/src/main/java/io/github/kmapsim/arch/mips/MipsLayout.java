// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import io.github.kmapsim.spi.MemoryLayout;

/**
 * The MIPS32 kernel virtual memory layout, computed top-down as the headers compute it: the fixmap
 * below FIXADDR_TOP ({@code arch/mips/include/asm/fixmap.h}), pkmap aligned below it and the end
 * of vmalloc below that ({@code arch/mips/include/asm/pgtable-32.h}), with the direct map in KSEG0
 * ({@code arch/mips/include/asm/mach-generic/spaces.h}). Assumes no MIPS_HUGE_TLB_SUPPORT, which
 * would halve PTRS_PER_PTE and LAST_PKMAP.
 *
 * <p>The kmap PTE tables are not contiguous: {@code pagetable_init()} ({@code
 * arch/mips/mm/pgtable-32.c}) has {@code fixrange_init()} ({@code arch/mips/mm/init.c}) allocate
 * each missing PTE table on its own with {@code memblock_alloc_low(PAGE_SIZE, PAGE_SIZE)}, lowest
 * address first; nothing places them side by side in address order (memblock's default top-down
 * allocation even puts the table for the higher addresses below the one for the lower), and MIPS
 * checks nothing like x86's {@code page_table_kmap_check()}. A kmap window that spans two tables
 * (more than 976 slots with 4 KiB pages, 4072 with 16 KiB) therefore breaks the linear
 * {@code __kmap_pte - idx} arithmetic MIPS still uses (it does not select
 * KMAP_LOCAL_NON_LINEAR_PTE_ARRAY).
 */
final class MipsLayout {

  /** PAGE_OFFSET = CAC_BASE (0x80000000, KSEG0) + PHYS_OFFSET (0) ({@code spaces.h}). */
  private static final long PAGE_OFFSET = 0x8000_0000L;

  /**
   * HIGHMEM_START ({@code spaces.h}): memory above 512 MiB physical is highmem; {@code
   * bootmem_init()} ({@code arch/mips/kernel/setup.c}) clips max_low_pfn to its pfn.
   */
  private static final long HIGHMEM_START = 0x2000_0000L;

  /** VMALLOC_START = MAP_BASE = 0xc0000000, the start of KSEG2 ({@code pgtable-32.h}). */
  private static final long VMALLOC_START = 0xC000_0000L;

  /**
   * MIPS defines no VMALLOC_OFFSET: VMALLOC_START is the fixed MAP_BASE, not high_memory plus an
   * offset ({@link MemoryLayout#vmallocStart} says so). The value is the gap a full lowmem leaves
   * before it, VMALLOC_START - (PAGE_OFFSET + HIGHMEM_START) = 512 MiB (the uncached KSEG1
   * window), which every highmem machine has.
   */
  private static final long VMALLOC_OFFSET = VMALLOC_START - (PAGE_OFFSET + HIGHMEM_START);

  /** FIXADDR_TOP = 0xfffe0000 ({@code mach-generic/spaces.h}; platforms may override it). */
  private static final long FIXADDR_TOP = 0xFFFE_0000L;

  /** LAST_PKMAP = 1024 without PHYS_ADDR_T_64BIT ({@code arch/mips/include/asm/highmem.h}). */
  private static final int LAST_PKMAP = 1024;

  /** PTE_T_LOG2: log2(sizeof(pte_t)) = 2 for a 32-bit pte_t ({@code asm/pgtable.h}). */
  private static final int PTE_T_LOG2 = 2;

  private MipsLayout() {}

  /**
   * The layout of a kernel built with PAGE_SHIFT {@code pageShift}, {@code nrCpus} and {@code
   * kmMaxIdx}.
   *
   * @throws IllegalArgumentException when the fixmap and pkmap would reach down to VMALLOC_START
   */
  static MemoryLayout of(int pageShift, int nrCpus, int kmMaxIdx) {
    long pageSize = 1L << pageShift;
    MipsFixmap fixmap = MipsFixmap.of(nrCpus, kmMaxIdx);
    // FIXADDR_SIZE = __end_of_fixed_addresses << PAGE_SHIFT; FIXADDR_START = FIXADDR_TOP - SIZE.
    long fixaddrStart = FIXADDR_TOP - ((long) fixmap.endOfFixed() << pageShift);
    // PKMAP_END = FIXADDR_START & ~((LAST_PKMAP << PAGE_SHIFT) - 1): pkmap fills one aligned block.
    long pkmapEnd = fixaddrStart & -((long) LAST_PKMAP << pageShift);
    long pkmapBase = pkmapEnd - pageSize * LAST_PKMAP;
    // VMALLOC_END = PKMAP_BASE - 2 * PAGE_SIZE with HIGHMEM.
    long vmallocEnd = pkmapBase - 2 * pageSize;
    if (vmallocEnd <= VMALLOC_START) {
      throw new IllegalArgumentException(String.format(
          "VMALLOC_END 0x%x would not lie above VMALLOC_START (MAP_BASE 0x%x): FIX_KMAP_END %d"
              + " (KM_MAX_IDX %d * NR_CPUS %d) puts FIXADDR_START at 0x%x and pkmap below it",
          vmallocEnd, VMALLOC_START, fixmap.kmapEnd(), kmMaxIdx, nrCpus, fixaddrStart));
    }
    // PGDIR_SHIFT = 2 * PAGE_SHIFT - PTE_T_LOG2 (folded PMD): one PTE table maps 1 << PGDIR_SHIFT
    // bytes, so PTRS_PER_PTE = PAGE_SIZE / sizeof(pte_t).
    int pgdirShift = 2 * pageShift - PTE_T_LOG2;
    return MemoryLayout.builder()
        .pageShift(pageShift)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(HIGHMEM_START)
        .vmallocOffset(VMALLOC_OFFSET)
        .vmallocStart(highMemory -> VMALLOC_START)
        .vmallocEnd(vmallocEnd)
        .pkmapBase(pkmapBase)
        .lastPkmap(LAST_PKMAP)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(fixmap.kmapBegin())
        .fixKmapEnd(fixmap.kmapEnd())
        .ptrsPerPte(1 << (pgdirShift - pageShift))
        .kmapPteTablesContiguous(false)
        .build();
  }
}
