// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap hooks of {@code arch/xtensa/include/asm/highmem.h} (v5.11) for a core whose D-cache
 * way is not larger than a page: {@code arch_kmap_local_post_unmap(vaddr)} is
 * {@code local_flush_tlb_kernel_range(vaddr, vaddr + PAGE_SIZE)} (629ed3f7dad2,
 * "xtensa/mm/highmem: Switch to generic kmap atomic"), and {@code flush_cache_kmaps()} is
 * {@code flush_cache_all()}. Without cache aliasing the slot index and pkmap colour hooks keep
 * the generic defaults ({@code #if DCACHE_WAY_SIZE > PAGE_SIZE} guards them); there is no
 * post_map or pre_unmap hook, no {@code kmap_flush_tlb} and no {@code ARCH_NEEDS_KMAP_HIGH_GET}.
 */
class XtensaKmapHooks implements KmapHooks {

  /** {@code local_flush_tlb_kernel_range(vaddr, vaddr + PAGE_SIZE)}: this CPU only. */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    hw.localFlushTlbKernelRange(vaddr, vaddr + (1L << XtensaLayout.PAGE_SHIFT));
  }

  /** {@code flush_cache_kmaps()}: {@code flush_cache_all()}. */
  @Override
  public void flushCacheKmaps(HardwareServices hw) {
    hw.flushCacheAll();
  }
}
