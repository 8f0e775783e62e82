// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

/**
 * The two x86-32 paging modes and the page-table geometry that differs between them. Both use
 * 4 KiB pages.
 */
enum X86Paging {

  /**
   * CONFIG_HIGHMEM4G, 2-level tables ({@code pgtable-2level_types.h}): PGDIR_SHIFT 22 with the PMD
   * folded into the PGD, so PMD_SIZE is 4 MiB; PTRS_PER_PTE 1024; {@code pteval_t} is 32 bits;
   * {@code __PHYSICAL_MASK_SHIFT} 32 ({@code page_32_types.h}); LAST_PKMAP 1024
   * ({@code pgtable_32_areas.h}).
   */
  NON_PAE(22, 1024, 32, 32, 1024),

  /**
   * CONFIG_HIGHMEM64G / X86_PAE, 3-level tables ({@code pgtable-3level_types.h}): PMD_SHIFT 21, so
   * PMD_SIZE is 2 MiB; PTRS_PER_PTE 512; {@code pteval_t} is 64 bits; {@code __PHYSICAL_MASK_SHIFT}
   * 52 ({@code page_32_types.h}, kept at 52 since the L1TF work although 32-bit pfns limit real
   * memory to 44 bits); LAST_PKMAP 512 ({@code pgtable_32_areas.h}).
   */
  PAE(21, 512, 64, 52, 512);

  /** PMD_SHIFT: log2 of the virtual range one page table (one PMD entry) maps. */
  final int pmdShift;

  /** PTRS_PER_PTE. */
  final int ptrsPerPte;

  /** The width of {@code pte_t} in bits. */
  final int pteBits;

  /** {@code __PHYSICAL_MASK_SHIFT}: the physical address width a PTE can carry. */
  final int physicalMaskShift;

  /** LAST_PKMAP: persistent kmap entries, one page table's worth. */
  final int lastPkmap;

  X86Paging(int pmdShift, int ptrsPerPte, int pteBits, int physicalMaskShift, int lastPkmap) {
    this.pmdShift = pmdShift;
    this.ptrsPerPte = ptrsPerPte;
    this.pteBits = pteBits;
    this.physicalMaskShift = physicalMaskShift;
    this.lastPkmap = lastPkmap;
  }
}
