// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap hooks of {@code arch/mips/include/asm/highmem.h}. A local map or unmap flushes the page
 * from this CPU's TLB ({@code local_flush_tlb_one()}), and {@code kmap()} flushes it on every CPU
 * (ARCH_HAS_KMAP_FLUSH_TLB). {@code arch_kmap_local_set_pte} is {@code set_pte()}, which is {@link
 * MipsPteCodec#setPte}. {@code flush_cache_kmaps()} is {@code BUG_ON(cpu_has_dc_aliases)}, which
 * cannot fire on a machine kmapsim builds (it refuses aliasing D-caches), so it keeps the empty
 * default; so do the slot index hooks, {@code arch_kmap_local_high_get} and the linear PTE array.
 */
final class MipsKmapHooks implements KmapHooks {

  private final long pageSize;

  /** @param pageSize PAGE_SIZE, the extent {@code flush_tlb_one()} invalidates */
  MipsKmapHooks(long pageSize) {
    this.pageSize = pageSize;
  }

  /** {@code arch_kmap_local_post_map(vaddr, pteval)}: {@code local_flush_tlb_one(vaddr)}. */
  @Override
  public void postMap(HardwareServices hw, long vaddr, long pteval) {
    hw.localFlushTlbKernelPage(vaddr);
  }

  /** {@code arch_kmap_local_post_unmap(vaddr)}: {@code local_flush_tlb_one(vaddr)}. */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    hw.localFlushTlbKernelPage(vaddr);
  }

  /**
   * {@code kmap_flush_tlb(addr)} ({@code arch/mips/mm/highmem.c}): {@code flush_tlb_one(addr)},
   * which on SMP runs {@code local_flush_tlb_one()} on every CPU ({@code smp_on_each_tlb()},
   * {@code arch/mips/kernel/smp.c}).
   */
  @Override
  public void kmapFlushTlb(HardwareServices hw, long vaddr) {
    hw.flushTlbKernelRange(vaddr, vaddr + pageSize);
  }
}
