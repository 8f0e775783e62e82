// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.Cpu;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The vocabulary of scenarios, one constant per call: its name, its syntax (the kinds of its
 * arguments and what it binds) and its execution on a {@link ScenarioRun}, which returns a typed
 * {@link Outcome} that renders itself. A new call is a new constant here.
 *
 * <p>Argument kinds, as {@link #syntax()} spells them: {@code p} a page ({@link Arg.PageArg}),
 * {@code f} a folio ({@link Arg.FolioArg}), {@code a} a bound name, {@code r} a bound name and an
 * offset ({@link Arg.Ref}), {@code v} a number, {@code n} a page count ({@link Arg.Count}), {@code
 * t} a task, {@code c} a CPU, {@code N} a new name, {@code i} an io_mapping's name, {@code s} a
 * symbol (a per-CPU variable's, a lock's or a mutex's name).
 */
public enum Verb {
  /** {@code NAME = kmap_local_page PAGE}. */
  KMAP_LOCAL_PAGE("kmap_local_page", "p", Binds.ADDRESS,
      (x, s) -> x.mapped(s, x.cpu(s).kmapLocalPage(x.page(s, 0)), x.page(s, 0).pfn())),
  /** {@code NAME = kmap_local_pfn PAGE}: a fixmap slot even for a lowmem page. */
  KMAP_LOCAL_PFN("kmap_local_pfn", "p", Binds.ADDRESS,
      (x, s) -> x.mapped(s, x.cpu(s).kmapLocalPfn(x.pfn(s, 0)), x.pfn(s, 0))),
  /** {@code NAME = kmap_atomic PAGE}: preemption and page faults disabled. */
  KMAP_ATOMIC("kmap_atomic", "p", Binds.ADDRESS,
      (x, s) -> x.mapped(s, x.cpu(s).kmapAtomic(x.page(s, 0)), x.page(s, 0).pfn())),
  /** {@code NAME = kmap_atomic_pfn PAGE}. */
  KMAP_ATOMIC_PFN("kmap_atomic_pfn", "p", Binds.ADDRESS,
      (x, s) -> x.mapped(s, x.cpu(s).kmapAtomicPfn(x.pfn(s, 0)), x.pfn(s, 0))),
  /**
   * {@code NAME = kmap_local_folio FOLIO OFFSET}: kmap_local_page of the folio's page that holds
   * byte OFFSET; NAME is the address of that byte.
   */
  KMAP_LOCAL_FOLIO("kmap_local_folio", "fv", Binds.ADDRESS, ScenarioRun::kmapLocalFolio),
  /** {@code NAME = kmap PAGE}: persistent; sleeps when the pool is full. */
  KMAP("kmap", "p", Binds.ADDRESS, ScenarioRun::kmap),
  /** {@code NAME = kmap_range PAGE COUNT}: kmap() of COUNT consecutive pages, summarised. */
  KMAP_RANGE("kmap_range", "pn", Binds.ADDRESS, ScenarioRun::kmapRange),
  /** {@code kunmap_range NAME}. */
  KUNMAP_RANGE("kunmap_range", "a", Binds.NOTHING, ScenarioRun::kunmapRange),
  /** {@code kunmap_local REF}: any address inside the mapped page. */
  KUNMAP_LOCAL("kunmap_local", "r", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).kunmapLocal(x.ref(s, 0)))),
  /** {@code kunmap_atomic REF}. */
  KUNMAP_ATOMIC("kunmap_atomic", "r", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).kunmapAtomic(x.ref(s, 0)))),
  /** {@code kunmap NAME}: the page NAME's kmap() mapped. */
  KUNMAP("kunmap", "a", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).kunmap(x.boundPage(s, 0)))),
  /** {@code write REF VALUE}: a 64-bit store. */
  WRITE("write", "rv", Binds.NOTHING, ScenarioRun::write),
  /** {@code read REF [expect VALUE]}: a 64-bit load; a mismatch fails the step. */
  READ("read", "r", Binds.NOTHING, ScenarioRun::read),
  /** {@code schedule TASK}: schedule() on this CPU to TASK. */
  SCHEDULE("schedule", "t", Binds.NOTHING, ScenarioRun::schedule),
  /** {@code sleep}: TASK_UNINTERRUPTIBLE, then schedule(). */
  SLEEP("sleep", "", Binds.NOTHING, ScenarioRun::sleep),
  /** {@code kmap_flush_unused}. */
  KMAP_FLUSH_UNUSED("kmap_flush_unused", "", Binds.NOTHING, cpu(Cpu::kmapFlushUnused)),
  /**
   * {@code return_to_user}: exit_to_user_mode_prepare's {@code kmap_assert_nomap()}, a WARN
   * (KMAP-W018) when the task holds local kmaps.
   */
  RETURN_TO_USER("return_to_user", "", Binds.NOTHING, cpu(Cpu::returnToUser)),
  /**
   * {@code NAME = this_cpu_ptr VAR}: the address of this CPU's copy of the per-CPU u64 VAR
   * (defined on first use); DEBUG_PREEMPT's check (KMAP-W020) when preemptible and migratable.
   */
  THIS_CPU_PTR("this_cpu_ptr", "s", Binds.ADDRESS,
      (x, s) -> x.perCpuMapped(s, x.cpu(s).thisCpuPtr(x.symbol(s, 0)))),
  /** {@code NAME = get_cpu_ptr VAR}: preempt_disable, then this_cpu_ptr. */
  GET_CPU_PTR("get_cpu_ptr", "s", Binds.ADDRESS,
      (x, s) -> x.perCpuMapped(s, x.cpu(s).getCpuPtr(x.symbol(s, 0)))),
  /** {@code put_cpu_ptr VAR}: preempt_enable. */
  PUT_CPU_PTR("put_cpu_ptr", "s", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).putCpuPtr(x.symbol(s, 0)))),
  /** {@code this_cpu_read VAR}: the value is the outcome. */
  THIS_CPU_READ("this_cpu_read", "s", Binds.NOTHING, (x, s) -> new Outcome.HelperDone(
      "this_cpu_read(" + x.symbol(s, 0) + ") = " + Hex.u64(x.cpu(s).thisCpuRead(x.symbol(s, 0))))),
  /** {@code this_cpu_write VAR VALUE}. */
  THIS_CPU_WRITE("this_cpu_write", "sv", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).thisCpuWrite(x.symbol(s, 0), x.value(s, 1)))),
  /** {@code local_lock LOCK}: preempt_disable (!PREEMPT_RT). */
  LOCAL_LOCK("local_lock", "s", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).localLock(x.symbol(s, 0)))),
  /** {@code local_unlock LOCK}: preempt_enable. */
  LOCAL_UNLOCK("local_unlock", "s", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).localUnlock(x.symbol(s, 0)))),
  /** {@code might_sleep}: KMAP-W012 where sleeping is not allowed. */
  MIGHT_SLEEP("might_sleep", "", Binds.NOTHING, cpu(Cpu::mightSleep)),
  /** {@code mutex_lock MUTEX}: might_sleep, then the lock. */
  MUTEX_LOCK("mutex_lock", "s", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).mutexLock(x.symbol(s, 0)))),
  /** {@code mutex_unlock MUTEX}. */
  MUTEX_UNLOCK("mutex_unlock", "s", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).mutexUnlock(x.symbol(s, 0)))),
  /**
   * {@code mmap_user UADDR LEN}: anonymous user memory of the current task, not present until
   * touched (a fault fills a page with zeros).
   */
  MMAP_USER("mmap_user", "vv", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).mmapUser(x.value(s, 0), x.value(s, 1)))),
  /** {@code madv_pageout UADDR LEN}: madvise(MADV_PAGEOUT); the next touch faults (swap-in). */
  MADV_PAGEOUT("madv_pageout", "vv", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).madvPageout(x.value(s, 0), x.value(s, 1)))),
  /** {@code fault_in_readable UADDR LEN [expect N]}: the bytes not faulted in. */
  FAULT_IN_READABLE("fault_in_readable", "vv", Binds.NOTHING, (x, s) -> x.userCopy(s,
      "fault_in_readable", x.value(s, 0), x.value(s, 1),
      () -> x.cpu(s).faultInReadable(x.value(s, 0), x.value(s, 1)))),
  /** {@code might_fault}: might_sleep unless pagefault_disabled(). */
  MIGHT_FAULT("might_fault", "", Binds.NOTHING, cpu(Cpu::mightFault)),
  /** {@code copy_to_user UADDR REF LEN [expect N]}: N, the bytes not copied. */
  COPY_TO_USER("copy_to_user", "vrv", Binds.NOTHING, (x, s) -> x.userCopy(s, "copy_to_user",
      x.value(s, 0), x.value(s, 2),
      () -> x.cpu(s).copyToUser(x.value(s, 0), x.ref(s, 1), x.value(s, 2)))),
  /** {@code copy_from_user REF UADDR LEN [expect N]}. */
  COPY_FROM_USER("copy_from_user", "rvv", Binds.NOTHING, (x, s) -> x.userCopy(s,
      "copy_from_user", x.value(s, 1), x.value(s, 2),
      () -> x.cpu(s).copyFromUser(x.ref(s, 0), x.value(s, 1), x.value(s, 2)))),
  /** {@code __copy_to_user_inatomic UADDR REF LEN [expect N]}. */
  COPY_TO_USER_INATOMIC("__copy_to_user_inatomic", "vrv", Binds.NOTHING, (x, s) -> x.userCopy(s,
      "__copy_to_user_inatomic", x.value(s, 0), x.value(s, 2),
      () -> x.cpu(s).copyToUserInatomic(x.value(s, 0), x.ref(s, 1), x.value(s, 2)))),
  /** {@code __copy_from_user_inatomic REF UADDR LEN [expect N]}. */
  COPY_FROM_USER_INATOMIC("__copy_from_user_inatomic", "rvv", Binds.NOTHING, (x, s) ->
      x.userCopy(s, "__copy_from_user_inatomic", x.value(s, 1), x.value(s, 2),
          () -> x.cpu(s).copyFromUserInatomic(x.ref(s, 0), x.value(s, 1), x.value(s, 2)))),
  /**
   * {@code NAME = kmap_high_get PAGE}: pins the page's pkmap mapping (ARCH_NEEDS_KMAP_HIGH_GET
   * variants only); NULL, and NAME unbound, when it has none.
   */
  KMAP_HIGH_GET("kmap_high_get", "p", Binds.ADDRESS, ScenarioRun::kmapHighGet),
  /** {@code kunmap_high PAGE}: drops kmap_high_get's reference. */
  KUNMAP_HIGH("kunmap_high", "p", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).kunmapHigh(x.page(s, 0)))),
  /** {@code flush_dcache_page PAGE}: the kernel mapping's D-cache lines written back. */
  FLUSH_DCACHE_PAGE("flush_dcache_page", "p", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).flushDcachePage(x.page(s, 0)))),
  /** {@code memcpy DST SRC LEN}: bytes between two mapped references, both checked. */
  MEMCPY("memcpy", "rrv", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).memcpy(x.ref(s, 0), x.ref(s, 1), x.value(s, 2)))),
  /** {@code __this_cpu_read VAR}: DEBUG_PREEMPT's check where preemptible (KMAP-W020). */
  RAW_THIS_CPU_READ("__this_cpu_read", "s", Binds.NOTHING, (x, s) -> new Outcome.HelperDone(
      "__this_cpu_read(" + x.symbol(s, 0) + ") = "
          + Hex.u64(x.cpu(s).rawThisCpuRead(x.symbol(s, 0))))),
  /** {@code __this_cpu_write VAR VALUE}. */
  RAW_THIS_CPU_WRITE("__this_cpu_write", "sv", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).rawThisCpuWrite(x.symbol(s, 0), x.value(s, 1)))),
  /** {@code irq_enter}. */
  IRQ_ENTER("irq_enter", "", Binds.NOTHING, cpu(Cpu::irqEnter)),
  /** {@code irq_exit}. */
  IRQ_EXIT("irq_exit", "", Binds.NOTHING, cpu(Cpu::irqExit)),
  /** {@code softirq_enter}. */
  SOFTIRQ_ENTER("softirq_enter", "", Binds.NOTHING, cpu(Cpu::softirqEnter)),
  /** {@code softirq_exit}. */
  SOFTIRQ_EXIT("softirq_exit", "", Binds.NOTHING, cpu(Cpu::softirqExit)),
  /** {@code nmi_enter}. */
  NMI_ENTER("nmi_enter", "", Binds.NOTHING, cpu(Cpu::nmiEnter)),
  /** {@code nmi_exit}. */
  NMI_EXIT("nmi_exit", "", Binds.NOTHING, cpu(Cpu::nmiExit)),
  /** {@code preempt_disable}. */
  PREEMPT_DISABLE("preempt_disable", "", Binds.NOTHING, cpu(Cpu::preemptDisable)),
  /** {@code preempt_enable}. */
  PREEMPT_ENABLE("preempt_enable", "", Binds.NOTHING, cpu(Cpu::preemptEnable)),
  /** {@code local_irq_disable}. */
  LOCAL_IRQ_DISABLE("local_irq_disable", "", Binds.NOTHING, cpu(Cpu::localIrqDisable)),
  /** {@code local_irq_enable}. */
  LOCAL_IRQ_ENABLE("local_irq_enable", "", Binds.NOTHING, cpu(Cpu::localIrqEnable)),
  /** {@code pagefault_disable}. */
  PAGEFAULT_DISABLE("pagefault_disable", "", Binds.NOTHING, cpu(Cpu::pagefaultDisable)),
  /** {@code pagefault_enable}. */
  PAGEFAULT_ENABLE("pagefault_enable", "", Binds.NOTHING, cpu(Cpu::pagefaultEnable)),
  /** {@code migrate_disable}. */
  MIGRATE_DISABLE("migrate_disable", "", Binds.NOTHING, cpu(Cpu::migrateDisable)),
  /** {@code migrate_enable}. */
  MIGRATE_ENABLE("migrate_enable", "", Binds.NOTHING, cpu(Cpu::migrateEnable)),
  /** {@code NAME = io_mapping_map_local_wc IOMAP OFFSET}. */
  IO_MAPPING_MAP_LOCAL_WC("io_mapping_map_local_wc", "iv", Binds.ADDRESS,
      (x, s) -> x.ioMapped(s, x.cpu(s).ioMappingMapLocalWc(x.ioMapping(s, 0), x.value(s, 1)))),
  /** {@code NAME = io_mapping_map_atomic_wc IOMAP OFFSET}. */
  IO_MAPPING_MAP_ATOMIC_WC("io_mapping_map_atomic_wc", "iv", Binds.ADDRESS,
      (x, s) -> x.ioMapped(s, x.cpu(s).ioMappingMapAtomicWc(x.ioMapping(s, 0), x.value(s, 1)))),
  /** {@code io_mapping_unmap_local REF}. */
  IO_MAPPING_UNMAP_LOCAL("io_mapping_unmap_local", "r", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).ioMappingUnmapLocal(x.ref(s, 0)))),
  /** {@code io_mapping_unmap_atomic REF}. */
  IO_MAPPING_UNMAP_ATOMIC("io_mapping_unmap_atomic", "r", Binds.NOTHING,
      (x, s) -> x.done(() -> x.cpu(s).ioMappingUnmapAtomic(x.ref(s, 0)))),
  /** {@code memcpy_page DST DSTOFF SRC SRCOFF LEN}. */
  MEMCPY_PAGE("memcpy_page", "pvpvv", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.memcpyPage(x.page(s, 0), x.intValue(s, 1), x.page(s, 2), x.intValue(s, 3),
          x.intValue(s, 4)))),
  /** {@code memcpy_to_page PAGE OFFSET LEN SEED}: LEN bytes of {@link #bytes(long, int)}. */
  MEMCPY_TO_PAGE("memcpy_to_page", "pvvv", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.memcpyToPage(x.page(s, 0), x.intValue(s, 1),
          bytes(x.value(s, 3), x.intValue(s, 2)), 0, x.intValue(s, 2)))),
  /** {@code memcpy_from_page PAGE OFFSET LEN}: the bytes are the outcome. */
  MEMCPY_FROM_PAGE("memcpy_from_page", "pvv", Binds.NOTHING, (x, s) -> x.bytesRead(s,
      (h, to) -> h.memcpyFromPage(to, 0, x.page(s, 0), x.intValue(s, 1), to.length), 2)),
  /** {@code memset_page PAGE OFFSET VALUE LEN}. */
  MEMSET_PAGE("memset_page", "pvvv", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.memsetPage(x.page(s, 0), x.intValue(s, 1), (byte) x.value(s, 2),
          x.intValue(s, 3)))),
  /** {@code memzero_page PAGE OFFSET LEN}. */
  MEMZERO_PAGE("memzero_page", "pvv", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.memzeroPage(x.page(s, 0), x.intValue(s, 1), x.intValue(s, 2)))),
  /** {@code copy_highpage TO FROM}. */
  COPY_HIGHPAGE("copy_highpage", "pp", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.copyHighpage(x.page(s, 0), x.page(s, 1)))),
  /** {@code copy_user_highpage TO FROM USERADDR}. */
  COPY_USER_HIGHPAGE("copy_user_highpage", "ppv", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.copyUserHighpage(x.page(s, 0), x.page(s, 1), x.value(s, 2)))),
  /** {@code clear_highpage PAGE}. */
  CLEAR_HIGHPAGE("clear_highpage", "p", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.clearHighpage(x.page(s, 0)))),
  /** {@code zero_user_segments FOLIO START1 END1 START2 END2}: byte offsets in the folio. */
  ZERO_USER_SEGMENTS("zero_user_segments", "fvvvv", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.zeroUserSegments(x.folio(s, 0), x.intValue(s, 1), x.intValue(s, 2),
          x.intValue(s, 3), x.intValue(s, 4)))),
  /** {@code memcpy_to_folio FOLIO OFFSET LEN SEED}. */
  MEMCPY_TO_FOLIO("memcpy_to_folio", "fvvv", Binds.NOTHING, (x, s) -> x.helper(s,
      h -> h.memcpyToFolio(x.folio(s, 0), x.value(s, 1), bytes(x.value(s, 3), x.intValue(s, 2)),
          0, x.intValue(s, 2)))),
  /** {@code memcpy_from_folio FOLIO OFFSET LEN}: the bytes are the outcome. */
  MEMCPY_FROM_FOLIO("memcpy_from_folio", "fvv", Binds.NOTHING, (x, s) -> x.bytesRead(s,
      (h, to) -> h.memcpyFromFolio(to, 0, x.folio(s, 0), x.value(s, 1), to.length), 2)),
  /** {@code migrate TASK cpuN}: set_task_cpu. */
  MIGRATE("migrate", "tc", Binds.NOTHING, ScenarioRun::migrate, Scope.MACHINE),
  /** {@code fork PARENT CHILD}: kmap_local_fork, the child's kmap_ctrl empty. */
  FORK("fork", "tN", Binds.NOTHING, ScenarioRun::fork, Scope.MACHINE),
  /** {@code exit TASK}: do_exit; live local kmaps are KMAP-W007. */
  EXIT("exit", "t", Binds.NOTHING, ScenarioRun::exit, Scope.MACHINE),
  /** {@code wake TASK}: wake_up_process. */
  WAKE("wake", "t", Binds.NOTHING, ScenarioRun::wake, Scope.MACHINE),
  /** {@code NAME = io_mapping_create_wc BASE SIZE}: device memory for WC access. */
  IO_MAPPING_CREATE_WC("io_mapping_create_wc", "vv", Binds.IO_MAPPING, ScenarioRun::ioCreate, Scope.MACHINE),
  /** {@code io_mapping_free IOMAP}. */
  IO_MAPPING_FREE("io_mapping_free", "i", Binds.NOTHING, ScenarioRun::ioFree, Scope.MACHINE);

  /** Where a call is made: on a CPU ({@code cpuN: ...}), or on the machine. */
  enum Scope {
    /** By whatever runs on the statement's CPU. */
    CPU,
    /** On the machine, by no CPU in particular ({@code migrate}, {@code fork}, ...). */
    MACHINE
  }

  /** What a call's {@code NAME =} binds. */
  enum Binds {
    /** It binds nothing: {@code NAME =} is an error. */
    NOTHING,
    /** An address (its map call must be named). */
    ADDRESS,
    /** An io_mapping. */
    IO_MAPPING
  }

  /** How a statement runs: on the run, it returns its outcome or throws the kernel's refusal. */
  @FunctionalInterface
  interface Execution {
    Outcome run(ScenarioRun run, Statement statement);
  }

  private static final Map<String, Verb> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Verb::callName, v -> v));

  private final String callName;
  private final String syntax;
  private final Binds binds;
  private final Execution execution;
  private final Scope scope;

  /** A call made on a CPU, by what runs there: {@code cpuN: ...}. */
  Verb(String callName, String syntax, Binds binds, Execution execution) {
    this(callName, syntax, binds, execution, Scope.CPU);
  }

  Verb(String callName, String syntax, Binds binds, Execution execution, Scope scope) {
    this.callName = callName;
    this.syntax = syntax;
    this.binds = binds;
    this.execution = execution;
    this.scope = scope;
  }

  /** The call as a scenario writes it, such as {@code kmap_local_page}. */
  public String callName() {
    return callName;
  }

  /** The kinds of the arguments, one character each (see the class comment). */
  public String syntax() {
    return syntax;
  }

  /** Whether the call runs on the machine rather than on a CPU ({@code migrate}, {@code fork}). */
  public boolean onMachine() {
    return scope == Scope.MACHINE;
  }

  /** Whether the call returns an address that must be named ({@code NAME = kmap ...}). */
  public boolean bindsAddress() {
    return binds == Binds.ADDRESS;
  }

  Binds binds() {
    return binds;
  }

  Outcome execute(ScenarioRun run, Statement s) {
    return execution.run(run, s);
  }

  /** Whether the call takes a trailing {@code expect VALUE} (a read's value, a copy's bytes left). */
  public boolean takesExpect() {
    return this == READ || this == FAULT_IN_READABLE || this == COPY_TO_USER
        || this == COPY_FROM_USER || this == COPY_TO_USER_INATOMIC
        || this == COPY_FROM_USER_INATOMIC;
  }

  /** The verb a scenario names {@code name}, or null. */
  public static Verb named(String name) {
    return BY_NAME.get(name);
  }

  /**
   * The {@code len} bytes a {@code memcpy_to_page} or {@code memcpy_to_folio} with {@code seed}
   * copies: {@link SplittableRandom#nextBytes} of the seed.
   */
  public static byte[] bytes(long seed, int len) {
    byte[] b = new byte[Math.max(0, len)];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static Execution cpu(Consumer<Cpu> call) {
    return (x, s) -> x.done(() -> call.accept(x.cpu(s)));
  }
}
