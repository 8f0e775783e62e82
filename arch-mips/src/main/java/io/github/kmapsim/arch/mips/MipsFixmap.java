// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

/**
 * The MIPS {@code enum fixed_addresses} of {@code arch/mips/include/asm/fixmap.h} with HIGHMEM:
 * FIX_CMAP_BEGIN (0), FIX_CMAP_END = FIX_CMAP_BEGIN + FIX_N_COLOURS * 2 (the kmap_coherent()
 * slots), FIX_KMAP_BEGIN = FIX_CMAP_END + 1, FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS -
 * 1, {@code __end_of_fixed_addresses}. The index does not depend on the page size; the addresses
 * do.
 *
 * @param kmapBegin FIX_KMAP_BEGIN
 * @param kmapEnd FIX_KMAP_END
 * @param endOfFixed {@code __end_of_fixed_addresses}, which sizes FIXADDR_SIZE
 */
record MipsFixmap(int kmapBegin, int kmapEnd, int endOfFixed) {

  /** FIX_N_COLOURS, defined inside the enum: the D-cache colours kmap_coherent() serves. */
  private static final int FIX_N_COLOURS = 8;

  /** FIX_CMAP_END = FIX_CMAP_BEGIN (0) + FIX_N_COLOURS * 2. */
  private static final int FIX_CMAP_END = FIX_N_COLOURS * 2;

  /** FIX_KMAP_BEGIN = FIX_CMAP_END + 1: index 16 itself is FIX_CMAP_END, left unused. */
  private static final int FIX_KMAP_BEGIN = FIX_CMAP_END + 1;

  /** Lays the enum out for a kernel built with {@code nrCpus} and {@code kmMaxIdx}. */
  static MipsFixmap of(int nrCpus, int kmMaxIdx) {
    int kmapEnd = FIX_KMAP_BEGIN + kmMaxIdx * nrCpus - 1;
    return new MipsFixmap(FIX_KMAP_BEGIN, kmapEnd, kmapEnd + 1);
  }
}
