// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap hooks of {@code arch/nds32/include/asm/highmem.h} (v5.11, 5f037ea3b267): the TLB work
 * the old {@code kmap_atomic_high_prot()} and {@code kunmap_atomic_high()} did.
 *
 * <ul>
 *   <li>{@code arch_kmap_local_post_map(vaddr, pteval)}: {@code __nds32__tlbop_inv(vaddr)} drops
 *       the local TLB entry, then {@code __nds32__mtsr_dsb(vaddr, NDS32_SR_TLB_VPN)} and
 *       {@code __nds32__tlbop_rwr(pteval)} write the new translation into the TLB and
 *       {@code __nds32__isb()} waits for it. kmapsim models the invalidation; the preloaded
 *       entry is the one the first access loads from the page table anyway (only the TLB miss
 *       count differs).
 *   <li>{@code arch_kmap_local_pre_unmap(vaddr)}: {@code __nds32__tlbop_inv(vaddr)} and
 *       {@code __nds32__isb()}: the invalidation comes before {@code pte_clear()}, and there is
 *       no post_unmap. tglx's FIXME beside them: "The below looks broken vs. a kmap_atomic() in
 *       task context which is interupted and another kmap_atomic() happens in interrupt
 *       context."
 *   <li>{@code flush_cache_kmaps()}: {@code cpu_dcache_wbinval_all()}.
 * </ul>
 *
 * <p>The slot index and pkmap hooks keep the generic defaults; no {@code kmap_flush_tlb}, no
 * {@code ARCH_NEEDS_KMAP_HIGH_GET}.
 */
final class Nds32KmapHooks implements KmapHooks {

  /** {@code __nds32__tlbop_inv(vaddr)} before the TLB write of the new PTE. */
  @Override
  public void postMap(HardwareServices hw, long vaddr, long pteval) {
    hw.localFlushTlbKernelPage(vaddr);
  }

  /** {@code __nds32__tlbop_inv(vaddr)}, before the PTE is cleared. */
  @Override
  public void preUnmap(HardwareServices hw, long vaddr) {
    hw.localFlushTlbKernelPage(vaddr);
  }

  /** {@code flush_cache_kmaps()}: {@code cpu_dcache_wbinval_all()}. */
  @Override
  public void flushCacheKmaps(HardwareServices hw) {
    hw.flushCacheAll();
  }
}
