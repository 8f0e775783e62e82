// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * A behaviour of a variant's MMU that the kernel's hooks exist for, and that kmapsim's machine
 * models so that a dropped or misplaced hook has a consequence ({@link ArchVariant#mmuBehaviours}).
 * A variant declares those its CPUs have; the default is none: a TLB that holds what an access
 * filled until something flushes it.
 */
public enum MmuBehaviour {
  /**
   * One TLB entry maps an even/odd pair of pages (MIPS's EntryLo0/EntryLo1, csky's JTLB): a refill
   * loads both pages' translations, and invalidating either page drops the entry, both pages
   * ({@code local_flush_tlb_one()}, csky's {@code flush_tlb_one()} rounding the address down to
   * {@code TLB_ENTRY_SIZE}).
   */
  PAIRED_TLB_ENTRIES,

  /**
   * The hardware table walker may load any present PTE into the TLB at any time, speculatively,
   * without an access (ARMv7, x86). kmapsim takes the case that makes a misplaced flush visible:
   * an entry a CPU invalidated while its PTE was still present is walked again before the CPU
   * overwrites that PTE, so a TLB flush made before {@code pte_clear()} (in pre_unmap instead of
   * post_unmap) leaves the old translation behind.
   */
  SPECULATIVE_WALKS,

  /**
   * Paravirtualised lazy MMU mode (x86 {@code PARAVIRT_XXL}, a Xen PV guest): between
   * {@code arch_enter_lazy_mmu_mode()} and its leave, PTE updates and TLB flushes are queued in a
   * multicall batch and reach the hardware when the batch is issued: at
   * {@code arch_flush_lazy_mmu_mode()}, or when it is full (32 entries). kmap_atomic runs inside
   * such a section when it maps a page-table page, which is why x86's post_map and post_unmap
   * end with {@code arch_flush_lazy_mmu_mode()}; a variant that declares this runs every kmap_local
   * map and unmap inside one, batching the writes of kmap slot PTEs and the CPU's local TLB
   * flushes. The x86 variants do not: they model v5.11 i386 kernels, whose lazy MMU hooks are
   * no-ops without PARAVIRT_XXL (32-bit Xen PV guests lost it in v5.9); there the hook trace in
   * the reference vectors checks the calls.
   */
  LAZY_MMU_UPDATES
}
