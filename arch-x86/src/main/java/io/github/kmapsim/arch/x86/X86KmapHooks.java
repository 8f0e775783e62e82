// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap_local hooks of {@code arch/x86/include/asm/highmem.h}. Mapping needs no TLB flush (the
 * slot was not present) but completes any batched paravirt MMU update; unmapping flushes the page
 * from this CPU's TLB first. The other hooks keep the generic defaults, and
 * {@code flush_cache_kmaps()} is empty. x86-32 alone has {@code HAVE_ATOMIC_IOMAP}.
 */
final class X86KmapHooks implements KmapHooks {

  /** {@code arch_kmap_local_post_map(vaddr, pteval)}: {@code arch_flush_lazy_mmu_mode()}. */
  @Override
  public void postMap(HardwareServices hw, long vaddr, long pteval) {
    hw.flushLazyMmuMode();
  }

  /**
   * {@code arch_kmap_local_post_unmap(vaddr)}: {@code flush_tlb_one_kernel(vaddr)}, then
   * {@code arch_flush_lazy_mmu_mode()}.
   */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    hw.localFlushTlbKernelPage(vaddr);
    hw.flushLazyMmuMode();
  }

  /** x86-32 selects {@code HAVE_ATOMIC_IOMAP}: io_mapping maps through kmap_local slots. */
  @Override
  public boolean haveAtomicIomap() {
    return true;
  }
}
