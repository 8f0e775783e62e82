// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap hooks of {@code arch/csky/include/asm/highmem.h} (v5.11): a local map and unmap each
 * call {@code kmap_flush_tlb(vaddr)}, which is also what {@code kmap()} calls afterwards
 * (ARCH_HAS_KMAP_FLUSH_TLB), and {@code kmap_flush_tlb(addr)} is {@code flush_tlb_one(addr)}
 * ({@code arch/csky/mm/highmem.c}). {@code flush_cache_kmaps()} is empty, and so is everything
 * else the generic code asks for.
 *
 * <p>{@code flush_tlb_one()} ({@code arch/csky/mm/tlb.c}) works on a JTLB entry, which maps an
 * even/odd pair of pages ({@code TLB_ENTRY_SIZE = PAGE_SIZE * 2}): it rounds the address down to
 * the pair and drops both pages. With CPU_HAS_TLBI (CPU_CK860) that is one {@code tlbi.vaas},
 * which the hardware carries to every CPU; without it (CPU_CK807, a uniprocessor), a {@code
 * tlb_probe()} and {@code tlb_invalid_indexed()} on the local JTLB. kmapsim renders the first as
 * a kernel-range flush of the pair, which reaches every CPU as tlbi.vaas does (the IPIs it counts
 * for that are the model's: the hardware broadcasts), and the second as two local page flushes.
 */
final class CskyKmapHooks implements KmapHooks {

  /** TLB_ENTRY_SIZE = PAGE_SIZE * 2. */
  private static final long TLB_ENTRY_SIZE = 2L << CskyLayout.PAGE_SHIFT;

  private final boolean tlbi;

  /** @param tlbi CONFIG_CPU_HAS_TLBI: flush_tlb_one() broadcasts with tlbi.vaas */
  CskyKmapHooks(boolean tlbi) {
    this.tlbi = tlbi;
  }

  /** {@code arch_kmap_local_post_map(vaddr, pteval)}: {@code kmap_flush_tlb(vaddr)}. */
  @Override
  public void postMap(HardwareServices hw, long vaddr, long pteval) {
    flushTlbOne(hw, vaddr);
  }

  /** {@code arch_kmap_local_post_unmap(vaddr)}: {@code kmap_flush_tlb(vaddr)}. */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    flushTlbOne(hw, vaddr);
  }

  /** {@code kmap_flush_tlb(addr)} after kmap(): {@code flush_tlb_one(addr)}. */
  @Override
  public void kmapFlushTlb(HardwareServices hw, long vaddr) {
    flushTlbOne(hw, vaddr);
  }

  /**
   * {@code flush_tlb_one(addr)}: {@code addr &= TLB_ENTRY_SIZE_MASK}, then {@code tlbi.vaas} on
   * every CPU, or the local JTLB entry of the pair.
   */
  private void flushTlbOne(HardwareServices hw, long addr) {
    long pair = addr & -TLB_ENTRY_SIZE;
    if (tlbi) {
      hw.flushTlbKernelRange(pair, pair + TLB_ENTRY_SIZE);
    } else {
      hw.localFlushTlbKernelPage(pair);
      hw.localFlushTlbKernelPage(pair + (TLB_ENTRY_SIZE >>> 1));
    }
  }
}
