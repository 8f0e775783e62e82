// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.check.MapChecker;
import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.highmem.IoMappings;
import io.github.kmapsim.core.highmem.KmapLocal;
import io.github.kmapsim.core.highmem.Pkmap;
import io.github.kmapsim.core.hw.Hardware;
import io.github.kmapsim.core.hw.KernelPageTable;
import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.Scheduler;
import io.github.kmapsim.core.sched.SimTask;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated machine and its wiring: it checks the configuration, builds the hardware
 * ({@link Hardware}), the scheduler with the CPUs' kernel state ({@link Scheduler}) and the
 * mm/highmem.c code ({@link KmapLocal}, {@link Pkmap}, {@link IoMappings}), installs the
 * kmap_local context-switch calls into the scheduler and {@code kmap_high_get} into the hardware,
 * and answers the {@link Machine} API.
 */
public final class SimMachine implements Machine {
  private final MachineConfig config;
  private final ArchVariant arch;
  private final MemoryLayout layout;
  private final PteCodec codec;
  private final long maxPfn;
  private final long maxLowPfn;
  private final Events events = new Events();
  private final Reporter reporter = new Reporter(events);
  private final Hardware hardware;
  private final Scheduler scheduler;
  private final KmapLocal kmap;
  private final Pkmap pkmap;
  private final IoMappings ioMappings;
  private final MapChecker checker;
  private final UserSpace userSpace;
  private final SimCpu[] cpus;

  /**
   * Builds a machine.
   *
   * @throws io.github.kmapsim.api.KmapException {@code BAD_CONFIG} when the configuration does
   *     not fit the variant
   */
  public SimMachine(MachineConfig config, ArchVariant arch) {
    this.config = config;
    this.arch = arch;
    this.codec = arch.pteCodec();
    if (config.cpus() > arch.maxCpus()) {
      throw reporter.fail(DiagnosticCode.BAD_CONFIG, arch.maxCpus() == 1
          ? String.format("%s is a uniprocessor kernel: NR_CPUS is 1, not %d", arch.name(),
              config.cpus())
          : String.format(
              "%s supports at most %d CPUs (its fixmap holds KM_MAX_IDX slots per CPU), not %d",
              arch.name(), arch.maxCpus(), config.cpus()));
    }
    if (config.dcacheAliases()) {
      throw reporter.fail(DiagnosticCode.BAD_CONFIG, arch.refuseAliasingDcache());
    }
    if (config.forceMap() && !arch.supportsKmapLocalForceMap()) {
      throw reporter.fail(DiagnosticCode.BAD_CONFIG, arch.name() + ": DEBUG_KMAP_LOCAL_FORCE_MAP"
          + " depends on ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP, which this architecture does not"
          + " select (only x86 does)");
    }
    this.layout = layoutOf(arch, config, reporter);
    this.maxPfn = config.memoryBytes() >>> layout.pageShift();
    if (maxPfn == 0) {
      throw reporter.fail(DiagnosticCode.BAD_CONFIG, "memory smaller than one page");
    }
    if (maxPfn > codec.maxPfn()) {
      throw reporter.fail(DiagnosticCode.BAD_CONFIG, String.format(
          "%s PTEs address at most %d MiB of physical memory, not %d MiB", arch.name(),
          (codec.maxPfn() << layout.pageShift()) >> 20, config.memoryBytes() >> 20));
    }
    this.maxLowPfn = Math.min(maxPfn, layout.maxLowmemBytes() >>> layout.pageShift());
    KernelPageTable pt = newPageTable(layout, codec);
    int nrCpus = config.cpus();
    this.hardware = new Hardware(arch, layout, pt, maxPfn, maxLowPfn, nrCpus, config.kmMaxIdx(),
        events, reporter);
    this.scheduler = new Scheduler(hardware, nrCpus, config.kmMaxIdx(), events, reporter);
    this.pkmap = new Pkmap(arch, layout, maxLowPfn, pt, scheduler, events, reporter);
    this.kmap = new KmapLocal(config, arch, layout, maxLowPfn, hardware, scheduler, pkmap, events,
        reporter);
    this.ioMappings = new IoMappings(arch, layout, pt, kmap, reporter);
    this.checker = new MapChecker(config.checks(), config.recordCallSites(), nrCpus,
        config.kmMaxIdx(), layout, maxLowPfn, pkmap, reporter);
    this.userSpace = new UserSpace(Math.min(layout.pageOffset(), layout.pkmapBase()),
        layout.pageShift(), reporter, checker);
    kmap.install(checker);
    reporter.install(checker);
    hardware.installStaleTlbCause(checker);
    scheduler.install(kmap);
    scheduler.install(pkmap);
    hardware.install((cpu, pfn) -> pkmap.highGet(pfn, scheduler.cpu(cpu).currentTask()));
    this.cpus = new SimCpu[nrCpus];
    for (int i = 0; i < nrCpus; i++) {
      cpus[i] = new SimCpu(this, scheduler.cpu(i));
    }
  }

