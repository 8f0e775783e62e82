// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;

/**
 * A simulated machine: NR_CPUS CPUs with their TLBs, the kernel page table, sparse physical
 * memory split into lowmem and highmem, tasks and a deterministic scheduler, all running the
 * generic kmap_local code of {@code mm/highmem.c} against one architecture variant.
 *
 * <p>Build one with {@code KmapSim.newMachine(MachineConfig)} (kmapsim-generic-core) or inject it
 * with {@code KmapSimModule} (kmapsim-guice). Each CPU starts with its idle task
 * ({@code swapper/N}) current.
 *
 * <h2>Bad input</h2>
 *
 * <p>Every call of the machine, its CPUs, tasks and helpers checks all its arguments and the
 * state it needs before it changes anything. A refused call throws {@link KmapException} with a
 * {@link DiagnosticCode} and leaves the machine exactly as it was: {@link #snapshot()} before and
 * after are equal, except that a kernel event (a BUG, or a refusal the machine's state causes)
 * adds its one diagnostic ({@link DiagnosticCode#isKernelEvent()}). Objects of another machine
 * (pages, folios, tasks, io_mappings, snapshots) are refused by identity ({@link
 * DiagnosticCode#BAD_ARGUMENT}). {@code docs/ROBUSTNESS.md} has the sweep that checks it.
 *
 * <h2>Threads</h2>
 *
 * <p>A machine may be driven from one thread, deterministically (the same calls give the same
 * results, events and counters), or with each CPU driven from a thread of its own, as a simulator
 * that runs its CPUs in parallel does. Then:
 *
 * <ul>
 *   <li>The calls of one {@link Cpu} are made by one thread at a time; calls on different CPUs may
 *       run at once. A CPU's state (its current task's kmap stack and disable counts, its TLB and
 *       cache, its counters) is its own; the persistent kmap pool is shared under one lock, as
 *       {@code kmap_lock} is, and so are io_mappings.
 *   <li>{@link #ioMappingCreateWc} and {@link #ioMappingFree} run on CPU0 (their PTE writes and
 *       counters are CPU0's): make them from the thread that drives CPU0, or while it is not
 *       inside a call.
 *   <li>The task calls here ({@link #createTask}, {@link #task}, {@link #tasks}, {@link #fork},
 *       {@link #exit}, {@link #schedule}, {@link #migrate}, {@link #wakeUpProcess}) take one
 *       machine-wide lock and may be made from any thread. {@link #schedule}, and {@link #exit} of
 *       a running task, change a CPU's current task: make them from the thread that drives that
 *       CPU, as the kernel schedules on the CPU itself.
 *   <li>A TLB flush that reaches every CPU ({@code flush_tlb_kernel_range}, {@code
 *       flush_tlb_all}: the pkmap wrap flush inside {@link Cpu#kmap}, {@link Cpu#kmapFlushUnused},
 *       {@link #ioMappingFree}, or an architecture hook that asks for one), and a page
 *       invalidation the hardware broadcasts to every CPU without IPIs (powerpc's {@code tlbie},
 *       csky's {@code tlbi.vaas}: book3s32's and CK860's kmap_local hooks make one on every map
 *       and unmap), may be made while the other CPUs' threads are inside calls: as the kernel's
 *       IPI does, it invalidates each other CPU's TLB entries before that CPU's next
 *       translation, whatever its thread is doing, without a lock on the CPU's hot path (the
 *       remote CPU applies the invalidation itself; its in-flight access, if any, completes
 *       first, as an instruction the IPI interrupts does).
 *   <li>{@link #counters()} and {@link #checkInvariants()} read every CPU: they are exact while
 *       no other thread is inside a call (for example after joining the threads); in between,
 *       counters may lag. {@link #diagnostics()} may be read at any time.
 *   <li>Listeners are added and removed only while no other thread drives the machine (before
 *       the threads start, or after they are joined): the machine reads its listeners without a
 *       lock on every call. {@link KmapListener} says on which thread they run.
 * </ul>
 */
public interface Machine {

  /** The configuration the machine was built with. */
  MachineConfig config();

  /** The architecture variant the machine runs. */
  ArchVariant arch();

  /** The virtual memory layout for this machine's NR_CPUS and KM_MAX_IDX. */
  MemoryLayout layout();

  /** PAGE_SIZE: {@code layout().pageSize()}. */
  long pageSize();

  /** NR_CPUS. */
  int nrCpus();

  /**
   * A CPU.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_CPU} when {@code n} is not 0..NR_CPUS-1
   */
  Cpu cpu(int n);

  /**
   * The page for a pfn ({@code pfn_to_page}).
   *
   * @throws KmapException {@link DiagnosticCode#BAD_PFN} when the pfn is outside physical memory
   */
  Page page(long pfn);

  /** {@code PageHighMem(page)}: true when the page lies above the lowmem limit. */
  boolean isHighMem(Page page);

  /** {@code max_low_pfn}: the first pfn that is not lowmem. */
  long maxLowPfn();

  /** The number of physical pages ({@code max_pfn}). */
  long maxPfn();

  /**
   * {@code page_address()} for a lowmem page: its direct-map address.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_PFN} for a highmem page
   */
  long lowmemAddress(Page page);

  /**
   * A folio of {@code 2^order} pages from {@code pfn}, which must be aligned to its size.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} for an order outside
   *     0..{@link Folio#MAX_PAGE_ORDER}, {@link DiagnosticCode#BAD_PFN} when the folio is not
   *     aligned or does not fit physical memory
   */
  Folio folio(long pfn, int order);

