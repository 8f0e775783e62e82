// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;

/**
 * The kmap hooks of {@code arch/sparc/include/asm/highmem.h} as v5.11 has them, after "sparc/mm/
 * highmem: Flush cache and TLB" (Thomas Gleixner, January 2021, fixing 3293efa97807
 * "sparc/mm/highmem: Switch to generic kmap atomic", which had put {@code flush_cache_all()} in
 * both post hooks): {@code flush_cache_all()} before a slot's PTE is cleared, {@code
 * flush_tlb_all()} after it is set and after it is cleared, and {@code flush_cache_kmaps()} is
 * {@code flush_cache_all()}. Whole-cache and whole-TLB flushes where a page would do, as the
 * header's own FIXME says; on SMP both are cross-calls to every CPU ({@code smp_flush_tlb_all()},
 * {@code smp_flush_cache_all()}, {@code arch/sparc/kernel/smp_32.c}).
 *
 * <p>The header also defines {@code arch_kmap_local_pre_map(vaddr, pteval)} as {@code
 * flush_cache_all()}, the flush the old {@code kmap_atomic()} made before {@code set_pte()}. The
 * generic code never calls it: {@code mm/highmem.c} has no {@code arch_kmap_local_pre_map}, in
 * v5.11 or later, and {@code __kmap_local_pfn_prot()} goes from {@code pte_none()} straight to
 * {@code arch_kmap_local_set_pte()}. kmapsim models what runs, so there is no pre-map hook and a
 * map flushes the TLB only. Nothing is lost: every unmap and every {@code sched_out} flushes the
 * cache before it clears the slot, so no line of the previous page is left under the address (the
 * old code needed the early flush because, without DEBUG_HIGHMEM, {@code kunmap_atomic()} left the
 * PTE and the cache as they were).
 *
 * <p>kmapsim's {@link HardwareServices#flushCacheAll()} writes back the running CPU's cache; the
 * cross-call's other CPUs hold no line of a slot that only this CPU maps.
 */
final class SparcKmapHooks implements KmapHooks {

  /** {@code arch_kmap_local_post_map(vaddr, pteval)}: {@code flush_tlb_all()}. */
  @Override
  public void postMap(HardwareServices hw, long vaddr, long pteval) {
    hw.flushTlbAll();
  }

  /** {@code arch_kmap_local_pre_unmap(vaddr)}: {@code flush_cache_all()}. */
  @Override
  public void preUnmap(HardwareServices hw, long vaddr) {
    hw.flushCacheAll();
  }

  /** {@code arch_kmap_local_post_unmap(vaddr)}: {@code flush_tlb_all()}. */
  @Override
  public void postUnmap(HardwareServices hw, long vaddr) {
    hw.flushTlbAll();
  }

  /** {@code flush_cache_kmaps()}: {@code flush_cache_all()}. */
  @Override
  public void flushCacheKmaps(HardwareServices hw) {
    hw.flushCacheAll();
  }
}
