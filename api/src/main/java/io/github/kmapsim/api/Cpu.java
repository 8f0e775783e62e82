// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * One simulated CPU. Every kernel call runs on a CPU, in the context of the task that is
 * {@link #current()} there (or of the interrupt it is serving), exactly as {@code current} and
 * {@code smp_processor_id()} are implicit in the kernel.
 *
 * <p>A CPU's state is confined to it: a simulator may drive each CPU from its own thread, and
 * calls on different CPUs may run at once. The calls of one CPU must not be made from two threads
 * at once. {@link #kmap}, {@link #kunmap} and {@link #kmapFlushUnused} share the persistent kmap
 * pool under its lock; a call that flushes every CPU's TLB (the pkmap wrap flush, {@link
 * #kmapFlushUnused}) reaches the other CPUs by IPI and may be made while they run. {@link
 * Machine}, "Threads", has the whole contract.
 *
 * <p>Every call checks its arguments and the state it needs before it changes anything. Calls
 * that hit a {@code BUG} or are refused throw {@link KmapException} and change nothing (a kernel
 * event leaves its one diagnostic, API misuse not even that: {@link
 * DiagnosticCode#isKernelEvent()}); {@code WARN}-class problems are reported through {@link
 * Machine#diagnostics()} and the call goes on as the kernel's does. A page, folio or io_mapping of
 * another machine, or a null one, is {@link DiagnosticCode#BAD_ARGUMENT}.
 */
public interface Cpu {

  /** {@code smp_processor_id()}. */
  int id();

  /** The task running on this CPU ({@code current}). */
  Task current();

  /** The innermost context the CPU is in. */
  Context context();

  /** {@code irqs_disabled()}. */
  boolean irqsDisabled();

  /**
   * {@code kmap_local_page(page)}: maps a page for use by the current context; a lowmem page
   * returns its direct-map address (unless FORCE_MAP).
   *
   * @return the virtual address, page aligned
   */
  long kmapLocalPage(Page page);

  /**
   * {@code kmap_local_page_prot(page, prot)}: as {@link #kmapLocalPage} with a protection.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} for a protection the variant's
   *     {@code pfn_pte} cannot encode, before anything changes
   */
  long kmapLocalPageProt(Page page, long prot);

  /** {@code kmap_local_pfn(pfn)}: always a fixmap mapping, also for pages without a struct page. */
  long kmapLocalPfn(long pfn);

  /**
   * {@code kunmap_local(vaddr)}: undoes the most recent local map; any address inside the mapped
   * page is accepted. It takes an address, never a {@link Page}. A lowmem address returns early
   * and a user address WARNs, as in the kernel.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} for a value that is not a 32-bit
   *     address (nor in the variant's kmap window, which a broken port may place past 4 GiB);
   *     {@link DiagnosticCode#STACK_UNDERFLOW} with nothing mapped; {@link
   *     DiagnosticCode#NOT_MAPPED} for a kmap window address the task never mapped
   */
  void kunmapLocal(long vaddr);

  /** {@code kmap_atomic(page)}: preemption and page faults disabled, then the local map. */
  long kmapAtomic(Page page);

  /** {@code kmap_atomic_prot(page, prot)}. */
  long kmapAtomicProt(Page page, long prot);

  /** {@code kmap_atomic_pfn(pfn)}. */
  long kmapAtomicPfn(long pfn);

  /** {@code kunmap_atomic(vaddr)}: the local unmap, then page faults and preemption re-enabled. */
  void kunmapAtomic(long vaddr);

  /**
   * {@code kmap(page)}: the persistent, global mapping. A lowmem page returns its direct-map
   * address; a highmem page gets (or shares) a pkmap entry. Only legal where sleeping is: from
   * atomic context it is reported ({@code might_sleep}). When every entry is in use the current
   * task sleeps on the pkmap wait queue and this CPU switches to its idle task: the result is
   * {@link KmapResult.Sleeping}, and the core retries the call itself, as the kernel's {@code
   * map_new_virtual()} loops, when the task is woken (by a kunmap) and scheduled again.
   *
   * @return {@link KmapResult.Mapped} with the address, or {@link KmapResult.Sleeping}
   * @throws KmapException {@code PKMAP_DEADLOCK} when sleeping would never end because every
   *     entry is held by tasks that are themselves waiting, {@code SCHED_WHILE_ATOMIC} when the
   *     task would have to sleep in atomic context, {@code BAD_TASK} when it would have to sleep
   *     but is the idle task; nothing changes then
   */
  KmapResult kmap(Page page);

  /**
   * {@code set_current_state(TASK_UNINTERRUPTIBLE); schedule()}: the current task sleeps and this
   * CPU runs its idle task; the task's local kmaps are saved by {@code __kmap_local_sched_out} and
   * restored when it is woken ({@link Machine#wakeUpProcess}) and scheduled again.
   *
   * @throws KmapException {@link DiagnosticCode#SCHED_WHILE_ATOMIC} in atomic context (a
   *     kmap_atomic held, under preempt_disable, with interrupts off, in an interrupt);
   *     {@link DiagnosticCode#BAD_TASK} for the idle task, which cannot sleep; nothing changes
   */
  void sleep();

  /** {@code kunmap(page)}: drops one persistent mapping of a highmem page; wakes waiters. */
  void kunmap(Page page);

  /** {@code kmap_flush_unused()}: frees every unused pkmap entry now, with the global flush. */
  void kmapFlushUnused();

  /**
   * {@code io_mapping_map_local_wc(mapping, offset)}: a write-combining mapping of one page of
   * device memory; through a kmap_local slot where the architecture has HAVE_ATOMIC_IOMAP, else
   * an offset into the ioremap of the whole range.
   */
  long ioMappingMapLocalWc(IoMapping mapping, long offset);

  /**
   * {@code io_mapping_unmap_local(vaddr)}: kunmap_local with HAVE_ATOMIC_IOMAP; otherwise the
   * kernel does nothing, and kmapsim refuses ({@link DiagnosticCode#NOT_MAPPED}) an address that
   * is not inside a live io_mapping's ioremap.
   */
  void ioMappingUnmapLocal(long vaddr);

  /** {@code io_mapping_map_atomic_wc(mapping, offset)}: preemption and page faults disabled. */
  long ioMappingMapAtomicWc(IoMapping mapping, long offset);

  /** {@code io_mapping_unmap_atomic(vaddr)}. */
  void ioMappingUnmapAtomic(long vaddr);

  /** The highmem.h helpers (memcpy_page, copy_highpage, ...) running on this CPU. */
  HighmemHelpers helpers();

  /** Reads one byte through a kernel virtual address, via this CPU's TLB and the page table. */
  byte readByte(long vaddr);

  /** Writes one byte through a kernel virtual address. */
  void writeByte(long vaddr, byte value);

  /** Reads an aligned 8-byte little-endian word through a kernel virtual address. */
  long readLong(long vaddr);

  /** Writes an aligned 8-byte little-endian word through a kernel virtual address. */
  void writeLong(long vaddr, long value);

  /**
   * The physical address this CPU's TLB or page-table walk would use for {@code vaddr}, without
   * faulting: -1 when there is no translation.
   */
  long translate(long vaddr);

  /** Whether this CPU's TLB holds a translation for the page of {@code vaddr}. */
  boolean tlbHolds(long vaddr);

  /**
   * Declares where the next calls on this CPU come from, until the next declaration: a
   * scenario's {@code FILE:LINE} and the name its statement binds ({@code a = kmap_local_page
   * ...}) or uses ({@code read a+8}, {@code kunmap_local a}). Maps record it as their site, unmaps
   * as theirs, accesses as the use; with a name, the checker also follows the name: an access
   * through a name whose mapping was unmapped is {@link DiagnosticCode#USE_AFTER_UNMAP} even when
   * the address is valid again (a reused slot, a lowmem page's direct map). A null {@code file}
   * clears the declaration (then {@link MachineConfig#recordCallSites()} decides).
   *
   * @param file the source file, or null
   * @param line the 1-based line
   * @param name the name bound or used, or null
   */
  void callSite(String file, int line, String name);

  /**
   * {@code exit_to_user_mode_prepare()}: the current task returns to user space;
   * {@code kmap_assert_nomap()} warns ({@link DiagnosticCode#RETURN_TO_USER_WITH_MAPS}) when it
   * holds local kmaps, naming the site of each.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_CONTEXT} in an interrupt or for the idle
   *     task, which never returns to user space
   */
  void returnToUser();

  /**
   * {@code this_cpu_ptr(&var)}: the address of this CPU's copy of the per-CPU variable {@code var}
   * (a u64 in the per-CPU area, defined on first use, as {@code DEFINE_PER_CPU(u64, var)}). With
   * preemption and migration both enabled, CONFIG_DEBUG_PREEMPT's check reports it ({@link
   * DiagnosticCode#PREEMPTIBLE_PER_CPU}); a kmap_local (migration disabled) silences that check,
   * as it does in the kernel since v5.11, and the checker then watches the copy for a race
   * ({@link DiagnosticCode#PER_CPU_RACE}).
   */
  long thisCpuPtr(String var);

  /** {@code get_cpu_ptr(&var)}: {@code preempt_disable()}, then {@link #thisCpuPtr}. */
  long getCpuPtr(String var);

  /** {@code put_cpu_ptr(&var)}: {@code preempt_enable()}. */
  void putCpuPtr(String var);

  /** {@code this_cpu_read(var)}: preemption-safe, so never reported; an access of the copy. */
  long thisCpuRead(String var);

  /** {@code this_cpu_write(var, value)}: preemption-safe; an access of the copy. */
  void thisCpuWrite(String var, long value);

  /**
   * {@code local_lock(&lock)} (include/linux/local_lock_internal.h, !PREEMPT_RT): {@code
   * preempt_disable()} and the lockdep acquire.
   */
  void localLock(String lock);

  /** {@code local_unlock(&lock)}: {@code preempt_enable()}. */
  void localUnlock(String lock);

  /**
   * {@code might_sleep()}: reported ({@link DiagnosticCode#SLEEP_IN_ATOMIC}) where the current
   * context may not sleep; the call goes on.
   */
  void mightSleep();

  /** {@code mutex_lock(&mutex)}: {@code might_sleep()}, then the lock (uncontended here). */
  void mutexLock(String mutex);

  /** {@code mutex_unlock(&mutex)}. */
  void mutexUnlock(String mutex);

  /**
   * {@code mmap(uaddr, len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_FIXED_NOREPLACE)} for the
   * current task: user pages {@code [uaddr, uaddr + len)} (page-aligned, below TASK_SIZE, which
   * is the lowest kernel mapping here: PAGE_OFFSET, or PKMAP_BASE on ARM), not present until
   * touched; a fault on one fills it with zeros.
   */
  void mmapUser(long uaddr, long len);

  /**
   * {@code madvise(uaddr, len, MADV_PAGEOUT)}: the present pages of the range are reclaimed to
   * swap, so they are not present and the next touch faults (a swap-in, which sleeps); their
   * contents are kept.
   */
  void madvPageout(long uaddr, long len);

  /**
   * {@code fault_in_readable(uaddr, size)} (mm/gup.c, v5.16+): faults the user pages in, as
   * the retry after a short atomic copy does (each handled fault may sleep). Returns the number
   * of bytes not faulted in (0 when all are present now).
   */
  long faultInReadable(long uaddr, long len);

  /** Whether the current task's user page of {@code uaddr} is present (touching it will not fault). */
  boolean userPagePresent(long uaddr);

  /**
   * {@code might_fault()} ({@code __might_fault} in mm/memory.c): nothing when {@code
   * pagefault_disabled()}, else {@code __might_sleep()}: reported ({@link
   * DiagnosticCode#SLEEP_IN_ATOMIC}) in atomic context.
   */
  void mightFault();

  /**
   * {@code copy_to_user(uaddr, from, len)} (include/linux/uaccess.h, {@code _copy_to_user}):
   * {@code might_fault()}, {@code access_ok()}, then the copy from the kernel address {@code
   * from}; a fault on a non-present user page is handled (and may sleep) unless {@code
   * faulthandler_disabled()} ({@code pagefault_disabled() || in_atomic()}), when the copy stops
   * there. Returns the number of bytes not copied (callers return -EFAULT when it is not 0).
   */
  long copyToUser(long uaddr, long from, long len);

  /**
   * {@code copy_from_user(to, uaddr, len)}: as {@link #copyToUser}, into the kernel address
   * {@code to}; the bytes not copied are zeroed, as {@code _copy_from_user} does.
   */
  long copyFromUser(long to, long uaddr, long len);

  /**
   * {@code __copy_to_user_inatomic(uaddr, from, len)}: no {@code might_fault()}; the caller
   * must have disabled page faults, so that a fault makes the copy short instead of sleeping
   * ({@link DiagnosticCode#INATOMIC_COPY_FAULTS_ENABLED} when it has not).
   */
  long copyToUserInatomic(long uaddr, long from, long len);

  /** {@code __copy_from_user_inatomic(to, uaddr, len)}: no zeroing of the bytes not copied. */
  long copyFromUserInatomic(long to, long uaddr, long len);

  /**
   * {@code kmap_high_get(page)} (mm/highmem.c, only with ARCH_NEEDS_KMAP_HIGH_GET, ARM): pins
   * the page's existing persistent (pkmap) mapping and returns its address, or 0 when it has
   * none; callable from any context. Refused on a variant without ARCH_NEEDS_KMAP_HIGH_GET and
   * for a lowmem page.
   */
  long kmapHighGet(Page page);

  /** {@code kunmap_high(page)}: drops the reference a {@link #kmapHighGet} took. */
  void kunmapHigh(Page page);

  /**
   * {@code flush_dcache_page(page)} as ARM's {@code __flush_dcache_page} does it for the kernel
   * mapping: a lowmem page's direct-map address, a highmem page's pkmap address when it has one
   * (pinned with {@code kmap_high_get} where ARCH_NEEDS_KMAP_HIGH_GET), written back with
   * {@code __cpuc_flush_dcache_area}; a no-op where the variant has no aliasing D-cache.
   */
  void flushDcachePage(Page page);

  /**
   * {@code memcpy(to, from, len)} between two kernel addresses (memmove semantics: overlap is
   * allowed): both ranges must be mapped, and every page of both is an access the checker
   * checks.
   */
  void memcpy(long to, long from, long len);

  /**
   * {@code __this_cpu_read(var)}: as {@link #thisCpuRead}, but not preemption-safe:
   * CONFIG_DEBUG_PREEMPT reports it where preemptible ({@link DiagnosticCode#PREEMPTIBLE_PER_CPU}).
   */
  long rawThisCpuRead(String var);

  /** {@code __this_cpu_write(var, value)}: as {@link #rawThisCpuRead}. */
  void rawThisCpuWrite(String var, long value);

  /** {@code irq_enter()}: enter hardirq context; interrupts are disabled while in it. */
  void irqEnter();

  /** {@code irq_exit()}. */
  void irqExit();

  /** Start serving softirqs ({@code __local_bh_disable_ip} + softirq entry). */
  void softirqEnter();

  /** Stop serving softirqs. */
  void softirqExit();

  /** {@code nmi_enter()}; NMIs do not nest. */
  void nmiEnter();

  /** {@code nmi_exit()}. */
  void nmiExit();

  /** {@code local_irq_disable()}. */
  void localIrqDisable();

  /** {@code local_irq_enable()}. */
  void localIrqEnable();

  /** {@code preempt_disable()} for the current task. */
  void preemptDisable();

  /** {@code preempt_enable()}. */
  void preemptEnable();

  /** {@code pagefault_disable()}. */
  void pagefaultDisable();

  /** {@code pagefault_enable()}. */
  void pagefaultEnable();

  /** {@code migrate_disable()}. */
  void migrateDisable();

  /** {@code migrate_enable()}. */
  void migrateEnable();
}
