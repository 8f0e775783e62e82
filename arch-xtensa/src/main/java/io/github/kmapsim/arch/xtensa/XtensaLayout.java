// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;

/**
 * The Xtensa kernel virtual memory layout of v5.11 with CONFIG_XTENSA_KSEG_512M (MMUv3, as
 * virt_defconfig selects it), computed as the headers compute it:
 *
 * <ul>
 *   <li>{@code asm/kmem_layout.h}: XCHAL_KSEG_CACHED_VADDR 0xa0000000, XCHAL_KSEG_SIZE
 *       0x20000000, XCHAL_KSEG_PADDR 0; {@code asm/page.h}: PAGE_OFFSET = XCHAL_KSEG_CACHED_VADDR,
 *       MAX_LOW_PFN = PHYS_PFN(XCHAL_KSEG_PADDR) + PHYS_PFN(XCHAL_KSEG_SIZE): 512 MiB of lowmem;
 *   <li>{@code asm/pgtable.h}: VMALLOC_START = XCHAL_KSEG_CACHED_VADDR - 0x10000000, VMALLOC_END =
 *       VMALLOC_START + 0x07FEFFFF, TLBTEMP_BASE_1 = VMALLOC_START + 0x08000000: vmalloc lies
 *       below PAGE_OFFSET, whatever high_memory is, and there is no VMALLOC_OFFSET;
 *       PGDIR_SHIFT 22, PTRS_PER_PTE 1024 (the PMD is folded, so PMD_MASK is PGDIR_MASK);
 *   <li>{@code asm/fixmap.h} as 1eb0616c2df5 ("xtensa/mm/highmem: Make generic kmap_atomic() work
 *       correctly", v5.11) left it: FIX_KMAP_BEGIN 0, FIX_KMAP_END = KM_MAX_IDX * NR_CPUS *
 *       DCACHE_N_COLORS - 1, {@code __end_of_fixed_addresses} next; FIXADDR_END =
 *       XCHAL_KSEG_CACHED_VADDR - PAGE_SIZE, FIXADDR_START = (FIXADDR_END - FIXADDR_SIZE) &
 *       PMD_MASK ("to handle cache aliasing"), FIXADDR_TOP = FIXADDR_START + FIXADDR_SIZE -
 *       PAGE_SIZE, and asm-generic's top-down {@code __fix_to_virt}. Before that commit the
 *       fixmap grew upwards from FIXADDR_START, which the generic kmap_local code had not
 *       expected;
 *   <li>{@code asm/highmem.h}: PKMAP_BASE = (FIXADDR_START - (LAST_PKMAP + 1) * PAGE_SIZE) &
 *       PMD_MASK, LAST_PKMAP = PTRS_PER_PTE * DCACHE_N_COLORS.
 * </ul>
 *
 * <p>The kmap PTE tables are contiguous: {@code init_pmd()} ({@code arch/xtensa/mm/mmu.c})
 * allocates every PTE table of the fixmap in one {@code memblock_alloc_low()} and hooks them into
 * consecutive PMDs.
 */
final class XtensaLayout {

  /** PAGE_SHIFT ({@code asm/page.h}): Xtensa Linux has 4 KiB pages only. */
  static final int PAGE_SHIFT = 12;

  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  /** PTRS_PER_PTE ({@code asm/pgtable.h}). */
  static final int PTRS_PER_PTE = 1024;

  /** PMD_MASK: PGDIR_SHIFT 22 with the PMD folded, 4 MiB. */
  private static final long PMD_MASK = -(1L << 22);

  /** XCHAL_KSEG_CACHED_VADDR with XTENSA_KSEG_512M ({@code asm/kmem_layout.h}). */
  static final long KSEG_CACHED_VADDR = 0xa000_0000L;

  /** XCHAL_KSEG_SIZE with XTENSA_KSEG_512M: the lowmem the KSEG maps. */
  static final long KSEG_SIZE = 0x2000_0000L;

  /** VMALLOC_START = XCHAL_KSEG_CACHED_VADDR - 0x10000000. */
  static final long VMALLOC_START = KSEG_CACHED_VADDR - 0x1000_0000L;

  /** VMALLOC_END = VMALLOC_START + 0x07FEFFFF (the kernel's value, not page aligned). */
  static final long VMALLOC_END = VMALLOC_START + 0x07FE_FFFFL;

  /** TLBTEMP_BASE_1 = VMALLOC_START + 0x08000000. */
  static final long TLBTEMP_BASE_1 = VMALLOC_START + 0x0800_0000L;

  /** FIXADDR_END = XCHAL_KSEG_CACHED_VADDR - PAGE_SIZE. */
  static final long FIXADDR_END = KSEG_CACHED_VADDR - PAGE_SIZE;

  private XtensaLayout() {}

  /**
   * The layout of a kernel for {@code core} built with {@code nrCpus} and {@code kmMaxIdx}.
   *
   * @throws IllegalArgumentException when the fixmap or pkmap would reach down into the TLBTEMP
   *     area: the kernel's {@code BUILD_BUG_ON(FIXADDR_START < TLBTEMP_BASE_1 + TLBTEMP_SIZE)}
   *     ({@code fixedrange_init()}) and {@code BUILD_BUG_ON(PKMAP_BASE < TLBTEMP_BASE_1 +
   *     TLBTEMP_SIZE)} ({@code kmap_init()})
   */
  static MemoryLayout of(XtensaCore core, int nrCpus, int kmMaxIdx) {
    int colours = core.dcacheColours();
    int fixKmapEnd = kmMaxIdx * nrCpus * colours - 1;
    long fixaddrSize = (long) (fixKmapEnd + 1) << PAGE_SHIFT;
    long fixaddrStart = (FIXADDR_END - fixaddrSize) & PMD_MASK;
    long fixaddrTop = fixaddrStart + fixaddrSize - PAGE_SIZE;
    int lastPkmap = PTRS_PER_PTE * colours;
    long pkmapBase = (fixaddrStart - (lastPkmap + 1) * PAGE_SIZE) & PMD_MASK;
    long tlbtempEnd = TLBTEMP_BASE_1 + core.tlbtempSize();
    if (fixaddrStart < tlbtempEnd || pkmapBase < tlbtempEnd) {
      throw new IllegalArgumentException(String.format(
          "BUILD_BUG_ON(PKMAP_BASE < TLBTEMP_BASE_1 + TLBTEMP_SIZE): FIX_KMAP_END %d (KM_MAX_IDX"
              + " %d * NR_CPUS %d * DCACHE_N_COLORS %d) puts FIXADDR_START at 0x%x and PKMAP_BASE"
              + " at 0x%x, below the TLBTEMP area's end 0x%x",
          fixKmapEnd, kmMaxIdx, nrCpus, colours, fixaddrStart, pkmapBase, tlbtempEnd));
    }
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(KSEG_CACHED_VADDR)
        .maxLowmemBytes(KSEG_SIZE)
        .vmallocOffset(0)
        .vmallocStart(highMemory -> VMALLOC_START)
        .vmallocEnd(VMALLOC_END)
        .pkmapBase(pkmapBase)
        .lastPkmap(lastPkmap)
        .fixaddrTop(fixaddrTop)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(0)
        .fixKmapEnd(fixKmapEnd)
        .archRegions(List.of(new MemoryLayout.Region("tlbtemp", TLBTEMP_BASE_1, tlbtempEnd)))
        .ptrsPerPte(PTRS_PER_PTE)
        .kmapPteTablesContiguous(true)
        .build();
  }
}
