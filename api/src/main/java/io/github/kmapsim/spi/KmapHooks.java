// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * The architecture hooks of the generic kmap_local code ({@code mm/highmem.c}). Each default is
 * the kernel's default; a port overrides exactly what its {@code asm/highmem.h} overrides.
 */
public interface KmapHooks {

  /**
   * {@code arch_kmap_local_set_pte(mm, vaddr, ptep, ptev)}: installs the slot PTE in {@code
   * __kmap_local_pfn_prot()}. Default: {@code set_pte_at()}, which is {@link PteCodec#setPte}.
   * Added after the series was merged by a1dce7fd2ade ("mm/highmem: prepare for overriding
   * set_pte_at()", v5.11-rc5) so that MIPS could use {@code set_pte()} and powerpc
   * {@code __set_pte_at(mm, vaddr, ptep, ptev, 1)}, the per-CPU variant its old kmap_atomic used.
   * {@code __kmap_local_sched_in()} restores slots with plain {@code set_pte_at()}, not with this
   * hook.
   *
   * @param codec the variant's PTE codec, whose {@code setPte} is {@code set_pte_at()}
   * @param table the kernel page table
   * @param vaddr the slot's address
   * @param ptep the slot's PTE ({@code kmap_get_pte()})
   * @param pteval {@code pfn_pte(pfn, prot)}
   */
  default void setPte(PteCodec codec, PteTable table, long vaddr, long ptep, long pteval) {
    codec.setPte(table, ptep, pteval);
  }

  /** {@code arch_kmap_local_post_map(vaddr, pteval)}: after the slot PTE is set. Default: nothing. */
  default void postMap(HardwareServices hw, long vaddr, long pteval) {}

  /** {@code arch_kmap_local_pre_unmap(vaddr)}: before the slot PTE is cleared. Default: nothing. */
  default void preUnmap(HardwareServices hw, long vaddr) {}

  /** {@code arch_kmap_local_post_unmap(vaddr)}: after the slot PTE is cleared. Default: nothing. */
  default void postUnmap(HardwareServices hw, long vaddr) {}

  /**
   * {@code arch_kmap_local_map_idx(idx, pfn)}: the fixmap index (relative to FIX_KMAP_BEGIN) of
   * kmap_ctrl slot {@code idx}. Default: {@code kmap_local_calc_idx(idx)}.
   */
  default int mapIdx(HardwareServices hw, int idx, long pfn) {
    return hw.kmapLocalCalcIdx(idx);
  }

  /**
   * {@code arch_kmap_local_unmap_idx(idx, vaddr)}: the fixmap index of the slot being unmapped.
   * Default: {@code kmap_local_calc_idx(idx)}.
   */
  default int unmapIdx(HardwareServices hw, int idx, long vaddr) {
    return hw.kmapLocalCalcIdx(idx);
  }

  /**
   * {@code arch_kmap_local_high_get(page)}: an existing mapping of a highmem page to reuse, or 0
   * (NULL, the default) to make a new local one.
   */
  default long highGet(HardwareServices hw, long pfn) {
    return 0;
  }

  /**
   * {@code ARCH_NEEDS_KMAP_HIGH_GET}: kunmap_local of a pkmap address (one that
   * {@link #highGet} handed out) goes back through {@code kunmap_high} ({@code
   * kmap_high_unmap_local}). Default: false.
   */
  default boolean needsKmapHighGet() {
    return false;
  }

  /**
   * {@code CONFIG_HAVE_ATOMIC_IOMAP} (x86-32): io_mapping_map_local_wc maps through a kmap_local
   * slot ({@code __iomap_local_pfn_prot}). Without it, io_mapping_create_wc ioremaps the whole
   * range once and the local map is an offset into it. Default: false.
   */
  default boolean haveAtomicIomap() {
    return false;
  }

  /**
   * {@code get_pkmap_color(page)}: the colour a persistent (pkmap) mapping of the page must have.
   * Default: 0, one colour for everything ({@code mm/highmem.c}). An architecture whose D-cache
   * aliases returns the page's own colour (xtensa: {@code DCACHE_ALIAS(page_to_phys(page))}).
   * This family of hooks, down to {@link #getPkmapWaitQueueHead}, came with 15de36a4c3cf
   * ("mm/highmem: make kmap cache coloring aware", v3.17), for xtensa.
   */
  default int getPkmapColor(long pfn) {
    return 0;
  }

  /**
   * {@code get_next_pkmap_nr(color)}: the next pkmap entry {@code map_new_virtual()} tries for a
   * page of this colour. The kernel keeps the scan position in static variables (the generic
   * {@code last_pkmap_nr}, xtensa's {@code last_pkmap_nr_arr[color]}); here the machine owns it
   * and hands it in, {@code lastPkmapNr}, one zero-initialised element per colour
   * ({@link ArchVariant#dcacheColours()}), which the hook advances. Default:
   * {@code last_pkmap_nr = (last_pkmap_nr + 1) & LAST_PKMAP_MASK}, in element 0, returned.
   *
   * @param lastPkmap LAST_PKMAP
   * @return an entry, 0..LAST_PKMAP - 1
   */
  default int getNextPkmapNr(int[] lastPkmapNr, int color, int lastPkmap) {
    lastPkmapNr[0] = (lastPkmapNr[0] + 1) & (lastPkmap - 1);
    return lastPkmapNr[0];
  }

  /**
   * {@code no_more_pkmaps(pkmap_nr, color)}: whether the scan has wrapped, so that
   * {@code map_new_virtual()} first flushes every unused entry ({@code flush_all_zero_pkmaps()}).
   * Default: {@code pkmap_nr == 0}.
   */
  default boolean noMorePkmaps(int pkmapNr, int color) {
    return pkmapNr == 0;
  }

  /**
   * {@code get_pkmap_entries_count(color)}: how many entries {@code map_new_virtual()} tries
   * before it sleeps for a kunmap. Default: LAST_PKMAP.
   *
   * @param lastPkmap LAST_PKMAP
   */
  default int getPkmapEntriesCount(int color, int lastPkmap) {
    return lastPkmap;
  }

  /**
   * {@code get_pkmap_wait_queue_head(color)}: the wait queue a kmap of this colour sleeps on and
   * a kunmap of this colour wakes, as an index 0..DCACHE_N_COLORS - 1 ("wait queues for
   * different mapping colors should be independent to avoid unnecessary wakeups caused by
   * freeing of slots of other colors"). Default: 0, the one {@code pkmap_map_wait}.
   */
  default int getPkmapWaitQueueHead(int color) {
    return 0;
  }

  /** {@code flush_cache_kmaps()}: before the pkmap wrap flush. Default: nothing. */
  default void flushCacheKmaps(HardwareServices hw) {}

  /** {@code kmap_flush_tlb(addr)} ({@code ARCH_HAS_KMAP_FLUSH_TLB}): after kmap(). Default: nothing. */
  default void kmapFlushTlb(HardwareServices hw, long vaddr) {}

  /**
   * Whether the kmap PTEs form one linear array ({@code __kmap_pte - idx}); false selects
   * {@code CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY}, where each slot's PTE is found by a page-table
   * walk. The difference shows after a wrong-order unmap. Default: linear.
   */
  default boolean kmapPtesLinear() {
    return true;
  }
}
