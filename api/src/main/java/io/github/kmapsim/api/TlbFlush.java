// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/** The kinds of TLB maintenance a hook or the core can ask for. */
public enum TlbFlush {
  /** One kernel page on the local CPU ({@code flush_tlb_one_kernel}, {@code local_flush_tlb_kernel_page}). */
  LOCAL_PAGE,
  /** A kernel range on every CPU, by IPI ({@code flush_tlb_kernel_range}). */
  KERNEL_RANGE,
  /** Everything on every CPU ({@code flush_tlb_all}). */
  ALL,
  /**
   * A kernel range on the local CPU only ({@code local_flush_tlb_kernel_range}). Last, so that
   * the ordinals of the others stay as they were.
   */
  LOCAL_RANGE,
  /**
   * One kernel page on every CPU by a hardware broadcast, without IPIs (powerpc's {@code tlbie},
   * csky's {@code tlbi.vaas}); after {@link #LOCAL_RANGE} for the same reason.
   */
  BROADCAST_PAGE
}
