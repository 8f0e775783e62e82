// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

/**
 * The ARM {@code enum fixed_addresses} of {@code arch/arm/include/asm/fixmap.h} (v5.11 and later),
 * reduced to the kmap indices, and the Kconfig limit on NR_CPUS that keeps it inside its window.
 *
 * <p>The enum reads: FIX_EARLYCON_MEM_BASE (0), {@code __end_of_permanent_fixed_addresses} (1),
 * FIX_KMAP_BEGIN = {@code __end_of_permanent_fixed_addresses}, FIX_KMAP_END, FIX_TEXT_POKE0,
 * FIX_TEXT_POKE1, {@code __end_of_fixmap_region}; then FIX_BTMAP_END (1) .. FIX_BTMAP_BEGIN (224)
 * for early_ioremap(), which overlaps the kmap indices because it is gone before paging_init(),
 * and {@code __end_of_early_ioremap_region} (225). {@code __end_of_fixed_addresses} is the larger
 * of the two ends. The fixmap grows down from FIXADDR_TOP ({@code asm-generic/fixmap.h}).
 *
 * @param kmapBegin FIX_KMAP_BEGIN
 * @param kmapEnd FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1
 */
record ArmFixmap(int kmapBegin, int kmapEnd) {

  /** FIXADDR_START: the bottom of the 3 MiB window reserved for the fixmap. */
  static final long FIXADDR_START = 0xFFC0_0000L;

  /** FIXADDR_END: the top of that window. */
  static final long FIXADDR_END = 0xFFF0_0000L;

  /** FIXADDR_TOP = FIXADDR_END - PAGE_SIZE: the address of fixmap index 0. */
  static final long FIXADDR_TOP = FIXADDR_END - (1L << ArmLayout.PAGE_SHIFT);

  /** The top of {@code config NR_CPUS} without DEBUG_KMAP_LOCAL ({@code arch/arm/Kconfig}). */
  static final int NR_CPUS_MAX = 32;

  /**
   * The upper bound with DEBUG_KMAP_LOCAL: "ARM: 9063/1: mm: reduce maximum number of CPUs if
   * DEBUG_KMAP_LOCAL is enabled" (d624833f5984, April 2021, also in 5.11.y).
   */
  private static final int NR_CPUS_MAX_DEBUG_KMAP_LOCAL = 16;

  /** KM_MAX_IDX with DEBUG_KMAP_LOCAL ({@code include/asm-generic/kmap_size.h}); 16 without. */
  private static final int KM_MAX_IDX_DEBUG = 33;

  private static final int KM_MAX_IDX = 16;

  /** {@code __end_of_permanent_fixed_addresses}: only FIX_EARLYCON_MEM_BASE precedes it. */
  private static final int END_OF_PERMANENT_FIXED_ADDRESSES = 1;

  /** FIX_KMAP_BEGIN = {@code __end_of_permanent_fixed_addresses}. */
  private static final int FIX_KMAP_BEGIN = END_OF_PERMANENT_FIXED_ADDRESSES;

  /**
   * {@code __end_of_early_ioremap_region}: FIX_BTMAP_END (1) + TOTAL_FIX_BTMAPS, which is
   * NR_FIX_BTMAPS 32 times FIX_BTMAPS_SLOTS 7.
   */
  private static final int END_OF_EARLY_IOREMAP_REGION =
      END_OF_PERMANENT_FIXED_ADDRESSES + 32 * 7;

  /**
   * Lays the enum out for a kernel built with {@code nrCpus} and {@code kmMaxIdx}.
   *
   * <p>NR_CPUS is 1 without SMP ({@code include/linux/threads.h}) and 2..32 with it, 2..16 with
   * DEBUG_KMAP_LOCAL: beyond that the kmap slots push
   * {@code __fix_to_virt(__end_of_fixed_addresses)} towards FIXADDR_START, which
   * {@code __set_fixmap()} ({@code arch/arm/mm/mmu.c}) checks with a BUILD_BUG_ON; the message
   * gives that address.
   *
   * @param variant the variant's name, for the message
   * @throws IllegalArgumentException when the kernel could not be configured so
   */
  static ArmFixmap of(String variant, int nrCpus, int kmMaxIdx) {
    if (kmMaxIdx != KM_MAX_IDX && kmMaxIdx != KM_MAX_IDX_DEBUG) {
      throw new IllegalArgumentException(String.format(
          "%s: KM_MAX_IDX %d is neither %d nor %d with DEBUG_KMAP_LOCAL"
              + " (include/asm-generic/kmap_size.h)",
          variant, kmMaxIdx, KM_MAX_IDX, KM_MAX_IDX_DEBUG));
    }
    if (nrCpus < 1) {
      throw new IllegalArgumentException(
          String.format("%s: NR_CPUS %d: a kernel has at least one CPU", variant, nrCpus));
    }
    boolean debug = kmMaxIdx == KM_MAX_IDX_DEBUG;
    int max = debug ? NR_CPUS_MAX_DEBUG_KMAP_LOCAL : NR_CPUS_MAX;
    long kmapEnd = FIX_KMAP_BEGIN + (long) kmMaxIdx * nrCpus - 1;
    if (nrCpus > max) {
      // FIX_TEXT_POKE0, FIX_TEXT_POKE1 and __end_of_fixmap_region follow FIX_KMAP_END.
      long endOfFixed = Math.max(kmapEnd + 3, END_OF_EARLY_IOREMAP_REGION);
      throw new IllegalArgumentException(String.format(
          "%s: NR_CPUS %d is outside \"range 2 %d%s\" of config NR_CPUS (arch/arm/Kconfig):"
              + " KM_MAX_IDX %d * NR_CPUS %d kmap slots end at FIX_KMAP_END %d and put"
              + " __fix_to_virt(__end_of_fixed_addresses) at 0x%x, while __set_fixmap()"
              + " BUILD_BUG_ONs below FIXADDR_START 0x%08x",
          variant, nrCpus, max, debug ? " if DEBUG_KMAP_LOCAL" : "", kmMaxIdx, nrCpus, kmapEnd,
          FIXADDR_TOP - (endOfFixed << ArmLayout.PAGE_SHIFT), FIXADDR_START));
    }
    return new ArmFixmap(FIX_KMAP_BEGIN, (int) kmapEnd);
  }
}
