// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;

/**
 * The sparc32 (sun4m SRMMU) kernel virtual memory layout of v5.11. Everything sits at fixed
 * addresses above KERNBASE = PAGE_OFFSET = 0xf0000000: 192 MiB of lowmem (SRMMU_MAXMEM), the
 * SRMMU nocache pool of page tables at 0xfc000000 (SRMMU_NOCACHE_VADDR, at most 1280 pages), pkmap
 * PMD-aligned above the pool's largest size, the fixmap growing down from FIXADDR_TOP 0xfcfff000
 * (one empty page below the sun4m I/O pages at 0xfd000000), and the vmalloc area above all of them,
 * at 0xfe600000, after the I/O mappings ({@code arch/sparc/include/asm/vaddrs.h},
 * {@code highmem.h}, {@code pgtable_32.h}, {@code page_32.h}).
 */
final class SparcLayout {

  /** PAGE_SHIFT: 4 KiB pages ({@code arch/sparc/include/asm/page_32.h}). */
  static final int PAGE_SHIFT = 12;

  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  /** PAGE_OFFSET = KERNBASE = 0xf0000000 ({@code asm/page_32.h}, {@code asm/head_32.h}). */
  static final long PAGE_OFFSET = 0xF000_0000L;

  /**
   * SRMMU_MAXMEM = 0x0c000000 ({@code vaddrs.h}): {@code bootmem_init()} ({@code
   * arch/sparc/mm/init_32.c}) starts highmem at pfn_base + (SRMMU_MAXMEM >> PAGE_SHIFT), so
   * max_low_pfn is 0xc000 with RAM from physical 0.
   */
  static final long SRMMU_MAXMEM = 0x0C00_0000L;

  /** SRMMU_NOCACHE_VADDR = KERNBASE + SRMMU_MAXMEM = 0xfc000000 ({@code vaddrs.h}). */
  static final long SRMMU_NOCACHE_VADDR = PAGE_OFFSET + SRMMU_MAXMEM;

  /** SRMMU_MAX_NOCACHE_PAGES = 1280: the largest nocache pool ({@code vaddrs.h}). */
  static final int SRMMU_MAX_NOCACHE_PAGES = 1280;

  /**
   * PMD_SHIFT = 18 since v5.8 ({@code pgtable_32.h}, "sparc32: mm: Restructure sparc32 MMU
   * page-table layout", 3408974d0533): the SRMMU's own 64-entry level-3 table maps 256 KiB. Before,
   * Linux grouped 16 of them into a 1024-entry table with PMD_SHIFT 22, and PKMAP_BASE was
   * 0xfc800000.
   */
  static final int PMD_SHIFT = 18;

  private static final long PMD_SIZE = 1L << PMD_SHIFT;

  /** PTRS_PER_PTE = 64 ({@code pgtable_32.h}, v5.8 and later). */
  static final int PTRS_PER_PTE = 64;

  /** LAST_PKMAP = 1024 ({@code highmem.h}): 16 PTE tables of 64 entries. */
  static final int LAST_PKMAP = 1024;

  /**
   * PKMAP_BASE = PMD_ALIGN(SRMMU_NOCACHE_VADDR + (SRMMU_MAX_NOCACHE_PAGES << PAGE_SHIFT)) =
   * PMD_ALIGN(0xfc500000) = 0xfc500000 ({@code highmem.h}).
   */
  static final long PKMAP_BASE =
      pmdAlign(SRMMU_NOCACHE_VADDR + ((long) SRMMU_MAX_NOCACHE_PAGES << PAGE_SHIFT));

  /** FIXADDR_TOP = 0xfcfff000 ({@code vaddrs.h}): one empty page below SUN4M_IOBASE_VADDR. */
  static final long FIXADDR_TOP = 0xFCFF_F000L;

  /** FIX_KMAP_BEGIN = 1: {@code enum fixed_addresses} starts with FIX_HOLE ({@code vaddrs.h}). */
  static final int FIX_KMAP_BEGIN = 1;

  /** SUN4M_IOBASE_VADDR = 0xfd000000, the sun4m I/O pages ({@code vaddrs.h}). */
  static final long SUN4M_IOBASE_VADDR = 0xFD00_0000L;

