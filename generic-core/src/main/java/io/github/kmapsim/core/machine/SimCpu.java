// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.check.MapChecker;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.core.highmem.IoMappings;
import io.github.kmapsim.core.highmem.KmapLocal;
import io.github.kmapsim.core.highmem.PageHelpers;
import io.github.kmapsim.core.highmem.Pkmap;
import io.github.kmapsim.core.hw.HwCpu;
import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.Scheduler;
import io.github.kmapsim.core.sched.SimTask;

/**
 * One simulated CPU as the API shows it: each call checks its arguments against the machine and
 * goes to the layer that carries it out, the mm/highmem.c code ({@link KmapLocal}, {@link Pkmap},
 * {@link IoMappings}), the CPU's kernel state ({@link SchedCpu}) or its hardware ({@link HwCpu}).
 * Every access through an address, and every kmap()/kunmap(), is also shown to the {@link
 * MapChecker}, which knows who may use which mapping.
 */
final class SimCpu implements Cpu {
  private final SimMachine machine;
  private final SchedCpu cpu;
  private final HwCpu hw;
  private final KmapLocal kmap;
  private final Pkmap pkmap;
  private final IoMappings io;
  private final Scheduler scheduler;
  private final long kmapProt;
  private final PageHelpers helpers;
  private final Events events;
  private final MapChecker checker;

  SimCpu(SimMachine machine, SchedCpu cpu) {
    this.machine = machine;
    this.cpu = cpu;
    this.hw = cpu.hw();
    this.kmap = machine.kmap();
    this.pkmap = machine.pkmap();
    this.io = machine.ioMappings();
    this.scheduler = machine.scheduler();
    this.kmapProt = machine.codec().kmapProt();
    this.events = machine.events();
    this.checker = machine.checker();
    this.helpers = new PageHelpers(this, cpu, kmap, page -> machine.checkPage(page, cpu),
        machine.pageSize(), machine.reporter(), machine.events());
  }

  /** The CPU's kernel state. */
  SchedCpu sched() {
    return cpu;
  }

  @Override
  public int id() {
    return cpu.id();
  }

  @Override
  public Task current() {
    return cpu.currentTask();
  }

  @Override
  public Context context() {
    return cpu.context();
  }

  @Override
  public boolean irqsDisabled() {
    return cpu.irqsDisabled();
  }

