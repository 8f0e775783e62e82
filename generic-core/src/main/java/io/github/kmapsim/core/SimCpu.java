package io.github.kmapsim.core;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.spi.CacheType;

/**
 * One simulated CPU: its current task, its context nesting (task, softirq, hardirq, NMI) and
 * interrupt flag, its MMU, and the kernel calls made on it, which {@link KmapLocal} carries out.
 */
final class SimCpu implements Cpu {
  private static final int MAX_NESTING = 4;

  private final int id;
  private final int kmapStride;
  private final SimMachine machine;
  private final KmapLocal kmap;
  private final CpuCounters counters = new CpuCounters();
  private final Mmu mmu;
  private final CpuServices hw;
  private final CpuPteTable pteTable;
  private final VivtCache cache;
  private final SimHelpers helpers;

  private SimTask current;
  private boolean irqsDisabled;
  private final Context[] contexts = new Context[MAX_NESTING];
  private final boolean[] savedIrqsDisabled = new boolean[MAX_NESTING];
  private final int[] kmapIdxAtEntry = new int[MAX_NESTING];
  private int depth;

  SimCpu(int id, SimMachine machine, SimTask idle) {
    this.id = id;
    this.kmapStride = id * machine.kmMaxIdx();
    this.machine = machine;
    this.kmap = machine.kmap();
    this.current = idle;
    this.mmu = new Mmu(this, machine);
    this.hw = new CpuServices(this, machine);
    this.pteTable = new CpuPteTable(this, machine);
    this.helpers = new SimHelpers(this, machine);
    this.cache = machine.arch().cacheType() == CacheType.VIVT
        ? new VivtCache(mmu, machine.memory(), machine.layout().pageShift(), machine.maxPfn())
        : null;
  }

  /** The VIVT D-cache, or null when the variant's cache is physical. */
  VivtCache cache() {
    return cache;
  }

  /** The storage an access to {@code vaddr} reads or writes: the cache line, else the page. */
  private long[] data(long vaddr, boolean write) {
    return cache == null ? mmu.storage(vaddr, write) : cache.line(vaddr, write);
  }

  CpuPteTable pteTable() {
    return pteTable;
  }

  /** {@code KM_MAX_IDX * smp_processor_id()}: where this CPU's kmap slots start. */
  int kmapStride() {
    return kmapStride;
  }

  CpuCounters counters() {
    return counters;
  }

  Mmu mmu() {
    return mmu;
  }

  CpuServices hw() {
    return hw;
  }

  SimTask currentTask() {
    return current;
  }

  void setCurrent(SimTask task) {
    current = task;
  }

  /** Whether the CPU may schedule: task context, interrupts on, preemption enabled. */
  boolean preemptible() {
    return depth == 0 && !irqsDisabled && current.preemptCount == 0;
  }

  /** Whether the CPU is in any interrupt context (softirq, hardirq or NMI). */
  boolean nested() {
    return depth != 0;
  }

