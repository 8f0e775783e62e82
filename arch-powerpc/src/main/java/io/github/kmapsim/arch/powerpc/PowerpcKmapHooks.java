// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteTable;

/**
 * The kmap hooks of {@code arch/powerpc/include/asm/highmem.h} (v5.11): {@code
 * arch_kmap_local_set_pte} is {@code __set_pte_at(mm, vaddr, ptep, ptev, 1)} (785025820a6a,
 * "powerpc/mm/highmem: use __set_pte_at() for kmap_local()", v5.11-rc5), and a local map and
 * unmap end with {@code local_flush_tlb_page(NULL, vaddr)}. {@code flush_cache_kmaps()} is {@code
 * flush_cache_all()}, which powerpc leaves empty (its caches are physically addressed), and kmap()
 * flushes nothing itself, so both keep the defaults.
 *
 * <p>What {@code local_flush_tlb_page()} does differs by MMU. On book3s32 it is {@code
 * flush_tlb_page()} ({@code asm/book3s/32/tlbflush.h}), which takes the entry out of the hash
 * table every CPU shares ({@code flush_hash_pages}) with a {@code tlbie} that SMP parts broadcast
 * (with {@code tlbsync}): {@link HardwareServices#flushTlbKernelPageBroadcast} (kmapsim has no
 * hash table, only the TLBs). On e500 it is {@code __local_flush_tlb_page()}, a {@code tlbsx}/
 * {@code tlbwe} (or {@code tlbilx}) invalidation "only on the local processor (no broadcast)"
 * ({@code arch/powerpc/mm/nohash/tlb_low.S}): {@link HardwareServices#localFlushTlbKernelPage}.
 */
final class PowerpcKmapHooks implements KmapHooks {

  private final boolean hash;

  /** @param hash the book3s32 hash MMU; false for e500 */
  PowerpcKmapHooks(boolean hash) {
    this.hash = hash;
  }

  /**
   * {@code arch_kmap_local_set_pte}: {@code __set_pte_at(mm, vaddr, ptep, ptev, 1)}. The per-CPU
   * store the pre-series kmap_atomic used: on book3s32 a plain store keeping the old
   * _PAGE_HASHPTE where {@code set_pte_at()} would use the atomic {@code pte_update()}; with
   * 64-bit PTEs (e500) one store of the whole entry where {@code set_pte_at()} writes the high
   * word, {@code eieio}, then the low word. The value stored is the same either way, so the
   * difference is not observable in kmapsim's sequential model.
   */
  @Override
  public void setPte(PteCodec codec, PteTable table, long vaddr, long ptep, long pteval) {
    if (hash) {
      long hashpte = Book3s32PteCodec.PAGE_HASHPTE;
      table.set(ptep, (table.get(ptep) & hashpte) | (pteval & ~hashpte));
    } else {
      table.set(ptep, pteval);
    }
  }

  /** {@code arch_kmap_local_post_map(vaddr, pteval)}: {@code local_flush_tlb_page(NULL, vaddr)}. */
  @Override
  public void postMap(HardwareServices hw, long vaddr, long pteval) {
    localFlushTlbPage(hw, vaddr);
  }

  /** {@code arch_kmap_local_post_unmap(vaddr)}: {@code local_flush_tlb_page(NULL, vaddr)}. */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    localFlushTlbPage(hw, vaddr);
  }

  /** {@code local_flush_tlb_page(NULL, vaddr)}: a broadcast {@code tlbie} on book3s32. */
  private void localFlushTlbPage(HardwareServices hw, long vaddr) {
    if (hash) {
      hw.flushTlbKernelPageBroadcast(vaddr);
    } else {
      hw.localFlushTlbKernelPage(vaddr);
    }
  }
}
