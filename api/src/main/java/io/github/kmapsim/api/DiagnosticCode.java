// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * Every problem kmapsim reports, with a stable code. {@code docs/DIAGNOSTICS.md} lists them with
 * the kernel check each one mirrors and what to look at when it fires.
 *
 * <p>Codes are of two kinds ({@link #isKernelEvent()}). A <em>kernel event</em> is something the
 * simulated kernel itself sees: a WARN, a BUG, or the refusal of a well-formed call that the
 * machine's state forbids (scheduling while atomic, an unbalanced context exit, an enable without
 * its disable, a task in the wrong state): it is recorded in {@link Machine#diagnostics()} and sent
 * to listeners. <em>API misuse</em> ({@link #BAD_PFN}, {@link #BAD_CPU}, {@link #BAD_CONFIG},
 * {@link #BAD_ARGUMENT}) is an argument that names nothing of this machine: the call never reaches
 * the kernel, and the exception is all there is. Either way a refused call changes nothing else:
 * after a kernel event the one new diagnostic is the whole difference, after API misuse there is
 * none ({@link Machine#snapshot()} compares equal).
 */
public enum DiagnosticCode {
  /** {@code WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx))} in kunmap_local_indexed. */
  UNMAP_NOT_TOP("KMAP-W001", Severity.WARN, "kunmap_local of an address that is not the top slot"),
  /** {@code WARN_ON_ONCE(in_hardirq() && !irqs_disabled())} in kmap_local_idx_push. */
  PUSH_HARDIRQ_IRQS_ON("KMAP-W002", Severity.WARN, "kmap_local in hardirq with interrupts enabled"),
  /** {@code WARN_ON_ONCE(addr < PAGE_OFFSET)} in kunmap_local_indexed. */
  UNMAP_USER_ADDRESS("KMAP-W003", Severity.WARN, "kunmap_local of a user address"),
  /** {@code WARN_ON_ONCE(1)} in kunmap_local_indexed under DEBUG_KMAP_LOCAL_FORCE_MAP. */
  UNMAP_OUTSIDE_WINDOW("KMAP-W004", Severity.WARN, "kunmap_local outside the kmap window with FORCE_MAP"),
  /** The guard-slot check of __kmap_local_sched_out / __kmap_local_sched_in. */
  GUARD_SLOT_IN_USE("KMAP-W005", Severity.WARN, "DEBUG_KMAP_LOCAL guard slot holds a PTE"),
  /** {@code WARN_ON_ONCE(pte_none(pteval))} in __kmap_local_sched_out / __kmap_local_sched_in. */
  SCHED_EMPTY_SLOT("KMAP-W006", Severity.WARN, "live kmap slot with an empty pteval at context switch"),
  /** A task exits with local kmaps held (kmap_assert_nomap on the way out). */
  EXIT_WITH_MAPS("KMAP-W007", Severity.WARN, "task exits with local kmaps held"),
  /** {@code WARN_ON_ONCE(tsk->kmap_ctrl.idx)} in kmap_local_fork. */
  FORK_WITH_MAPS("KMAP-W008", Severity.WARN, "fork while the parent holds local kmaps"),
  /** Simulator check: a TLB hit whose translation no longer matches the page table. */
  STALE_TLB("KMAP-W009", Severity.WARN, "access through a stale TLB translation"),
  /** Simulator check: an interrupt returns without undoing the kmaps it pushed. */
  IRQ_EXIT_WITH_MAPS("KMAP-W010", Severity.WARN, "interrupt returns with its local kmaps held"),
  /**
   * Simulator check: {@code __kmap_pte - idx} left the PTE table holding FIX_KMAP_BEGIN on an
   * architecture whose kmap PTE tables are not contiguous: the write misses the page table.
   */
  STRAY_PTE_WRITE("KMAP-W011", Severity.WARN, "kmap PTE written outside its page table"),
  /**
   * {@code might_sleep()}: kmap(), kunmap(), mutex_lock(), a user copy's {@code might_fault()}
   * (silent when {@code pagefault_disabled()}) or a handled user fault, from a context that may
   * not sleep.
   */
  SLEEP_IN_ATOMIC("KMAP-W012", Severity.WARN, "sleeping function called from invalid context"),
  /**
   * Simulator: a {@link KmapListener} threw. The call it listened to completed; the exception is
   * reported (in this diagnostic's message) once the call is over, and otherwise dropped.
   */
  LISTENER_FAILED("KMAP-W013", Severity.WARN, "a listener threw"),
  /**
   * Checker: an access through a mapping after its unmap ({@code kunmap_local}, {@code
   * kunmap_atomic}, {@code kunmap}); in a scenario, also through a name after its unmap statement,
   * lowmem pages included. The kernel is silent: the access reaches whatever the address maps now.
   */
  USE_AFTER_UNMAP("KMAP-W014", Severity.WARN, "use of a mapping after its unmap"),
  /**
   * Checker: a kmap_local or kmap_atomic address used by another task than the one that made it
   * (Documentation/mm/highmem.rst: the mapping is valid only in the context of the caller).
   */
  USE_BY_OTHER_TASK("KMAP-W015", Severity.WARN, "use of a local mapping by another task"),
  /** Checker: a kmap_local or kmap_atomic address used on another CPU than the one that made it. */
  USE_ON_OTHER_CPU("KMAP-W016", Severity.WARN, "use of a local mapping on another CPU"),
  /**
   * Checker: a local mapping made in one context (task, softirq, hardirq, NMI) used from another,
   * such as a task's kmap_local from the interrupt that interrupted it.
   */
  USE_IN_WRONG_CONTEXT("KMAP-W017", Severity.WARN, "use of a local mapping outside its context"),
  /**
   * {@code kmap_assert_nomap()} ({@code DEBUG_LOCKS_WARN_ON(current->kmap_ctrl.idx)}) in
   * exit_to_user_mode_prepare: a return to user space with local kmaps held.
   */
  RETURN_TO_USER_WITH_MAPS("KMAP-W018", Severity.WARN, "return to user space with local kmaps held"),
  /**
   * Checker: mappings still held when the run ends ({@link Machine#reportLeaks()}), each with the
   * site that made it, and the sites that mapped more often than they unmapped.
   */
  LEAKED_MAPS("KMAP-W019", Severity.WARN, "mappings still held at the end of the run"),
  /**
   * CONFIG_DEBUG_PREEMPT's {@code check_preemption_disabled()} (lib/smp_processor_id.c): {@code
   * "BUG: using smp_processor_id() in preemptible [00000000] code: comm/pid"}, printed (not a
   * BUG_ON) when {@code this_cpu_ptr()} runs preemptible and migratable.
   */
  PREEMPTIBLE_PER_CPU("KMAP-W020", Severity.WARN, "using smp_processor_id() in preemptible code"),
  /**
   * Checker: a task's pointer to its CPU's copy of a per-CPU variable used after another task
   * used the same copy in between: the section was preemptible (a kmap_local where a kmap_atomic
   * used to be). The kernel is silent.
   */
  PER_CPU_RACE("KMAP-W021", Severity.WARN, "per-CPU data used by another task in between"),
  /**
   * Checker: {@code __copy_from_user_inatomic()} or {@code __copy_to_user_inatomic()} with
   * {@code faulthandler_disabled()} false (no pagefault_disable(), not in_atomic()): a fault on a
   * non-present user page is handled and may sleep where the caller expects a short copy. The
   * classic cause: a kmap_atomic (which disables page faults) converted to kmap_local_page
   * (which does not). The kernel is silent.
   */
  INATOMIC_COPY_FAULTS_ENABLED("KMAP-W022", Severity.WARN,
      "user copy relies on a pagefault_disable() that is not there"),
  /** {@code BUG_ON(idx >= KM_MAX_IDX)} in kmap_local_idx_push. */
  STACK_OVERFLOW("KMAP-B001", Severity.BUG, "kmap_local stack overflow"),
  /** {@code BUG_ON(idx < 0)} in kmap_local_idx_pop. */
  STACK_UNDERFLOW("KMAP-B002", Severity.BUG, "kmap_local stack underflow"),
  /** {@code BUG_ON(!pte_none(*kmap_pte))} in __kmap_local_pfn_prot. */
  PTE_NOT_NONE("KMAP-B003", Severity.BUG, "kmap slot PTE is not none"),
  /** An access to an address with no valid translation: the kernel oopses. */
  PAGE_FAULT("KMAP-B004", Severity.BUG, "unable to handle kernel paging request"),
  /** Simulator check: every pkmap entry is held by tasks that all wait for a free entry. */
  PKMAP_DEADLOCK("KMAP-B005", Severity.BUG, "persistent kmap pool deadlock"),
  /** {@code BUG_ON(!vaddr)} / {@code BUG()} in kunmap_high: the page has no persistent mapping. */
  KUNMAP_UNMAPPED("KMAP-B006", Severity.BUG, "kunmap of a page that is not kmapped"),
  /** {@code VM_BUG_ON(offset + len > PAGE_SIZE)} in the page helpers; io_mapping's BUG_ON(offset >= size). */
  PAGE_OVERRUN("KMAP-B007", Severity.BUG, "access past the end of the mapped range"),
  /** {@code BUG: scheduling while atomic}, refused by the simulated scheduler. */
  SCHED_WHILE_ATOMIC("KMAP-E001", Severity.REFUSED, "scheduling while atomic"),
  /** The scheduler refuses to move a task whose migration is disabled. */
  MIGRATE_DISABLED("KMAP-E002", Severity.REFUSED, "migration of a migrate-disabled task"),
  /** A pfn outside the machine's physical memory or the PTE format. */
  BAD_PFN("KMAP-E003", Severity.REFUSED, "bad page frame number"),
  /** A CPU number outside 0..NR_CPUS-1. */
  BAD_CPU("KMAP-E004", Severity.REFUSED, "bad CPU number"),
  /**
   * A task of this machine in the wrong state for the request: dead, running where a runnable one
   * is needed, the idle task asked to sleep, exit or move. (An unknown or foreign task is
   * {@link #BAD_ARGUMENT}.)
   */
  BAD_TASK("KMAP-E005", Severity.REFUSED, "bad task"),
  /** kunmap_local of an address in the kmap window that the current task never mapped. */
  NOT_MAPPED("KMAP-E006", Severity.REFUSED, "kunmap_local of an address that is not mapped"),
  /** Context entry and exit that do not pair up (irq_exit without irq_enter, NMI nesting). */
  BAD_CONTEXT("KMAP-E007", Severity.REFUSED, "unbalanced or illegal context change"),
  /** preempt_enable, pagefault_enable, migrate_enable or local_irq_enable without a disable. */
  COUNT_UNDERFLOW("KMAP-E008", Severity.REFUSED, "enable without a matching disable"),
  /** A configuration the machine cannot be built with. */
  BAD_CONFIG("KMAP-E009", Severity.REFUSED, "bad machine configuration"),
  /**
   * An argument that is not usable: null, out of range (a slot, an offset, a length, a pkmap entry
   * number, a protection {@code pfn_pte} cannot encode, a virtual address wider than 32 bits), an
   * object of another machine or not made by this one (a page, folio, task, io_mapping or
   * snapshot), an io_mapping already freed, a task name that is unknown or taken.
   */
  BAD_ARGUMENT("KMAP-E010", Severity.REFUSED, "bad argument");

  private final String code;
  private final Severity severity;
  private final String title;

  DiagnosticCode(String code, Severity severity, String title) {
    this.code = code;
    this.severity = severity;
    this.title = title;
  }

  /**
   * Whether the kernel reports this with {@code WARN_ON_ONCE()} (mm/highmem.c): it prints the
   * first occurrence after boot and nothing for the repeats (each site's {@code __warned} flag).
   * kmapsim records every occurrence; a scenario's log prints the first as the kernel does and
   * counts the repeats.
   */
  public boolean warnOnce() {
    return switch (this) {
      case UNMAP_NOT_TOP, PUSH_HARDIRQ_IRQS_ON, UNMAP_USER_ADDRESS, UNMAP_OUTSIDE_WINDOW,
          GUARD_SLOT_IN_USE, SCHED_EMPTY_SLOT, FORK_WITH_MAPS -> true;
      default -> false;
    };
  }

  /** The stable code, such as {@code KMAP-W001}. */
  public String code() {
    return code;
  }

  /** How serious the problem is. */
  public Severity severity() {
    return severity;
  }

  /** A one-line title in kernel words. */
  public String title() {
    return title;
  }

  /**
   * Whether the simulated kernel sees this problem: true for every WARN and BUG and for the
   * refusals the machine's state causes (E001, E002, E005, E006, E007, E008), which are recorded
   * in {@link Machine#diagnostics()} and sent to listeners; false for API misuse (E003, E004,
   * E009, E010), which is only thrown.
   */
  public boolean isKernelEvent() {
    return switch (this) {
      case BAD_PFN, BAD_CPU, BAD_CONFIG, BAD_ARGUMENT -> false;
      default -> true;
    };
  }
}
