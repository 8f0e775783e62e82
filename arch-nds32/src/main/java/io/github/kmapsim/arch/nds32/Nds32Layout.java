// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;

/**
 * The nds32 kernel virtual memory layout of v5.11 (the architecture was removed in v5.18) with
 * 4 KiB pages and the default VMSPLIT_3G_OPT, computed top-down as the headers compute it:
 *
 * <ul>
 *   <li>{@code arch/nds32/include/asm/fixmap.h} as 5f037ea3b267 ("nds32/mm/highmem: Switch to
 *       generic kmap atomic", which also fixed "the harmless off by one in the FIX_KMAP_END
 *       define") left it: FIX_HOLE (0), FIX_KMAP_RESERVED (1), FIX_KMAP_BEGIN (2), FIX_KMAP_END =
 *       FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1, FIX_EARLYCON_MEM_BASE,
 *       {@code __end_of_fixed_addresses}; FIXADDR_TOP = -(16 * PAGE_SIZE) = 0xffff0000,
 *       FIXADDR_START = FIXADDR_TOP - FIXADDR_SIZE; asm-generic {@code __fix_to_virt};
 *   <li>{@code asm/highmem.h}: PKMAP_BASE = (FIXADDR_START - PGDIR_SIZE) & PGDIR_MASK,
 *       LAST_PKMAP = PTRS_PER_PTE;
 *   <li>{@code asm/pgtable.h}: PGDIR_SHIFT 22 and PTRS_PER_PTE 1024 with 4 KiB pages;
 *       CONSISTENT_BASE = PKMAP_BASE - 2 MiB (the DMA consistent area, up to PKMAP_BASE);
 *       VMALLOC_END = CONSISTENT_BASE - PAGE_SIZE, VMALLOC_START = VMALLOC_END - 128 MiB
 *       (VMALLOC_RESERVE), MAXMEM = __pa(VMALLOC_START): lowmem ends where vmalloc starts, with
 *       no gap, and {@code setup_memory()} ({@code arch/nds32/kernel/setup.c}) clips max_low_pfn
 *       to MAXMEM_PFN;
 *   <li>{@code arch/nds32/Kconfig.cpu}: PAGE_OFFSET = CONFIG_PAGE_OFFSET, 0xb0000000 for
 *       VMSPLIT_3G_OPT ("for full 1G low memory"); {@code asm/memory.h}: PHYS_OFFSET 0.
 * </ul>
 *
 * <p>{@code fixedrange_init()} ({@code arch/nds32/mm/init.c}) allocates one PTE table for the
 * PMD of FIXADDR_START and one for PKMAP_BASE, each with its own {@code memblock_alloc()}.
 */
final class Nds32Layout {

  /** PAGE_SHIFT for CONFIG_ANDES_PAGE_SIZE_4KB, the Kconfig default. */
  static final int PAGE_SHIFT = 12;

  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  /** PGDIR_SHIFT 22: the PMD is folded, one PTE table maps 4 MiB. */
  private static final long PGDIR_SIZE = 1L << 22;

  /** PTRS_PER_PTE with 4 KiB pages. */
  static final int PTRS_PER_PTE = 1024;

  /** CONFIG_PAGE_OFFSET for VMSPLIT_3G_OPT, the default memory split. */
  static final long PAGE_OFFSET = 0xb000_0000L;

  /** FIXADDR_TOP = (unsigned long) -(16 * PAGE_SIZE). */
  static final long FIXADDR_TOP = 0x1_0000_0000L - 16 * PAGE_SIZE;

  /** FIX_KMAP_BEGIN: after FIX_HOLE and FIX_KMAP_RESERVED. */
  static final int FIX_KMAP_BEGIN = 2;

  /** The consistent DMA area below PKMAP_BASE: SZ_2M. */
  private static final long CONSISTENT_SIZE = 2L << 20;

  /** VMALLOC_RESERVE = SZ_128M. */
  private static final long VMALLOC_RESERVE = 128L << 20;

  private Nds32Layout() {}

  /** The layout of a kernel built with {@code nrCpus} (1: nds32 has no SMP) and {@code kmMaxIdx}. */
  static MemoryLayout of(int nrCpus, int kmMaxIdx) {
    int fixKmapEnd = FIX_KMAP_BEGIN + kmMaxIdx * nrCpus - 1;
    int endOfFixed = fixKmapEnd + 2; // FIX_EARLYCON_MEM_BASE, then __end_of_fixed_addresses
    long fixaddrStart = FIXADDR_TOP - ((long) endOfFixed << PAGE_SHIFT);
    long pkmapBase = (fixaddrStart - PGDIR_SIZE) & -PGDIR_SIZE;
    long consistentBase = pkmapBase - CONSISTENT_SIZE;
    long vmallocEnd = consistentBase - PAGE_SIZE;
    long vmallocStart = vmallocEnd - VMALLOC_RESERVE;
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(vmallocStart - PAGE_OFFSET)
        .vmallocOffset(0)
        .vmallocStart(highMemory -> vmallocStart)
        .vmallocEnd(vmallocEnd)
        .pkmapBase(pkmapBase)
        .lastPkmap(PTRS_PER_PTE)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(FIX_KMAP_BEGIN)
        .fixKmapEnd(fixKmapEnd)
        .archRegions(List.of(new MemoryLayout.Region("consist", consistentBase, pkmapBase)))
        .ptrsPerPte(PTRS_PER_PTE)
        .kmapPteTablesContiguous(false)
        .build();
  }
}
