// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

/**
 * The x86-32 {@code enum fixed_addresses} of {@code arch/x86/include/asm/fixmap.h} (v5.11), reduced
 * to the indices the layout needs.
 *
 * <p>Assumed Kconfig (i386_defconfig plus highmem): X86_32, SMP, PROVIDE_OHCI1394_DMA_INIT=y,
 * X86_LOCAL_APIC=y, X86_IO_APIC=y, KMAP_LOCAL (selected by HIGHMEM), PCI_MMCONFIG=y;
 * PARAVIRT_XXL, ACPI_APEI_GHES and INTEL_TXT off. The enum then reads: FIX_HOLE (0),
 * FIX_DBGP_BASE (1), FIX_EARLYCON_MEM_BASE (2), FIX_OHCI1394_BASE (3), FIX_APIC_BASE (4),
 * FIX_IO_APIC_BASE_0 (5) .. FIX_IO_APIC_BASE_END (5 + MAX_IO_APICS - 1 = 68, MAX_IO_APICS being 64
 * on X86_32 in {@code apicdef.h}), FIX_KMAP_BEGIN (69), FIX_KMAP_END, FIX_PCIE_MCFG,
 * {@code __end_of_permanent_fixed_addresses}, FIX_BTMAP_END, FIX_BTMAP_BEGIN, FIX_WP_TEST (the
 * X86_32 tail entry), {@code __end_of_fixed_addresses}.
 *
 * @param kmapBegin FIX_KMAP_BEGIN
 * @param kmapEnd FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1
 * @param endOfPermanent {@code __end_of_permanent_fixed_addresses}, which sizes FIXADDR_START
 * @param endOfFixed {@code __end_of_fixed_addresses}, which sizes FIXADDR_TOT_START
 */
record X86Fixmap(int kmapBegin, int kmapEnd, int endOfPermanent, int endOfFixed) {

  /**
   * FIX_IO_APIC_BASE_0: after FIX_HOLE, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_OHCI1394_BASE
   * and FIX_APIC_BASE.
   */
  private static final int FIX_IO_APIC_BASE_0 = 5;

  /** MAX_IO_APICS on X86_32 ({@code arch/x86/include/asm/apicdef.h}). */
  private static final int MAX_IO_APICS = 64;

  /** FIX_KMAP_BEGIN: right after FIX_IO_APIC_BASE_END. */
  private static final int FIX_KMAP_BEGIN = FIX_IO_APIC_BASE_0 + MAX_IO_APICS;

  /** TOTAL_FIX_BTMAPS = NR_FIX_BTMAPS (64) * FIX_BTMAPS_SLOTS (8): the early_ioremap() slots. */
  private static final int TOTAL_FIX_BTMAPS = 64 * 8;

  /**
   * Lays the enum out for a kernel built with {@code nrCpus} and {@code kmMaxIdx}.
   *
   * <p>FIX_BTMAP_END follows {@code __end_of_permanent_fixed_addresses}, rounded up to the next
   * TOTAL_FIX_BTMAPS boundary when the 512 boot slots would otherwise straddle two page tables
   * (their first and last index differ in a bit selected by {@code -PTRS_PER_PTE}).
   *
   * @param ptrsPerPte PTRS_PER_PTE of the paging mode
   */
  static X86Fixmap of(int nrCpus, int kmMaxIdx, int ptrsPerPte) {
    int kmapEnd = FIX_KMAP_BEGIN + kmMaxIdx * nrCpus - 1;
    int fixPcieMcfg = kmapEnd + 1;
    int endOfPermanent = fixPcieMcfg + 1;
    int lastBootSlot = endOfPermanent + TOTAL_FIX_BTMAPS - 1;
    boolean straddles = ((endOfPermanent ^ lastBootSlot) & -ptrsPerPte) != 0;
    int btmapEnd =
        straddles
            ? endOfPermanent + TOTAL_FIX_BTMAPS - (endOfPermanent & (TOTAL_FIX_BTMAPS - 1))
            : endOfPermanent;
    int btmapBegin = btmapEnd + TOTAL_FIX_BTMAPS - 1;
    int fixWpTest = btmapBegin + 1;
    return new X86Fixmap(FIX_KMAP_BEGIN, kmapEnd, endOfPermanent, fixWpTest + 1);
  }
}