  @Override
  public long kmapLocalPage(Page page) {
    Object call = events.enter();
    try {
      return kmap.kmapLocalPageProt(cpu, machine.checkPage(page, cpu), kmapProt, false);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long kmapLocalPageProt(Page page, long prot) {
    Object call = events.enter();
    try {
      return kmap.kmapLocalPageProt(cpu, machine.checkPage(page, cpu), prot, false);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long kmapLocalPfn(long pfn) {
    Object call = events.enter();
    try {
      return kmap.kmapLocalPfnProt(cpu, machine.checkPfn(pfn, cpu), kmapProt, false);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void kunmapLocal(long vaddr) {
    Object call = events.enter();
    try {
      kmap.kunmapLocalIndexed(cpu, vaddr);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long kmapAtomic(Page page) {
    Object call = events.enter();
    try {
      return kmap.kmapAtomicProt(cpu, machine.checkPage(page, cpu), kmapProt);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long kmapAtomicProt(Page page, long prot) {
    Object call = events.enter();
    try {
      return kmap.kmapAtomicProt(cpu, machine.checkPage(page, cpu), prot);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long kmapAtomicPfn(long pfn) {
    Object call = events.enter();
    try {
      return kmap.kmapAtomicPfn(cpu, machine.checkPfn(pfn, cpu));
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void kunmapAtomic(long vaddr) {
    Object call = events.enter();
    try {
      kmap.kunmapAtomic(cpu, vaddr);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public KmapResult kmap(Page page) {
    Object call = events.enter();
    try {
      machine.checkPage(page, cpu);
      KmapResult r = pkmap.kmap(cpu, page);
      if (r.mapped()) {
        checker.kmapped(cpu, r.vaddr(), page.pfn());
      }
      return r;
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void sleep() {
    Object call = events.enter();
    try {
      scheduler.sleepCurrent(cpu);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void kunmap(Page page) {
    Object call = events.enter();
    try {
      long pfn = machine.checkPage(page, cpu);
      long vaddr = pkmap.pageAddress(pfn);
      pkmap.kunmap(cpu, pfn);
      checker.kunmapped(cpu, vaddr);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long ioMappingMapLocalWc(IoMapping mapping, long offset) {
    Object call = events.enter();
    try {
      return io.map(cpu, mapping, offset, false);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void ioMappingUnmapLocal(long vaddr) {
    Object call = events.enter();
    try {
      io.unmap(cpu, vaddr, false);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long ioMappingMapAtomicWc(IoMapping mapping, long offset) {
    Object call = events.enter();
    try {
      return io.map(cpu, mapping, offset, true);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void ioMappingUnmapAtomic(long vaddr) {
    Object call = events.enter();
    try {
      io.unmap(cpu, vaddr, true);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public HighmemHelpers helpers() {
    return helpers;
  }

  @Override
  public void kmapFlushUnused() {
    Object call = events.enter();
    try {
      pkmap.flushUnused(cpu);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public byte readByte(long vaddr) {
    Object call = events.enter();
    try {
      byte v = hw.readByte(vaddr);
      checker.access(cpu, vaddr, "read");
      return v;
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void writeByte(long vaddr, byte value) {
    Object call = events.enter();
    try {
      hw.writeByte(vaddr, value);
      checker.access(cpu, vaddr, "write");
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long readLong(long vaddr) {
    Object call = events.enter();
    try {
      long v = hw.readLong(vaddr);
      checker.access(cpu, vaddr, "read");
      return v;
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void writeLong(long vaddr, long value) {
    Object call = events.enter();
    try {
      hw.writeLong(vaddr, value);
      checker.access(cpu, vaddr, "write");
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long translate(long vaddr) {
    return hw.translate(vaddr);
  }

  @Override
  public boolean tlbHolds(long vaddr) {
    return hw.tlbHolds(vaddr);
  }

  @Override
  public long thisCpuPtr(String var) {
    Object call = events.enter();
    try {
      return checker.thisCpuPtr(cpu, var);
    } finally {
      events.exit(call);
    }
  }

  /** {@code get_cpu_ptr()} (include/linux/percpu-defs.h): preempt_disable(), this_cpu_ptr(). */
  @Override
  public long getCpuPtr(String var) {
    Object call = events.enter();
    try {
      checker.perCpuAddress(cpu, var); // a bad name is refused before anything changes
      cpu.preemptDisable();
      return checker.thisCpuPtr(cpu, var);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void putCpuPtr(String var) {
    Object call = events.enter();
    try {
      checker.checkVarName(cpu, var); // defines nothing: a refused preempt_enable changes nothing
      cpu.preemptEnable();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long thisCpuRead(String var) {
    Object call = events.enter();
    try {
      long vaddr = checker.perCpuAddress(cpu, var);
      long v = hw.readLong(vaddr);
      checker.perCpuAccess(cpu, vaddr, "this_cpu_read");
      return v;
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void thisCpuWrite(String var, long value) {
    Object call = events.enter();
    try {
      long vaddr = checker.perCpuAddress(cpu, var);
      hw.writeLong(vaddr, value);
      checker.perCpuAccess(cpu, vaddr, "this_cpu_write");
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void localLock(String lock) {
    requireName(lock, "local_lock");
    cpu.preemptDisable();
  }

  @Override
  public void localUnlock(String lock) {
    requireName(lock, "local_unlock");
    Object call = events.enter();
    try {
      cpu.preemptEnable();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void mightSleep() {
    Object call = events.enter();
    try {
      cpu.mightSleep("might_sleep");
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void mutexLock(String mutex) {
    requireName(mutex, "mutex_lock");
    Object call = events.enter();
    try {
      cpu.mightSleep("mutex_lock");
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void mutexUnlock(String mutex) {
    requireName(mutex, "mutex_unlock");
  }

  @Override
  public void mmapUser(long uaddr, long len) {
    machine.userSpace().mmap(cpu, uaddr, len);
  }

  @Override
  public void madvPageout(long uaddr, long len) {
    machine.userSpace().pageout(cpu, uaddr, len);
  }

  @Override
  public long faultInReadable(long uaddr, long len) {
    Object call = events.enter();
    try {
      return machine.userSpace().faultIn(cpu, uaddr, len);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public boolean userPagePresent(long uaddr) {
    return machine.userSpace().present(cpu, uaddr);
  }

  @Override
  public void mightFault() {
    Object call = events.enter();
    try {
      machine.userSpace().mightFault(cpu, "might_fault");
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long copyToUser(long uaddr, long from, long len) {
    return userCopy("copy_to_user", uaddr, from, len, true, false);
  }

  @Override
  public long copyFromUser(long to, long uaddr, long len) {
    return userCopy("copy_from_user", uaddr, to, len, false, false);
  }

  @Override
  public long copyToUserInatomic(long uaddr, long from, long len) {
    return userCopy("__copy_to_user_inatomic", uaddr, from, len, true, true);
  }

  @Override
  public long copyFromUserInatomic(long to, long uaddr, long len) {
    return userCopy("__copy_from_user_inatomic", uaddr, to, len, false, true);
  }

  private long userCopy(String name, long uaddr, long kaddr, long len, boolean toUser,
      boolean inatomic) {
    Object call = events.enter();
    try {
      return machine.userSpace().copy(cpu, hw, name, uaddr, kaddr, len, toUser, inatomic);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long kmapHighGet(Page page) {
    Object call = events.enter();
    try {
      long pfn = highPage(page, "kmap_high_get");
      long vaddr = pkmap.highGet(pfn, cpu.currentTask());
      if (vaddr != 0) {
        checker.kmapped(cpu, vaddr, pfn);
      }
      return vaddr;
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void kunmapHigh(Page page) {
    Object call = events.enter();
    try {
      long pfn = highPage(page, "kunmap_high");
      long vaddr = pkmap.pageAddress(pfn);
      pkmap.kunmapHighDirect(cpu, pfn);
      checker.kunmapped(cpu, vaddr);
    } finally {
      events.exit(call);
    }
  }

  /** A highmem page on a variant with ARCH_NEEDS_KMAP_HIGH_GET, for kmap_high_get/kunmap_high. */
  private long highPage(Page page, String call) {
    long pfn = machine.checkPage(page, cpu);
    if (!machine.arch().hooks().needsKmapHighGet()) {
      throw machine.reporter().fail(DiagnosticCode.BAD_CONFIG, cpu, cpu.currentTask(), call
          + "() exists only with ARCH_NEEDS_KMAP_HIGH_GET (ARM), which "
          + machine.arch().name() + " does not set");
    }
    if (pfn < machine.maxLowPfn()) {
      throw machine.reporter().fail(DiagnosticCode.BAD_ARGUMENT, cpu, cpu.currentTask(),
          String.format("%s() of lowmem pfn 0x%x: it is for highmem pages (PageHighMem)", call,
              pfn));
    }
    return pfn;
  }

  /**
   * ARM's {@code __flush_dcache_page()} (arch/arm/mm/flush.c) for the kernel mapping: lowmem
   * through page_address, highmem through kmap_high_get (the pkmap address, if any), then
   * {@code __cpuc_flush_dcache_area(addr, PAGE_SIZE)}.
   */
  @Override
  public void flushDcachePage(Page page) {
    Object call = events.enter();
    try {
      long pfn = machine.checkPage(page, cpu);
      if (!hw.hasAliasingDcache()) {
        return;
      }
      long vaddr = pfn < machine.maxLowPfn()
          ? machine.layout().pageOffset() + (pfn << machine.layout().pageShift())
          : pkmap.pageAddress(pfn);
      if (vaddr != 0) {
        hw.services().flushDcacheArea(vaddr, machine.pageSize());
      }
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void memcpy(long to, long from, long len) {
    Object call = events.enter();
    try {
      machine.userSpace().memcpy(cpu, hw, to, from, len);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long rawThisCpuRead(String var) {
    Object call = events.enter();
    try {
      long vaddr = checker.rawThisCpu(cpu, var, "read");
      long v = hw.readLong(vaddr);
      checker.perCpuAccess(cpu, vaddr, "__this_cpu_read");
      return v;
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void rawThisCpuWrite(String var, long value) {
    Object call = events.enter();
    try {
      long vaddr = checker.rawThisCpu(cpu, var, "write");
      hw.writeLong(vaddr, value);
      checker.perCpuAccess(cpu, vaddr, "__this_cpu_write");
    } finally {
      events.exit(call);
    }
  }

  private void requireName(String name, String call) {
    if (name == null || name.isBlank()) {
      throw machine.reporter().fail(DiagnosticCode.BAD_ARGUMENT, cpu, cpu.currentTask(),
          call + "() needs the lock's name");
    }
  }

  @Override
  public void callSite(String file, int line, String name) {
    checker.declare(cpu.id(), file, line, name);
  }

  /**
   * {@code exit_to_user_mode_prepare()} (kernel/entry/common.c): {@code kmap_assert_nomap()},
   * which is {@code DEBUG_LOCKS_WARN_ON(current->kmap_ctrl.idx)} (include/linux/highmem-internal.h,
   * v5.11+), reported with the site of each map held.
   */
  @Override
  public void returnToUser() {
    Object call = events.enter();
    try {
      SimTask task = cpu.currentTask();
      if (cpu.context() != Context.TASK || task.isIdle()) {
        throw machine.reporter().fail(DiagnosticCode.BAD_CONTEXT, cpu, task, task.isIdle()
            ? task.name() + " is a kernel thread: it never returns to user space"
            : "return to user space from " + cpu.context().name().toLowerCase(java.util.Locale.ROOT)
                + " context: only a task returns to user space");
      }
      if (task.kmapIdx != 0) {
        machine.reporter().warn(DiagnosticCode.RETURN_TO_USER_WITH_MAPS, cpu, task, String.format(
            "kmap_assert_nomap: DEBUG_LOCKS_WARN_ON(current->kmap_ctrl.idx): %s returns to user"
                + " space with kmap_ctrl.idx %d", task.name(), task.kmapIdx));
      }
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void irqEnter() {
    Object call = events.enter();
    try {
      cpu.irqEnter();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void irqExit() {
    Object call = events.enter();
    try {
      cpu.irqExit();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void softirqEnter() {
    Object call = events.enter();
    try {
      cpu.softirqEnter();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void softirqExit() {
    Object call = events.enter();
    try {
      cpu.softirqExit();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void nmiEnter() {
    Object call = events.enter();
    try {
      cpu.nmiEnter();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void nmiExit() {
    Object call = events.enter();
    try {
      cpu.nmiExit();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void localIrqDisable() {
    cpu.localIrqDisable();
  }

  @Override
  public void localIrqEnable() {
    Object call = events.enter();
    try {
      cpu.localIrqEnable();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void preemptDisable() {
    cpu.preemptDisable();
  }

  @Override
  public void preemptEnable() {
    Object call = events.enter();
    try {
      cpu.preemptEnable();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void pagefaultDisable() {
    cpu.pagefaultDisable();
  }

  @Override
  public void pagefaultEnable() {
    Object call = events.enter();
    try {
      cpu.pagefaultEnable();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void migrateDisable() {
    cpu.migrateDisable();
  }

  @Override
  public void migrateEnable() {
    Object call = events.enter();
    try {
      cpu.migrateEnable();
    } finally {
      events.exit(call);
    }
  }

  @Override
  public String toString() {
    return "CPU" + cpu.id();
  }
}
