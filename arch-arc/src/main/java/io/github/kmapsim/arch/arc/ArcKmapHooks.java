// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap hooks of {@code arch/arc/include/asm/highmem.h} (v5.11, since 39cac191ff37):
 * {@code arch_kmap_local_post_unmap(vaddr)} is {@code local_flush_tlb_kernel_range(vaddr, vaddr +
 * PAGE_SIZE)}, the flush the old {@code __kunmap_atomic()} made after its {@code pte_clear()}, and
 * {@code flush_cache_kmaps()} is {@code flush_cache_all()}. Nothing else: no post_map (the slot
 * was not present), the generic slot index and the generic pkmap scan.
 */
final class ArcKmapHooks implements KmapHooks {

  /** {@code local_flush_tlb_kernel_range(vaddr, vaddr + PAGE_SIZE)}: this CPU only. */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    hw.localFlushTlbKernelRange(vaddr, vaddr + (1L << ArcLayout.PAGE_SHIFT));
  }

  /** {@code flush_cache_kmaps()}: {@code flush_cache_all()}. */
  @Override
  public void flushCacheKmaps(HardwareServices hw) {
    hw.flushCacheAll();
  }
}