  private static MemoryLayout layoutOf(ArchVariant arch, MachineConfig config, Reporter reporter) {
    try {
      return arch.layout(config.cpus(), config.kmMaxIdx());
    } catch (IllegalArgumentException e) {
      String why = e.getMessage();
      throw reporter.fail(DiagnosticCode.BAD_CONFIG,
          why.startsWith(arch.name() + ":") ? why : arch.name() + ": " + why);
    }
  }

  /**
   * The page table: from the ioremap window below VMALLOC_END (or the kmap window, if lower) up
   * to FIXADDR_TOP (or VMALLOC_END, where vmalloc lies above the fixmap, as on sparc32), plus
   * pkmap where it lies outside that range; in whole PTE tables.
   */
  private static KernelPageTable newPageTable(MemoryLayout layout, PteCodec codec) {
    KmapWindow window = KmapWindow.of(layout);
    long low = Math.min(layout.vmallocEnd() - IoMappings.WINDOW, window.start());
    long high = Math.max(Math.max(layout.fixaddrTop(), window.end() - 1), layout.vmallocEnd() - 1);
    int shift = layout.pageShift();
    long tableMask = layout.ptrsPerPte() - 1;
    long mainVpn = (low >>> shift) & ~tableMask;
    long mainEnd = ((high >>> shift) | tableMask) + 1;
    long pkVpn = (layout.pkmapBase() >>> shift) & ~tableMask;
    long pkEnd = (((layout.pkmapBase() >>> shift) + layout.lastPkmap() - 1) | tableMask) + 1;
    boolean inside = pkVpn >= mainVpn && pkEnd <= mainEnd;
    return new KernelPageTable(mainVpn, (int) (mainEnd - mainVpn), pkVpn,
        inside ? 0 : (int) (pkEnd - pkVpn), codec.emptyPte());
  }

  PteCodec codec() {
    return codec;
  }

  KmapLocal kmap() {
    return kmap;
  }

  Pkmap pkmap() {
    return pkmap;
  }

  IoMappings ioMappings() {
    return ioMappings;
  }

  /** The checker of every mapping's owner and life. */
  MapChecker checker() {
    return checker;
  }

  /** The tasks' user address spaces. */
  UserSpace userSpace() {
    return userSpace;
  }

  Reporter reporter() {
    return reporter;
  }

