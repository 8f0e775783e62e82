// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * One live local kmap of a task: a {@code kmap_ctrl} slot that holds a pteval, as
 * {@code __kmap_local_sched_in()} would re-install it.
 *
 * @param slot the {@code kmap_ctrl.pteval[]} index, bottom of the stack 0
 * @param vaddr the fixmap address of the slot on the task's CPU ({@code __fix_to_virt(FIX_KMAP_BEGIN
 *     + arch_kmap_local_map_idx(slot, pfn))})
 * @param pfn the page frame mapped ({@code pte_pfn(pteval)})
 * @param pteval the PTE recorded for the slot ({@code kmap_ctrl.pteval[slot]})
 */
public record LiveMap(int slot, long vaddr, long pfn, long pteval) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException for a negative slot, address or pfn
   */
  public LiveMap {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must not be negative, got " + slot);
    }
    if (vaddr < 0) {
      throw new IllegalArgumentException("vaddr must not be negative, got " + vaddr);
    }
    if (pfn < 0) {
      throw new IllegalArgumentException("pfn must not be negative, got " + pfn);
    }
  }
}
