// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * What the simulated machine offers a hook. Hooks act on the machine only through these, so the
 * core can count and check every effect. An instance belongs to one CPU: it is the CPU the hook
 * runs on.
 */
public interface HardwareServices {

  /** {@code smp_processor_id()}. */
  int smpProcessorId();

  /** {@code KM_MAX_IDX} of the running kernel. */
  int kmMaxIdx();

  /** {@code kmap_local_calc_idx(idx)}: {@code idx + KM_MAX_IDX * smp_processor_id()}. */
  default int kmapLocalCalcIdx(int idx) {
    return idx + kmMaxIdx() * smpProcessorId();
  }

  /**
   * Invalidates one kernel page in the local CPU's TLB ({@code flush_tlb_one_kernel},
   * {@code local_flush_tlb_kernel_page}, {@code local_flush_tlb_one}).
   */
  void localFlushTlbKernelPage(long vaddr);

  /**
   * {@code local_flush_tlb_kernel_range(start, end)}: invalidates the kernel pages of
   * {@code [start, end)} in the local CPU's TLB only, without IPIs (xtensa's and ARC's
   * {@code arch_kmap_local_post_unmap} flush the unmapped page this way).
   */
  void localFlushTlbKernelRange(long start, long end);

  /**
   * Invalidates one kernel page in every CPU's TLB by a hardware broadcast, without an
   * inter-processor interrupt: powerpc's {@code tlbie} ({@code flush_tlb_page()} on an SMP
   * book3s32, {@code tlbsync} waiting for the other CPUs) and csky's {@code tlbi.vaas}
   * ({@code flush_tlb_one()} on a CK860, CPU_HAS_TLBI).
   */
  void flushTlbKernelPageBroadcast(long vaddr);

  /** {@code flush_tlb_kernel_range(start, end)}: every CPU, by IPI to the others. */
  void flushTlbKernelRange(long start, long end);

  /** {@code flush_tlb_all()}: every CPU, by IPI to the others. */
  void flushTlbAll();

  /** {@code __cpuc_flush_dcache_area(vaddr, size)}: writes back and invalidates a D-cache area. */
  void flushDcacheArea(long vaddr, long size);

  /** {@code flush_cache_all()}. */
  void flushCacheAll();

  /** {@code arch_flush_lazy_mmu_mode()}: completes batched paravirt MMU updates. */
  void flushLazyMmuMode();

  /**
   * {@code kmap_high_get(page)}: when the page has a persistent (pkmap) mapping, pins it by
   * raising its {@code pkmap_count} and returns its address; otherwise 0. For
   * {@code arch_kmap_local_high_get} on architectures with {@code ARCH_NEEDS_KMAP_HIGH_GET}. The
   * default, for test doubles, is a machine without persistent mappings.
   */
  default long kmapHighGet(long pfn) {
    return 0;
  }
}
