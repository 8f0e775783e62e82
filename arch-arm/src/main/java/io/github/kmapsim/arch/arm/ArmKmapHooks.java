// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap_local hooks of {@code arch/arm/include/asm/highmem.h}. The slot's stale translation is
 * flushed from this CPU's TLB after mapping and after unmapping; a VIVT D-cache is written back
 * and invalidated before unmapping, since its lines belong to the virtual address. map_idx and
 * unmap_idx keep the generic defaults.
 *
 * <p>{@code arch_kmap_local_high_get()} exists because ARM defines {@code ARCH_NEEDS_KMAP_HIGH_GET}
 * (unless SMP with CPU_TLB_V6, or ARM_ERRATA_798181). It returns NULL when DEBUG_HIGHMEM is set and
 * the cache is not VIVT, to force a real kmap_local mapping for debugging; kmapsim models a kernel
 * without DEBUG_HIGHMEM (KM_MAX_IDX 33 only says DEBUG_KMAP_LOCAL, which DEBUG_HIGHMEM selects but
 * does not imply), so every variant reuses a pinned pkmap mapping.
 */
final class ArmKmapHooks implements KmapHooks {

  /** PAGE_SIZE. */
  private static final long PAGE_SIZE = 1L << ArmLayout.PAGE_SHIFT;

  /** {@code cache_is_vivt()} ({@code arch/arm/include/asm/cachetype.h}). */
  private final boolean cacheIsVivt;

  ArmKmapHooks(CacheType cacheType) {
    this.cacheIsVivt = cacheType == CacheType.VIVT;
  }

  /**
   * {@code arch_kmap_local_post_map(vaddr, pteval)}: {@code local_flush_tlb_kernel_page(vaddr)}
   * (kept from ARM's own kmap_atomic(), whose unmap left the old PTE in place).
   */
  @Override
  public void postMap(HardwareServices hw, long vaddr, long pteval) {
    hw.localFlushTlbKernelPage(vaddr);
  }

  /**
   * {@code arch_kmap_local_pre_unmap(vaddr)}: {@code __cpuc_flush_dcache_area(vaddr, PAGE_SIZE)}
   * if {@code cache_is_vivt()}.
   */
  @Override
  public void preUnmap(HardwareServices hw, long vaddr) {
    if (cacheIsVivt) {
      hw.flushDcacheArea(vaddr, PAGE_SIZE);
    }
  }

  /** {@code arch_kmap_local_post_unmap(vaddr)}: {@code local_flush_tlb_kernel_page(vaddr)}. */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    hw.localFlushTlbKernelPage(vaddr);
  }

  /** {@code arch_kmap_local_high_get(page)}: {@code kmap_high_get(page)} (no DEBUG_HIGHMEM). */
  @Override
  public long highGet(HardwareServices hw, long pfn) {
    return hw.kmapHighGet(pfn);
  }

  /**
   * True: {@code arch/arm/include/asm/highmem.h} defines ARCH_NEEDS_KMAP_HIGH_GET unless
   * {@code SMP && CPU_TLB_V6} or ARM_ERRATA_798181, neither of which the modelled ARMv7 has, so
   * kunmap_local of a pkmap address goes back through kunmap_high.
   */
  @Override
  public boolean needsKmapHighGet() {
    return true;
  }

  /**
   * {@code flush_cache_kmaps()}: {@code flush_cache_all()} if {@code cache_is_vivt()}
   * ({@code arch/arm/include/asm/highmem.h}), before pkmap entries are recycled.
   */
  @Override
  public void flushCacheKmaps(HardwareServices hw) {
    if (cacheIsVivt) {
      hw.flushCacheAll();
    }
  }

  /**
   * False: {@code config HIGHMEM} selects KMAP_LOCAL_NON_LINEAR_PTE_ARRAY
   * ({@code arch/arm/Kconfig}; "kmap_local: don't assume kmap PTEs are linear arrays in memory",
   * Nov 2021).
   */
  @Override
  public boolean kmapPtesLinear() {
    return false;
  }
}
