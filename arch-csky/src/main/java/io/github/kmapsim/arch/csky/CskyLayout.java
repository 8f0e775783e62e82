// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import io.github.kmapsim.spi.MemoryLayout;

/**
 * The C-SKY (abiv2) kernel virtual memory layout of v5.11, with CONFIG_PAGE_OFFSET_80000000 (the
 * Kconfig default) and without HAVE_TCM. Unlike the other ports, csky fixes both ends in
 * {@code arch/csky/include/asm/memory.h}: FIXADDR_TOP is 0xffffc000 and PKMAP_BASE 0xff800000,
 * whatever the fixmap holds, so the fixmap (KM_MAX_IDX * NR_CPUS pages below FIXADDR_TOP) must fit
 * above pkmap's 4 MiB: {@code fixaddr_init()} ({@code arch/csky/mm/init.c}) sets up the one PTE
 * table of the PMD holding the last fixmap index, 0xffc00000 while the fixmap fits. The direct map
 * spans LOWMEM_LIMIT = 1 GiB from PAGE_OFFSET (two 512 MiB segments, MSA0 and MSA1, {@code
 * asm/page.h}), and VMALLOC_START is a constant eight pages above it.
 */
final class CskyLayout {

  /** PAGE_SHIFT: 4 KiB pages only ({@code arch/csky/include/asm/page.h}). */
  static final int PAGE_SHIFT = 12;

  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  /** PAGE_OFFSET = CONFIG_PAGE_OFFSET, 0x80000000 with PAGE_OFFSET_80000000 (the default). */
  static final long PAGE_OFFSET = 0x8000_0000L;

  /**
   * LOWMEM_LIMIT = SSEG_SIZE (0x20000000) * 2 ({@code asm/page.h}); {@code csky_memblock_init()}
   * ({@code arch/csky/kernel/setup.c}) clips max_low_pfn to min_low_pfn + PFN_DOWN(LOWMEM_LIMIT -
   * PHYS_OFFSET_OFFSET), 0x40000 with DRAM at 0 (CONFIG_DRAM_BASE 0).
   */
  static final long LOWMEM_LIMIT = 0x4000_0000L;

  /** VMALLOC_START = PAGE_OFFSET + LOWMEM_LIMIT + PAGE_SIZE * 8 ({@code asm/memory.h}). */
  static final long VMALLOC_START = PAGE_OFFSET + LOWMEM_LIMIT + PAGE_SIZE * 8;

  /** FIXADDR_TOP = 0xffffc000 ({@code asm/memory.h}). */
  static final long FIXADDR_TOP = 0xFFFF_C000L;

  /** PKMAP_BASE = 0xff800000 ({@code asm/memory.h}), not derived from the fixmap. */
  static final long PKMAP_BASE = 0xFF80_0000L;

  /** LAST_PKMAP = 1024 ({@code arch/csky/include/asm/highmem.h}). */
  static final int LAST_PKMAP = 1024;

  /** VMALLOC_END = PKMAP_BASE - PAGE_SIZE * 2 ({@code asm/memory.h}). */
  static final long VMALLOC_END = PKMAP_BASE - PAGE_SIZE * 2;

  /** PTRS_PER_PTE = PAGE_SIZE / sizeof(pte_t): PGDIR_SHIFT 22, 4 MiB a table ({@code pgtable.h}). */
  static final int PTRS_PER_PTE = 1024;

  /**
   * FIX_KMAP_BEGIN: the first entry of {@code enum fixed_addresses} ({@code asm/fixmap.h}) without
   * HAVE_TCM, so slot 0 of CPU 0 is FIXADDR_TOP itself.
   */
  static final int FIX_KMAP_BEGIN = 0;

  /** The fixmap pages that fit between pkmap's end (0xffc00000) and FIXADDR_TOP: 1020. */
  static final int FIXMAP_ROOM =
      (int) ((FIXADDR_TOP - (PKMAP_BASE + LAST_PKMAP * PAGE_SIZE)) >>> PAGE_SHIFT);

  private CskyLayout() {}

  /**
   * The layout for {@code nrCpus} and {@code kmMaxIdx}: FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX
   * * NR_CPUS - 1, {@code __end_of_fixed_addresses} = FIX_KMAP_END + 1, FIXADDR_START =
   * FIXADDR_TOP - (__end_of_fixed_addresses << PAGE_SHIFT).
   *
   * @throws IllegalArgumentException when the fixmap would reach down into pkmap
   */
  static MemoryLayout of(int nrCpus, int kmMaxIdx) {
    int kmapEnd = FIX_KMAP_BEGIN + kmMaxIdx * nrCpus - 1;
    int endOfFixed = kmapEnd + 1;
    long fixaddrStart = FIXADDR_TOP - ((long) endOfFixed << PAGE_SHIFT);
    if (endOfFixed > FIXMAP_ROOM) {
      throw new IllegalArgumentException(String.format(
          "FIXADDR_START 0x%x would fall into pkmap [0x%x, 0x%x): KM_MAX_IDX %d * NR_CPUS %d = %d"
              + " fixmap pages, but the fixed FIXADDR_TOP 0x%x and PKMAP_BASE 0x%x"
              + " (arch/csky/include/asm/memory.h) leave room for %d",
          fixaddrStart, PKMAP_BASE, PKMAP_BASE + LAST_PKMAP * PAGE_SIZE, kmMaxIdx, nrCpus,
          endOfFixed, FIXADDR_TOP, PKMAP_BASE, FIXMAP_ROOM));
    }
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(LOWMEM_LIMIT)
        .vmallocOffset(VMALLOC_START - (PAGE_OFFSET + LOWMEM_LIMIT))
        .vmallocStart(highMemory -> VMALLOC_START)
        .vmallocEnd(VMALLOC_END)
        .pkmapBase(PKMAP_BASE)
        .lastPkmap(LAST_PKMAP)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(FIX_KMAP_BEGIN)
        .fixKmapEnd(kmapEnd)
        .ptrsPerPte(PTRS_PER_PTE)
        .kmapPteTablesContiguous(false)
        .build();
  }
}