  Events events() {
    return events;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  /** The machine's hardware (physical memory, the page table, the CPUs' MMUs). */
  public Hardware hardware() {
    return hardware;
  }

  /**
   * Checks a page from the API: it must be one of this machine's (a page's constructor checks
   * its pfn against its own machine); returns its pfn.
   */
  long checkPage(Page page, SchedCpu cpu) {
    if (page == null || page.machine() != this) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, cpu, cpu.currentTask(), notOurs(page));
    }
    return page.pfn();
  }

  /** {@link #checkPage(Page, SchedCpu)} for a call made on no particular CPU. */
  long checkPage(Page page) {
    if (page == null || page.machine() != this) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, notOurs(page));
    }
    return page.pfn();
  }

  private String notOurs(Page page) {
    return page == null ? "the page is null" : String.format("%s is a page of %s, not of %s",
        page, page.machine(), this);
  }

  /** Checks a pfn for kmap_local_pfn: anything the PTE format can hold, RAM or not. */
  long checkPfn(long pfn, SchedCpu cpu) {
    if (pfn < 0 || pfn >= codec.maxPfn()) {
      throw reporter.fail(DiagnosticCode.BAD_PFN, cpu, cpu.currentTask(), String.format(
          "pfn 0x%x is outside what a %s PTE can hold (0..0x%x)", pfn, arch.name(),
          codec.maxPfn() - 1));
    }
    return pfn;
  }

  @Override
  public MachineConfig config() {
    return config;
  }

  @Override
  public ArchVariant arch() {
    return arch;
  }

  @Override
  public MemoryLayout layout() {
    return layout;
  }

  @Override
  public long pageSize() {
    return layout.pageSize();
  }

  @Override
  public int nrCpus() {
    return cpus.length;
  }

  @Override
  public Cpu cpu(int n) {
    return simCpuChecked(n);
  }

  SimCpu simCpuChecked(int n) {
    if (n < 0 || n >= cpus.length) {
      throw reporter.fail(DiagnosticCode.BAD_CPU,
          String.format("CPU%d does not exist: this machine has CPU0..CPU%d", n, cpus.length - 1));
    }
    return cpus[n];
  }

  @Override
  public Page page(long pfn) {
    if (pfn < 0 || pfn >= maxPfn) {
      throw reporter.fail(DiagnosticCode.BAD_PFN, String.format(
          "pfn 0x%x is outside physical memory: pfns are 0..0x%x", pfn, maxPfn - 1));
    }
    return new Page(this, pfn);
  }

  @Override
  public boolean isHighMem(Page page) {
    return checkPage(page) >= maxLowPfn;
  }

  @Override
  public long maxLowPfn() {
    return maxLowPfn;
  }

  @Override
  public long maxPfn() {
    return maxPfn;
  }

  @Override
  public long lowmemAddress(Page page) {
    if (checkPage(page) >= maxLowPfn) {
      throw reporter.fail(DiagnosticCode.BAD_PFN, String.format(
          "%s is highmem: it has no direct-map address (max_low_pfn 0x%x)", page, maxLowPfn));
    }
    return layout.pageOffset() + (page.pfn() << layout.pageShift());
  }

  @Override
  public Folio folio(long pfn, int order) {
    if (order < 0 || order > Folio.MAX_PAGE_ORDER) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, String.format(
          "folio order %d is outside 0..MAX_PAGE_ORDER (%d)", order, Folio.MAX_PAGE_ORDER));
    }
    long pages = 1L << order;
    if (pfn < 0 || (pfn & (pages - 1)) != 0 || pfn > maxPfn - pages) {
      throw reporter.fail(DiagnosticCode.BAD_PFN, String.format(
          "a folio of order %d at pfn 0x%x must be aligned to its %d pages and lie in 0..0x%x",
          order, pfn, pages, maxPfn - 1));
    }
    return new Folio(new Page(this, pfn), order);
  }

  @Override
  public IoMapping ioMappingCreateWc(long base, long size) {
    Object call = events.enter();
    try {
      return ioMappings.create(scheduler.cpu(0), base, size);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void ioMappingFree(IoMapping mapping) {
    Object call = events.enter();
    try {
      ioMappings.free(scheduler.cpu(0), mapping);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long pageAddress(Page page) {
    long pfn = checkPage(page);
    return pfn < maxLowPfn
        ? layout.pageOffset() + (pfn << layout.pageShift())
        : pkmap.pageAddress(pfn);
  }

  @Override
  public int pkmapCount(int nr) {
    if (nr < 0 || nr >= layout.lastPkmap()) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, String.format(
          "pkmap entry %d does not exist: entries are 0..LAST_PKMAP - 1 (%d)", nr,
          layout.lastPkmap() - 1));
    }
    return pkmap.count(nr);
  }

  @Override
  public Task createTask(String name, int cpu) {
    return scheduler.create(name, simCpuChecked(cpu).id());
  }

  @Override
  public Task task(String name) {
    return scheduler.byName(name);
  }

  @Override
  public List<Task> tasks() {
    return scheduler.all();
  }

  @Override
  public Task fork(Task parent, String childName) {
    Object call = events.enter();
    try {
      return scheduler.fork(scheduler.own(parent), childName);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void exit(Task task) {
    Object call = events.enter();
    try {
      SimTask t = scheduler.own(task);
      scheduler.exit(t);
      pkmap.leaveWaitQueue(t);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void schedule(int cpu, Task next) {
    Object call = events.enter();
    try {
      scheduler.schedule(simCpuChecked(cpu).sched(), scheduler.own(next));
    } finally {
      events.exit(call);
    }
  }

  @Override
  public boolean wakeUpProcess(Task task) {
    Object call = events.enter();
    try {
      SimTask t = scheduler.own(task);
      boolean woken = scheduler.wakeUpProcess(t);
      if (woken) {
        pkmap.leaveWaitQueue(t);
      }
      return woken;
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void migrate(Task task, int cpu) {
    Object call = events.enter();
    try {
      scheduler.migrate(scheduler.own(task), simCpuChecked(cpu).id());
    } finally {
      events.exit(call);
    }
  }

  @Override
  public byte readPhysical(long physicalAddress) {
    return hardware.readPhysical(physicalAddress);
  }

  @Override
  public long kernelPte(long vaddr) {
    return hardware.kernelPte(vaddr);
  }

  @Override
  public List<Diagnostic> diagnostics() {
    return reporter.all();
  }

  @Override
  public List<Diagnostic> reportLeaks() {
    Object call = events.enter();
    try {
      synchronized (scheduler) {
        return checker.reportLeaks(simTasks(), scheduler::cpu);
      }
    } finally {
      events.exit(call);
    }
  }

  private List<SimTask> simTasks() {
    List<SimTask> all = new ArrayList<>();
    for (Task t : tasks()) {
      all.add(scheduler.own(t));
    }
    return all;
  }

  @Override
  public Counters counters() {
    return CpuCounters.sum(scheduler.counters());
  }

  @Override
  public List<InvariantViolation> checkInvariants() {
    synchronized (scheduler) {
      List<InvariantViolation> violations = new ArrayList<>();
      scheduler.checkInvariants(violations);
      for (int i = 0; i < cpus.length; i++) {
        kmap.checkInvariants(scheduler.cpu(i), violations);
        hardware.cpu(i).checkInvariants(violations);
      }
      return List.copyOf(violations);
    }
  }

  @Override
  public void addListener(KmapListener listener) {
    events.add(listener);
  }

  @Override
  public void removeListener(KmapListener listener) {
    events.remove(listener);
  }

  @Override
  public MachineSnapshot snapshot() {
    synchronized (scheduler) {
      return new SimSnapshot(this, scheduler.capture(), ioMappings.capture(pkmap),
          hardware.capture(), checker.capture(), reporter.all(), userSpace.capture());
    }
  }

  @Override
  public void restore(MachineSnapshot snapshot) {
    if (!(snapshot instanceof SimSnapshot s) || s.machine() != this) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, snapshot == null ? "the snapshot is null"
          : "the snapshot is not one of " + this);
    }
    synchronized (scheduler) {
      hardware.restore(s.hardware());
      scheduler.restore(s.scheduler());
      ioMappings.restore(pkmap, s.highmem());
      reporter.restore(s.diagnostics());
      userSpace.restore(s.user());
      checker.restore(s.checker());
    }
  }

  @Override
  public String toString() {
    return "Machine[" + arch.name() + ", " + cpus.length + " CPUs]";
  }
}
