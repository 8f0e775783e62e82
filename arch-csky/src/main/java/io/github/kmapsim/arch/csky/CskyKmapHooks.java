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
 * even/odd pair of pages ({@code TLB_ENTRY_SIZE = PAGE_SIZE * 2}; the variants declare {@link
 * io.github.kmapsim.spi.MmuBehaviour#PAIRED_TLB_ENTRIES}): it rounds the address down to the pair
 * ({@code addr &= TLB_ENTRY_SIZE_MASK}) and invalidates the entry, both pages. Without
 * CPU_HAS_TLBI (CPU_CK807) that is a {@code tlb_probe()} and {@code tlb_invalid_indexed()} on the
 * local JTLB; with it (CPU_CK860) one {@code tlbi.vaas}, which the hardware carries to every CPU
 * ({@link HardwareServices#flushTlbKernelPageBroadcast}).
 */
final class CskyKmapHooks implements KmapHooks {

  /** TLB_ENTRY_SIZE = PAGE_SIZE * 2. */
  private static final long TLB_ENTRY_SIZE = 2L << CskyLayout.PAGE_SHIFT;

  /** CONFIG_CPU_HAS_TLBI (CPU_CK860): {@code tlbi.vaas}, a broadcast. */
  private final boolean tlbi;

  /** @param tlbi CONFIG_CPU_HAS_TLBI: the CK860's broadcast {@code tlbi} instructions */
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
   * {@code flush_tlb_one(addr)}: {@code addr &= TLB_ENTRY_SIZE_MASK}, then the entry of the pair
   * goes: {@code tlbi.vaas} on every CPU with CPU_HAS_TLBI, else the local JTLB's.
   */
  private void flushTlbOne(HardwareServices hw, long addr) {
    long pair = addr & -TLB_ENTRY_SIZE;
    if (tlbi) {
      hw.flushTlbKernelPageBroadcast(pair);
    } else {
      hw.localFlushTlbKernelPage(pair);
    }
  }
}
