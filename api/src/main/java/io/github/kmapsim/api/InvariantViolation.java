// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.Objects;

/**
 * A broken invariant of the machine, as {@link Machine#checkInvariants()} finds it: the state the
 * kernel relies on between calls does not hold. Match on {@link #code()}; the message is for
 * people. {@code docs/DIAGNOSTICS.md} lists the codes with what to look at.
 *
 * @param code what is broken
 * @param cpu the CPU concerned (for a task, the CPU it runs or last ran on)
 * @param address the virtual address concerned, or -1 when the violation is about a task
 * @param message what is broken, in kernel terms, naming the CPU, task and address
 */
public record InvariantViolation(Code code, int cpu, long address, String message) {

  /** Checks the fields. */
  public InvariantViolation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** The violation as one line: the stable code, then the message. */
  public String format() {
    return code.id() + " " + message;
  }

  /** What an invariant violation is about, with a stable id. */
  public enum Code {
    /** A task's state disagrees with what its CPU runs: RUNNING but not current, or the reverse. */
    TASK_NOT_CURRENT("KMAP-I001", "a task's state disagrees with what its CPU runs"),
    /** {@code kmap_ctrl.idx} is outside 0..KM_MAX_IDX-1. */
    KMAP_IDX_OUT_OF_RANGE("KMAP-I002", "kmap_ctrl.idx out of range"),
    /** A live slot of the running task maps outside its CPU's FIX_KMAP slots. */
    SLOT_OUTSIDE_CPU("KMAP-I003", "a live kmap slot outside its CPU's fixmap slots"),
    /** A live slot's PTE is not the pteval {@code kmap_ctrl} recorded for it. */
    LIVE_SLOT_PTE_WRONG("KMAP-I004", "a live kmap slot's PTE is not its recorded pteval"),
    /** A kmap slot no live map of the running task uses has a PTE that is not none. */
    FREE_SLOT_PTE_SET("KMAP-I005", "a free kmap slot's PTE is not none"),
    /** A TLB holds a translation the page table no longer has: a flush is missing. */
    STALE_TLB("KMAP-I006", "a TLB still holds a translation the page table no longer has"),
    /** A dirty VIVT cache line whose virtual address no longer maps the frame it holds. */
    ORPHANED_DIRTY_LINE("KMAP-I007", "a dirty VIVT line whose address no longer maps its frame"),
    /**
     * A CPU in lazy MMU mode holds batched PTE updates or TLB flushes that were never issued
     * ({@code arch_flush_lazy_mmu_mode()}).
     */
    LAZY_MMU_PENDING("KMAP-I008", "batched lazy MMU updates not issued");

    private final String id;
    private final String title;

    Code(String id, String title) {
      this.id = id;
      this.title = title;
    }

    /** The stable id, such as {@code KMAP-I006}. */
    public String id() {
      return id;
    }

    /** A one-line title. */
    public String title() {
      return title;
    }
  }
}