  /** {@code in_hardirq()}: also true inside an NMI, whose entry adds HARDIRQ_OFFSET too. */
  boolean inHardirq() {
    for (int i = 0; i < depth; i++) {
      if (contexts[i] == Context.HARDIRQ || contexts[i] == Context.NMI) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int id() {
    return id;
  }

  @Override
  public Task current() {
    return current;
  }

  @Override
  public Context context() {
    return depth == 0 ? Context.TASK : contexts[depth - 1];
  }

  @Override
  public boolean irqsDisabled() {
    return irqsDisabled;
  }

  @Override
  public long kmapLocalPage(Page page) {
    return kmap.kmapLocalPageProt(this, machine.checkPage(page, this), machine.codec().kmapProt());
  }

  @Override
  public long kmapLocalPageProt(Page page, long prot) {
    return kmap.kmapLocalPageProt(this, machine.checkPage(page, this), prot);
  }

  @Override
  public long kmapLocalPfn(long pfn) {
    return kmap.kmapLocalPfnProt(this, machine.checkPfn(pfn, this), machine.codec().kmapProt());
  }

  @Override
  public void kunmapLocal(long vaddr) {
    kmap.kunmapLocalIndexed(this, vaddr);
  }

  @Override
  public long kmapAtomic(Page page) {
    return kmapAtomicProt(page, machine.codec().kmapProt());
  }

  /**
   * {@code kmap_atomic_prot()} (include/linux/highmem-internal.h): preempt_disable,
   * pagefault_disable, then __kmap_local_page_prot.
   */
  @Override
  public long kmapAtomicProt(Page page, long prot) {
    long pfn = machine.checkPage(page, this);
    SimTask task = atomicEnter();
    try {
      long vaddr = kmap.kmapLocalPageProt(this, pfn, prot);
      counters.atomicMaps++;
      return vaddr;
    } catch (RuntimeException e) {
      atomicExit(task);
      throw e;
    }
  }

  /** {@code kmap_atomic_pfn()}: as kmap_atomic, through __kmap_local_pfn_prot. */
  @Override
  public long kmapAtomicPfn(long pfn) {
    long checked = machine.checkPfn(pfn, this);
    SimTask task = atomicEnter();
    try {
      long vaddr = kmap.kmapLocalPfnProt(this, checked, machine.codec().kmapProt());
      counters.atomicMaps++;
      return vaddr;
    } catch (RuntimeException e) {
      atomicExit(task);
      throw e;
    }
  }

  /**
   * {@code __kunmap_atomic()}: kunmap_local_indexed, then pagefault_enable and preempt_enable, the
   * reverse of the map.
   */
  @Override
  public void kunmapAtomic(long vaddr) {
    SimTask task = atomicOutstanding("kunmap_atomic", vaddr);
    kmap.kunmapLocalIndexed(this, vaddr);
    atomicExit(task);
  }


  /**
   * {@code kmap()} (highmem-internal.h): {@code might_sleep()}, lowmem pages answered by
   * page_address, highmem ones by {@code kmap_high()}, then {@code kmap_flush_tlb()}.
   */
  @Override
  public long kmap(Page page) {
    long pfn = machine.checkPage(page, this);
    SimTask task = current;
    mightSleep("kmap", task);
    if (pfn < machine.maxLowPfn()) {
      return machine.pageAddress(page);
    }
    long vaddr = machine.pkmap().kmapHigh(this, task, pfn, preemptible());
    if (vaddr == 0) {
      counters.pkmapSleeps++;
      machine.scheduler().sleep(this);
      return 0;
    }
    machine.arch().hooks().kmapFlushTlb(hw, vaddr);
    return vaddr;
  }

  /**
   * {@code set_current_state(TASK_UNINTERRUPTIBLE); schedule()}: the scheduler refuses an atomic
   * CPU first ({@code schedule_debug()}), then the idle task, which has nothing to switch to.
   */
  @Override
  public void sleep() {
    SimTask task = current;
    if (task.isIdle() && preemptible()) {
      throw machine.reporter().fail(DiagnosticCode.BAD_TASK, this, task, "the idle task "
          + task.name() + " cannot sleep: it is what CPU" + id + " runs when no task can");
    }
    machine.scheduler().sleep(this);
  }

  /** {@code kunmap()}: {@code might_sleep()}, then {@code kunmap_high()} for a highmem page. */
  @Override
  public void kunmap(Page page) {
    long pfn = machine.checkPage(page, this);
    SimTask task = current;
    mightSleep("kunmap", task);
    if (pfn >= machine.maxLowPfn()) {
      machine.scheduler().wake(machine.pkmap().kunmapHigh(this, task, pfn));
    }
  }

  @Override
  public long ioMappingMapLocalWc(IoMapping mapping, long offset) {
    return machine.ioMappings().mapLocal(this, mapping, offset);
  }

  @Override
  public void ioMappingUnmapLocal(long vaddr) {
    machine.ioMappings().unmapLocal(this, vaddr);
  }

  /** {@code io_mapping_map_atomic_wc()}: preempt_disable, pagefault_disable, then the map. */
  @Override
  public long ioMappingMapAtomicWc(IoMapping mapping, long offset) {
    SimTask task = atomicEnter();
    try {
      return machine.ioMappings().mapLocal(this, mapping, offset);
    } catch (RuntimeException e) {
      atomicExit(task);
      throw e;
    }
  }

  /** {@code io_mapping_unmap_atomic()}: the unmap, then pagefault_enable and preempt_enable. */
  @Override
  public void ioMappingUnmapAtomic(long vaddr) {
    SimTask task = atomicOutstanding("io_mapping_unmap_atomic", vaddr);
    machine.ioMappings().unmapLocal(this, vaddr);
    atomicExit(task);
  }

  /** The preempt_disable and pagefault_disable of the atomic map flavours. */
  private SimTask atomicEnter() {
    SimTask task = current;
    task.preemptCount++;
    task.pagefaultDisabled++;
    return task;
  }

  /** pagefault_enable then preempt_enable: the reverse of {@link #atomicEnter}. */
  private static void atomicExit(SimTask task) {
    task.pagefaultDisabled--;
    task.preemptCount--;
  }

  /** The current task, refused when no atomic map is outstanding to be undone. */
  private SimTask atomicOutstanding(String call, long vaddr) {
    SimTask task = current;
    if (task.preemptCount == 0 || task.pagefaultDisabled == 0) {
      throw machine.reporter().fail(DiagnosticCode.COUNT_UNDERFLOW, this, task, String.format(
          "%s(0x%08x) with preempt_count %d and pagefault_disabled %d: no atomic map is"
              + " outstanding", call, vaddr, task.preemptCount, task.pagefaultDisabled));
    }
    return task;
  }

  @Override
  public HighmemHelpers helpers() {
    return helpers;
  }

  @Override
  public void kmapFlushUnused() {
    machine.pkmap().flushUnused(this);
  }

  private void mightSleep(String call, SimTask task) {
    if (!preemptible()) {
      machine.reporter().warn(DiagnosticCode.SLEEP_IN_ATOMIC, this, task, String.format(
          "sleeping function called from invalid context: %s() in %s context, preempt_count %d,"
              + " irqs %s", call, context().name().toLowerCase(java.util.Locale.ROOT),
          task.preemptCount, irqsDisabled ? "off" : "on"));
    }
  }

  @Override
  public byte readByte(long vaddr) {
    return PhysicalMemory.byteOf(data(vaddr, false), (int) (vaddr & machine.pageOffsetMask()));
  }

  @Override
  public void writeByte(long vaddr, byte value) {
    PhysicalMemory.setByte(data(vaddr, true), (int) (vaddr & machine.pageOffsetMask()), value);
  }

  @Override
  public long readLong(long vaddr) {
    if ((vaddr & 7) == 0) {
      return data(vaddr, false)[(int) (vaddr & machine.pageOffsetMask()) >>> 3];
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (readByte(vaddr + i) & 0xffL);
    }
    return v;
  }

  @Override
  public void writeLong(long vaddr, long value) {
    if ((vaddr & 7) == 0) {
      data(vaddr, true)[(int) (vaddr & machine.pageOffsetMask()) >>> 3] = value;
      return;
    }
    for (int i = 0; i < 8; i++) {
      writeByte(vaddr + i, (byte) (value >>> (i << 3)));
    }
  }

  @Override
  public long translate(long vaddr) {
    return mmu.translate(vaddr);
  }

  @Override
  public boolean tlbHolds(long vaddr) {
    return mmu.tlbHolds(vaddr);
  }

  /** {@code irq_enter()}: a hardirq arrives; only possible with interrupts enabled. */
  @Override
  public void irqEnter() {
    if (irqsDisabled) {
      throw refuse("irq_enter with interrupts disabled: no hardirq can arrive");
    }
    enter(Context.HARDIRQ);
  }

  @Override
  public void irqExit() {
    exit(Context.HARDIRQ, "irq_exit");
  }

  /** Softirqs are served with interrupts on, outside hardirq/NMI, and do not nest. */
  @Override
  public void softirqEnter() {
    if (irqsDisabled || inHardirq() || context() == Context.SOFTIRQ) {
      throw refuse("softirq entry in " + context() + " context"
          + (irqsDisabled ? " with interrupts disabled" : "") + ": softirqs cannot run here");
    }
    enter(Context.SOFTIRQ);
  }

  @Override
  public void softirqExit() {
    exit(Context.SOFTIRQ, "softirq exit");
  }

  /** {@code nmi_enter()}: possible with interrupts off; NMIs do not nest. */
  @Override
  public void nmiEnter() {
    if (context() == Context.NMI) {
      throw refuse("nmi_enter while already in NMI context: NMIs do not nest");
    }
    enter(Context.NMI);
  }

  @Override
  public void nmiExit() {
    exit(Context.NMI, "nmi_exit");
  }

  @Override
  public void localIrqDisable() {
    irqsDisabled = true;
  }

  @Override
  public void localIrqEnable() {
    if (context() == Context.NMI) {
      throw refuse("local_irq_enable in NMI context");
    }
    irqsDisabled = false;
  }

  @Override
  public void preemptDisable() {
    current.preemptCount++;
  }

  @Override
  public void preemptEnable() {
    SimTask task = current;
    if (task.preemptCount == 0) {
      throw underflow("preempt_enable");
    }
    task.preemptCount--;
  }

  @Override
  public void pagefaultDisable() {
    current.pagefaultDisabled++;
  }

  @Override
  public void pagefaultEnable() {
    SimTask task = current;
    if (task.pagefaultDisabled == 0) {
      throw underflow("pagefault_enable");
    }
    task.pagefaultDisabled--;
  }

  @Override
  public void migrateDisable() {
    current.migrationDisabled++;
  }

  @Override
  public void migrateEnable() {
    SimTask task = current;
    if (task.migrationDisabled == 0) {
      throw underflow("migrate_enable");
    }
    task.migrationDisabled--;
  }

  private void enter(Context c) {
    contexts[depth] = c;
    savedIrqsDisabled[depth] = irqsDisabled;
    kmapIdxAtEntry[depth] = current.kmapIdx;
    depth++;
    if (c != Context.SOFTIRQ) {
      irqsDisabled = true;
    }
  }

  private void exit(Context c, String call) {
    if (context() != c) {
      throw refuse(call + " in " + context() + " context: it does not match the innermost entry");
    }
    SimTask task = current;
    int entryIdx = kmapIdxAtEntry[depth - 1];
    if (task.kmapIdx != entryIdx) {
      machine.reporter().warn(DiagnosticCode.IRQ_EXIT_WITH_MAPS, this, task, String.format(
          "%s with kmap_ctrl.idx %d, %d at entry: the interrupt left local kmaps on %s's stack",
          call, task.kmapIdx, entryIdx, task.name()));
    }
    depth--;
    irqsDisabled = savedIrqsDisabled[depth];
  }

  private RuntimeException refuse(String message) {
    return machine.reporter().fail(DiagnosticCode.BAD_CONTEXT, this, current, message);
  }

  private RuntimeException underflow(String call) {
    return machine.reporter().fail(DiagnosticCode.COUNT_UNDERFLOW, this, current,
        call + " without a matching disable");
  }

  @Override
  public String toString() {
    return "CPU" + id;
  }
}
