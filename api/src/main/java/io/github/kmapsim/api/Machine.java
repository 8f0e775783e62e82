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
 * with {@code KmapSimModule}. Each CPU starts with its idle task ({@code swapper/N}) current.
 *
 * <p>Scheduling operations take a machine-wide lock; per-CPU kernel calls do not, so a simulator
 * may drive each CPU from its own thread.
 */
public interface Machine {

  /** The configuration the machine was built with. */
  MachineConfig config();

  /** The architecture variant the machine runs. */
  ArchVariant arch();

  /** The virtual memory layout for this machine's NR_CPUS and KM_MAX_IDX. */
  MemoryLayout layout();

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
   * @throws KmapException {@link DiagnosticCode#BAD_PFN} when it does not fit physical memory
   */
  Folio folio(long pfn, int order);

  /**
   * {@code io_mapping_create_wc(base, size)}: device memory for write-combining access. With
   * HAVE_ATOMIC_IOMAP only the protection is prepared; otherwise the range is ioremap_wc'd now.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_PFN} for an unaligned or unencodable range
   */
  IoMapping ioMappingCreateWc(long base, long size);

  /** {@code io_mapping_free(mapping)}: undoes the ioremap, if any, with its TLB flush. */
  void ioMappingFree(IoMapping mapping);

  /**
   * {@code page_address(page)}: the direct-map address of a lowmem page, the pkmap address of a
   * highmem page that has a persistent mapping (including one that is unused but not yet
   * flushed), else 0.
   */
  long pageAddress(Page page);

  /** {@code pkmap_count[nr]}: 0 free, 1 unmapped but not yet flushed, n > 1 in use n - 1 times. */
  int pkmapCount(int nr);

  /**
   * Creates a runnable task whose home is a CPU (it does not run until scheduled there).
   *
   * @throws KmapException {@link DiagnosticCode#BAD_TASK} when the name is taken
   */
  Task createTask(String name, int cpu);

  /**
   * A task by name.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_TASK} when there is none
   */
  Task task(String name);

  /** All tasks, idle tasks first, in creation order. */
  List<Task> tasks();

  /**
   * Forks {@code parent}: the child gets an empty kmap_ctrl (kmap_local_fork) and is runnable on
   * the parent's CPU.
   */
  Task fork(Task parent, String childName);

  /**
   * Ends a task. Live local kmaps are reported ({@link DiagnosticCode#EXIT_WITH_MAPS}) and, when
   * the task is running, cleared by the final switch to the idle task.
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

  /** A snapshot of the counters. */
  Counters counters();

  /**
   * Checks the machine's invariants (every live slot's PTE is the recorded pteval on the CPU its
   * task runs on, every free slot is none, no task runs on two CPUs, ...).
   *
   * @return the violations, empty when all hold
   */
  List<String> checkInvariants();

  /** Registers a listener. */
  void addListener(KmapListener listener);

  /** Removes a listener. */
  void removeListener(KmapListener listener);
}
