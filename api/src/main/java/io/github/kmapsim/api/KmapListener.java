// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * Observes a machine. Every method has an empty default; implement what you need. Events carry
 * primitives and are only produced when a listener is registered, so a machine without listeners
 * pays nothing. Listeners run on the thread that drives the CPU concerned.
 */
public interface KmapListener {

  /**
   * A local kmap was installed by __kmap_local_pfn_prot.
   *
   * @param cpu the CPU
   * @param task the task whose kmap_ctrl holds it
   * @param slot the kmap_ctrl slot
   * @param vaddr the fixmap address
   * @param pfn the page frame mapped
   * @param pte the PTE word written
   */
  default void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {}

  /** A local kmap was removed by kunmap_local_indexed. */
  default void unmapped(int cpu, Task task, int slot, long vaddr) {}

  /** A kernel PTE changed. */
  default void pteWritten(int cpu, long vaddr, long oldPte, long newPte) {}

  /** TLB maintenance ran; {@code start}/{@code end} are the range (end exclusive). */
  default void tlbFlushed(int cpu, TlbFlush kind, long start, long end) {}

  /** An inter-processor interrupt was sent for TLB maintenance. */
  default void ipiSent(int fromCpu, int toCpu) {}

  /**
   * A context switch happened on a CPU.
   *
   * @param cleared slots __kmap_local_sched_out cleared for {@code prev}
   * @param restored slots __kmap_local_sched_in restored for {@code next}
   */
  default void switched(int cpu, Task prev, Task next, int cleared, int restored) {}

  /** A task was migrated to another CPU. */
  default void migrated(Task task, int fromCpu, int toCpu) {}

  /** A problem was reported (WARN) or an operation failed (BUG, refused). */
  default void diagnosed(Diagnostic diagnostic) {}
}
