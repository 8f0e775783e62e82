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
 * the pair and drops both pages. Without CPU_HAS_TLBI (CPU_CK807) that is a {@code tlb_probe()}
 * and {@code tlb_invalid_indexed()} on the local JTLB; with it (CPU_CK860) one {@code tlbi.vaas},
 * which the hardware also carries to the other CPUs. kmapsim renders both as local flushes of the
 * two pages: no other CPU holds a translation of this CPU's kmap slots, the pkmap wrap flush has
 * already reached every CPU before a pkmap entry is reused, and {@link HardwareServices} has no
 * broadcast without IPIs to count the CK860's one as.
 */
final class CskyKmapHooks implements KmapHooks {

  /** TLB_ENTRY_SIZE = PAGE_SIZE * 2. */
  private static final long TLB_ENTRY_SIZE = 2L << CskyLayout.PAGE_SHIFT;

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

  /** {@code flush_tlb_one(addr)}: {@code addr &= TLB_ENTRY_SIZE_MASK}, both pages of the entry. */
  private static void flushTlbOne(HardwareServices hw, long addr) {
    long pair = addr & -TLB_ENTRY_SIZE;
    hw.localFlushTlbKernelPage(pair);
    hw.localFlushTlbKernelPage(pair + (TLB_ENTRY_SIZE >>> 1));
  }
}
