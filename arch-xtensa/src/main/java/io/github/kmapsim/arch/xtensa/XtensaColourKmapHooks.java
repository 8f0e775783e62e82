// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import io.github.kmapsim.spi.HardwareServices;

/**
 * {@link XtensaKmapHooks} for a core whose D-cache way is larger than a page
 * ({@code DCACHE_WAY_SIZE > PAGE_SIZE}): every page is mapped at a virtual address of its own
 * colour, {@code DCACHE_ALIAS(addr) = (addr & DCACHE_ALIAS_MASK) >> PAGE_SHIFT}
 * ({@code asm/page.h}), the one its lowmem address has, so that no two lines of one page alias.
 *
 * <ul>
 *   <li>kmap_local: {@code arch_kmap_local_map_idx(type, pfn)} and {@code _unmap_idx(type,
 *       addr)} are {@code kmap_idx(type, DCACHE_ALIAS(pfn << PAGE_SHIFT))} and {@code
 *       kmap_idx(type, DCACHE_ALIAS(addr))}, with {@code kmap_idx(type, color) = (type +
 *       KM_MAX_IDX * smp_processor_id()) * DCACHE_N_COLORS + DCACHE_N_COLORS - 1 - color}
 *       ({@code arch/xtensa/mm/highmem.c}, v5.11): each CPU owns KM_MAX_IDX * DCACHE_N_COLORS
 *       slots. The colour offset is reversed because the fixmap grows down since 1eb0616c2df5
 *       ("xtensa/mm/highmem: Make generic kmap_atomic() work correctly"; "[ Max: Fixed the off
 *       by one in the index calculation ]"). The generic code recomputes the index from the
 *       pteval's pfn at a context switch ("a horrible hack for XTENSA" in {@code
 *       __kmap_local_sched_out()}).
 *   <li>pkmap ({@code asm/highmem.h}, 15de36a4c3cf, v3.17): {@code get_pkmap_color(page)} is
 *       {@code DCACHE_ALIAS(page_to_phys(page))}; {@code get_next_pkmap_nr(color)} advances
 *       {@code last_pkmap_nr_arr[color]} by DCACHE_N_COLORS modulo LAST_PKMAP and returns it plus
 *       the colour; the scan has wrapped when {@code pkmap_nr < DCACHE_N_COLORS}; it tries
 *       {@code LAST_PKMAP / DCACHE_N_COLORS} entries; each colour sleeps on its own
 *       {@code pkmap_map_wait_arr[color]}.
 * </ul>
 */
final class XtensaColourKmapHooks extends XtensaKmapHooks {

  /** DCACHE_N_COLORS, a power of two greater than 1. */
  private final int colours;

  XtensaColourKmapHooks(int colours) {
    this.colours = colours;
  }

  /** {@code kmap_idx(type, color)}. */
  private int kmapIdx(HardwareServices hw, int type, int color) {
    int idx = (type + hw.kmMaxIdx() * hw.smpProcessorId()) * colours;
    return idx + colours - 1 - color;
  }

  /** {@code DCACHE_ALIAS()} of a page frame number. */
  private int alias(long pageNumber) {
    return (int) (pageNumber & (colours - 1));
  }

  /** {@code kmap_local_map_idx(type, pfn)}: {@code kmap_idx(type, DCACHE_ALIAS(pfn << PAGE_SHIFT))}. */
  @Override
  public int mapIdx(HardwareServices hw, int idx, long pfn) {
    return kmapIdx(hw, idx, alias(pfn));
  }

  /** {@code kmap_local_unmap_idx(type, addr)}: {@code kmap_idx(type, DCACHE_ALIAS(addr))}. */
  @Override
  public int unmapIdx(HardwareServices hw, int idx, long vaddr) {
    return kmapIdx(hw, idx, alias(vaddr >>> XtensaLayout.PAGE_SHIFT));
  }

  /** {@code get_pkmap_color(page)}: {@code DCACHE_ALIAS(page_to_phys(page))}. */
  @Override
  public int getPkmapColor(long pfn) {
    return alias(pfn);
  }

  /**
   * {@code get_next_pkmap_nr(color)}: {@code last_pkmap_nr_arr[color] =
   * (last_pkmap_nr_arr[color] + DCACHE_N_COLORS) & LAST_PKMAP_MASK}, returned plus the colour.
   */
  @Override
  public int getNextPkmapNr(int[] lastPkmapNr, int color, int lastPkmap) {
    lastPkmapNr[color] = (lastPkmapNr[color] + colours) & (lastPkmap - 1);
    return lastPkmapNr[color] + color;
  }

  /** {@code no_more_pkmaps(pkmap_nr, color)}: {@code pkmap_nr < DCACHE_N_COLORS}. */
  @Override
  public boolean noMorePkmaps(int pkmapNr, int color) {
    return pkmapNr < colours;
  }

  /** {@code get_pkmap_entries_count(color)}: {@code LAST_PKMAP / DCACHE_N_COLORS}. */
  @Override
  public int getPkmapEntriesCount(int color, int lastPkmap) {
    return lastPkmap / colours;
  }

  /** {@code get_pkmap_wait_queue_head(color)}: {@code pkmap_map_wait_arr + color}. */
  @Override
  public int getPkmapWaitQueueHead(int color) {
    return color;
  }
}
