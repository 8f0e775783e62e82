// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * The architecture hooks of the generic kmap_local code ({@code mm/highmem.c}). Each default is
 * the kernel's default; a port overrides exactly what its {@code asm/highmem.h} overrides.
 */
public interface KmapHooks {

  /** {@code arch_kmap_local_post_map(vaddr, pteval)}: after the slot PTE is set. Default: nothing. */
  default void postMap(HardwareServices hw, long vaddr, long pteval) {}

  /** {@code arch_kmap_local_pre_unmap(vaddr)}: before the slot PTE is cleared. Default: nothing. */
  default void preUnmap(HardwareServices hw, long vaddr) {}

  /** {@code arch_kmap_local_post_unmap(vaddr)}: after the slot PTE is cleared. Default: nothing. */
  default void postUnmap(HardwareServices hw, long vaddr) {}

  /**
   * {@code arch_kmap_local_map_idx(idx, pfn)}: the fixmap index (relative to FIX_KMAP_BEGIN) of
   * kmap_ctrl slot {@code idx}. Default: {@code kmap_local_calc_idx(idx)}.
   */
  default int mapIdx(HardwareServices hw, int idx, long pfn) {
    return hw.kmapLocalCalcIdx(idx);
  }

  /**
   * {@code arch_kmap_local_unmap_idx(idx, vaddr)}: the fixmap index of the slot being unmapped.
   * Default: {@code kmap_local_calc_idx(idx)}.
   */
  default int unmapIdx(HardwareServices hw, int idx, long vaddr) {
    return hw.kmapLocalCalcIdx(idx);
  }

  /**
   * {@code arch_kmap_local_high_get(page)}: an existing mapping of a highmem page to reuse, or 0
   * (NULL, the default) to make a new local one.
   */
  default long highGet(HardwareServices hw, long pfn) {
    return 0;
  }

  /**
   * {@code ARCH_NEEDS_KMAP_HIGH_GET}: kunmap_local of a pkmap address (one that
   * {@link #highGet} handed out) goes back through {@code kunmap_high} ({@code
   * kmap_high_unmap_local}). Default: false.
   */
  default boolean needsKmapHighGet() {
    return false;
  }

  /**
   * {@code CONFIG_HAVE_ATOMIC_IOMAP} (x86-32): io_mapping_map_local_wc maps through a kmap_local
   * slot ({@code __iomap_local_pfn_prot}). Without it, io_mapping_create_wc ioremaps the whole
   * range once and the local map is an offset into it. Default: false.
   */
  default boolean haveAtomicIomap() {
    return false;
  }

  /** {@code flush_cache_kmaps()}: before the pkmap wrap flush. Default: nothing. */
  default void flushCacheKmaps(HardwareServices hw) {}

  /** {@code kmap_flush_tlb(addr)} ({@code ARCH_HAS_KMAP_FLUSH_TLB}): after kmap(). Default: nothing. */
  default void kmapFlushTlb(HardwareServices hw, long vaddr) {}

  /**
   * Whether the kmap PTEs form one linear array ({@code __kmap_pte - idx}); false selects
   * {@code CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY}, where each slot's PTE is found by a page-table
   * walk. The difference shows after a wrong-order unmap. Default: linear.
   */
  default boolean kmapPtesLinear() {
    return true;
  }
}
