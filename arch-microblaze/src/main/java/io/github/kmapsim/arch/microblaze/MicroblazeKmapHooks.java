// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap hooks of {@code arch/microblaze/include/asm/highmem.h} (v5.11): a local map and unmap
 * each end with {@code local_flush_tlb_page(NULL, vaddr)}, which is {@code _tlbie(vaddr)} on the
 * one CPU ({@code asm/tlbflush.h}), and {@code flush_cache_kmaps()} is {@code flush_icache();
 * flush_dcache();}, both whole caches. kmap() flushes nothing itself (no ARCH_HAS_KMAP_FLUSH_TLB).
 */
final class MicroblazeKmapHooks implements KmapHooks {

  /** {@code arch_kmap_local_post_map(vaddr, pteval)}: {@code local_flush_tlb_page(NULL, vaddr)}. */
  @Override
  public void postMap(HardwareServices hw, long vaddr, long pteval) {
    hw.localFlushTlbKernelPage(vaddr);
  }

  /** {@code arch_kmap_local_post_unmap(vaddr)}: {@code local_flush_tlb_page(NULL, vaddr)}. */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    hw.localFlushTlbKernelPage(vaddr);
  }

  /**
   * {@code flush_cache_kmaps()}: {@code flush_icache(); flush_dcache();}, the whole of both caches,
   * which kmapsim counts as one {@code flush_cache_all()}.
   */
  @Override
  public void flushCacheKmaps(HardwareServices hw) {
    hw.flushCacheAll();
  }
}