  /** IOBASE_END = 0xfe600000, the end of the I/O mappings ({@code vaddrs.h}). */
  static final long IOBASE_END = 0xFE60_0000L;

  /** VMALLOC_START = 0xfe600000, a constant ({@code pgtable_32.h}). */
  static final long VMALLOC_START = 0xFE60_0000L;

  /** VMALLOC_END = 0xffc00000 ({@code pgtable_32.h}): KADB_DEBUGGER_BEGVM. */
  static final long VMALLOC_END = 0xFFC0_0000L;

  /** DVMA_END = 0xfffc0000: the debugger, PROM and DVMA areas end here ({@code vaddrs.h}). */
  static final long DVMA_END = 0xFFFC_0000L;

  /** The fixmap pages that fit between pkmap's end and FIXADDR_TOP: 1791. */
  static final int FIXMAP_ROOM =
      (int) ((FIXADDR_TOP - (PKMAP_BASE + LAST_PKMAP * PAGE_SIZE)) >>> PAGE_SHIFT);

  private SparcLayout() {}

  private static long pmdAlign(long addr) {
    return (addr + PMD_SIZE - 1) & -PMD_SIZE;
  }

  /**
   * The layout for {@code nrCpus} and {@code kmMaxIdx}: FIX_KMAP_END = KM_MAX_IDX * NR_CPUS
   * (= FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1), FIXADDR_SIZE = (FIX_KMAP_END + 1) << PAGE_SHIFT,
   * FIXADDR_START = FIXADDR_TOP - FIXADDR_SIZE, {@code __fix_to_virt(x)} = FIXADDR_TOP - (x <<
   * PAGE_SHIFT), the asm-generic direction ({@code vaddrs.h}).
   *
   * <p>The kmap PTEs are one linear array ({@code __kmap_pte - idx}) across the 64-entry tables:
   * {@code srmmu_allocate_ptable_skeleton()} ({@code arch/sparc/mm/srmmu.c}) allocates the fixmap's
   * tables at boot one after the other in address order from the nocache pool, nothing between
   * them; the kernel relies on it without checking it (unlike x86's {@code
   * page_table_kmap_check()}).
   *
   * @throws IllegalArgumentException when the fixmap would reach down into pkmap
   */
  static MemoryLayout of(int nrCpus, int kmMaxIdx) {
    int kmapEnd = kmMaxIdx * nrCpus;
    long fixaddrStart = FIXADDR_TOP - ((long) (kmapEnd + 1) << PAGE_SHIFT);
    if (kmapEnd + 1 > FIXMAP_ROOM) {
      throw new IllegalArgumentException(String.format(
          "FIXADDR_START 0x%x would fall into pkmap, which ends at 0x%x: KM_MAX_IDX %d * NR_CPUS"
              + " %d + 1 fixmap pages below FIXADDR_TOP 0x%x (arch/sparc/include/asm/vaddrs.h)",
          fixaddrStart, PKMAP_BASE + LAST_PKMAP * PAGE_SIZE, kmMaxIdx, nrCpus, FIXADDR_TOP));
    }
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(SRMMU_MAXMEM)
        .vmallocOffset(0)
        .vmallocStart(highMemory -> VMALLOC_START)
        .vmallocEnd(VMALLOC_END)
        .pkmapBase(PKMAP_BASE)
        .lastPkmap(LAST_PKMAP)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(FIX_KMAP_BEGIN)
        .fixKmapEnd(kmapEnd)
        .ptrsPerPte(PTRS_PER_PTE)
        .kmapPteTablesContiguous(true)
        .archRegions(List.of(
            new MemoryLayout.Region("nocache", SRMMU_NOCACHE_VADDR,
                SRMMU_NOCACHE_VADDR + ((long) SRMMU_MAX_NOCACHE_PAGES << PAGE_SHIFT)),
            new MemoryLayout.Region("sun4m io", SUN4M_IOBASE_VADDR, IOBASE_END),
            new MemoryLayout.Region("prom dvma", VMALLOC_END, DVMA_END)))
        .build();
  }
}
