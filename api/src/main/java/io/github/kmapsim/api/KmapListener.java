// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * Observes a machine. Every method has an empty default; implement what you need. Events carry
 * primitives and are only produced when a listener is registered, so a machine without listeners
 * pays nothing.
 *
 * <p>A listener runs synchronously, inside the call that caused the event and on the thread that
 * made it: with CPUs driven from several threads, a listener registered on the machine is called
 * from all of them at once and must be thread-safe. It may read the machine ({@link
 * Machine#kernelPte}, {@link Task} views) but must not make kernel calls of its own: the call in
 * progress has not finished. Register listeners before other threads drive the machine ({@link
 * Machine#addListener}). A refused call reports {@link #diagnosed} before it throws (when its
 * refusal is a kernel event, {@link DiagnosticCode#isKernelEvent()}).
 *
 * <p>A listener cannot break the machine: a {@link RuntimeException} it throws is caught, the
 * other listeners still hear the event, and the call that fired it completes as if nobody
 * listened (a {@code kmap_local_page} still returns its address). Once that call is over, each
 * exception is reported as a {@link DiagnosticCode#LISTENER_FAILED} diagnostic naming the listener,
 * the event and the exception; a listener that throws again on that report is not reported
 * twice. An {@link Error} is not caught.
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

  /**
   * TLB maintenance ran: one event per flush, as {@link Counters} counts one. A
   * {@link TlbFlush#KERNEL_RANGE} or {@link TlbFlush#ALL} flush reaches every CPU, by an IPI to
   * each other one; its {@code ipis} {@link #ipiSent} events follow this one.
   *
   * @param cpu the CPU that flushed (for a kernel-range or full flush, the one that asked)
   * @param kind what was flushed
   * @param start the first address of the range ({@code 0} for a full flush)
   * @param end the end of the range, exclusive ({@code 0} for a full flush)
   * @param ipis the IPIs the flush sent: NR_CPUS - 1 for a kernel-range or full flush, 0 for a
   *     local one
   */
  default void tlbFlushed(int cpu, TlbFlush kind, long start, long end, int ipis) {}

  /**
   * D-cache maintenance ran on a CPU, as {@link Counters} counts one: {@code flush_cache_all()}
   * ({@code size} 0) or one virtual area ({@code __cpuc_flush_dcache_area(vaddr, size)}).
   *
   * @param cpu the CPU whose cache was written back
   * @param vaddr the first address of the area ({@code 0} for the whole cache)
   * @param size the bytes of the area ({@code 0} for the whole cache)
   */
  default void cacheFlushed(int cpu, long vaddr, long size) {}

  /** An inter-processor interrupt was sent for the TLB flush just reported. */
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

  /**
   * A task's {@code kmap()} found every pkmap entry of the page's colour in use: the task sleeps
   * on {@code pkmap_map_wait} (its CPU switches to the idle task right after this event). Also
   * when a retry finds no entry again.
   */
  default void kmapSleeping(int cpu, Task task, long pfn) {}

  /**
   * A task that slept in {@code kmap()} ran again and the core's retry of {@code
   * map_new_virtual()} mapped the page (after the context switch to the task).
   *
   * @param vaddr the pkmap address the page got
   */
  default void kmapRetried(int cpu, Task task, long pfn, long vaddr) {}

  /** A problem was reported (WARN) or an operation failed (BUG, refused). */
  default void diagnosed(Diagnostic diagnostic) {}
}