  /**
   * {@code io_mapping_create_wc(base, size)}: device memory for write-combining access. With
   * HAVE_ATOMIC_IOMAP only the protection is prepared; otherwise the range is ioremap_wc'd now.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_PFN} for an unaligned or unencodable range
   */
  IoMapping ioMappingCreateWc(long base, long size);

  /**
   * {@code io_mapping_free(mapping)}: undoes the ioremap, if any, with its TLB flush.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} unless the mapping is one this
   *     machine made and has not freed (the very object: an equal copy is refused)
   */
  void ioMappingFree(IoMapping mapping);

  /**
   * {@code page_address(page)}: the direct-map address of a lowmem page, the pkmap address of a
   * highmem page that has a persistent mapping (including one that is unused but not yet
   * flushed), else 0.
   */
  long pageAddress(Page page);

  /**
   * {@code pkmap_count[nr]}: 0 free, 1 unmapped but not yet flushed, n > 1 in use n - 1 times.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} unless {@code 0 <= nr <
   *     LAST_PKMAP}
   */
  int pkmapCount(int nr);

  /**
   * Creates a runnable task whose home is a CPU (it does not run until scheduled there).
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} when the name is null, blank or
   *     taken; {@link DiagnosticCode#BAD_CPU} for a CPU that does not exist
   */
  Task createTask(String name, int cpu);

  /**
   * A task by name.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} when there is none
   */
  Task task(String name);

  /** All tasks, idle tasks first, in creation order. */
  List<Task> tasks();

  /**
   * Forks {@code parent}: the child gets an empty kmap_ctrl (kmap_local_fork) and is runnable on
   * the parent's CPU. Any live task may fork (the simulator does not insist that it runs).
   *
   * @throws KmapException {@link DiagnosticCode#BAD_TASK} for a dead parent, {@link
   *     DiagnosticCode#BAD_ARGUMENT} for a parent of another machine or a child name that is
   *     null, blank or taken
   */
  Task fork(Task parent, String childName);

  /**
   * Ends a task. Live local kmaps are reported ({@link DiagnosticCode#EXIT_WITH_MAPS}) and, when
   * the task is running, cleared by the final switch to the idle task. A task that is not
   * running just dies (the simulator does not model signals).
   *
   * @throws KmapException {@link DiagnosticCode#BAD_TASK} for a dead or idle task, {@link
   *     DiagnosticCode#BAD_CONTEXT} for a running task whose CPU is in an interrupt (the kernel
   *     panics: "Aiee, killing interrupt handler!")
   */
  void exit(Task task);

  /**
   * {@code schedule()} on a CPU: switches from its current task to {@code next}, which must be
   * runnable; a task whose home is another CPU is migrated first. Refused while the CPU is atomic
   * or the move is illegal; nothing changes then.
   */
  void schedule(int cpu, Task next);

  /**
   * {@code wake_up_process(task)}: a sleeping task becomes runnable on its CPU (it runs when
   * scheduled there).
   *
   * @return false when the task was not sleeping; nothing changes then
   */
  boolean wakeUpProcess(Task task);

  /**
   * Moves a runnable task to another CPU ({@code set_task_cpu}); refused for a migrate-disabled
   * task.
   */
  void migrate(Task task, int cpu);

  /**
   * Reads one byte of physical memory directly (no translation), for checking. Untouched memory
   * reads as zero.
   */
  byte readPhysical(long physicalAddress);

  /** The kernel page table's PTE word for the page of {@code vaddr} (0 where nothing is mapped). */
  long kernelPte(long vaddr);

  /** All diagnostics reported so far, oldest first. */
  List<Diagnostic> diagnostics();

  /**
   * The checker's end-of-run report, as a test harness (or a scenario's end) asks for it: every
   * mapping still held, each task's local kmaps and each kmap() reference, with the site that
   * made it, and the sites that mapped more often than they unmapped, as one {@link
   * DiagnosticCode#LEAKED_MAPS} per task (and one for the kmap() references).
   *
   * @return the diagnostics reported; empty when nothing is held
   */
  List<Diagnostic> reportLeaks();

  /** A snapshot of the counters. */
  Counters counters();

  /**
   * Checks the machine's invariants: each CPU runs exactly its current task; every live slot's
   * PTE is the recorded pteval on the CPU its task runs on, every free slot is none; no TLB holds
   * a translation the page table no longer has; no dirty VIVT line outlives its mapping.
   *
   * @return the violations, each with its {@link InvariantViolation.Code}; empty when all hold
   */
  List<InvariantViolation> checkInvariants();

  /**
   * Registers a listener; from the next call on, every event reaches it. Only while no other
   * thread drives the machine (see "Threads" above).
   */
  void addListener(KmapListener listener);

  /** Removes a listener; only while no other thread drives the machine. */
  void removeListener(KmapListener listener);

  /**
   * Everything observable about the machine now, as an immutable value ({@link MachineSnapshot}):
   * equal to a later snapshot exactly when nothing observable changed in between. It copies the
   * page table, the TLBs and caches, and every page of memory that holds a non-zero byte, so it
   * costs what the machine has touched. Only while no other thread is inside a call.
   */
  MachineSnapshot snapshot();

  /**
   * Puts the machine back in the state of a snapshot it took: page table, TLBs, caches, memory,
   * tasks (tasks created after the snapshot no longer belong to the machine; the {@link Task}
   * objects of the snapshot's tasks are valid again), CPUs, the pkmap pool, io_mappings, counters
   * and diagnostics. Listeners stay as they are and hear nothing. Only while no other thread is
   * inside a call.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} for a snapshot of another machine
   */
  void restore(MachineSnapshot snapshot);
}
