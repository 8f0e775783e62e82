// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.core.highmem.IoMappings;
import io.github.kmapsim.core.highmem.KmapLocal;
import io.github.kmapsim.core.highmem.PageHelpers;
import io.github.kmapsim.core.highmem.Pkmap;
import io.github.kmapsim.core.hw.HwCpu;
import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.Scheduler;

/**
 * One simulated CPU as the API shows it: each call checks its arguments against the machine and
 * goes to the layer that carries it out, the mm/highmem.c code ({@link KmapLocal}, {@link Pkmap},
 * {@link IoMappings}), the CPU's kernel state ({@link SchedCpu}) or its hardware ({@link HwCpu}).
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
      return pkmap.kmap(cpu, page);
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
      pkmap.kunmap(cpu, machine.checkPage(page, cpu));
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
      return hw.readByte(vaddr);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void writeByte(long vaddr, byte value) {
    Object call = events.enter();
    try {
      hw.writeByte(vaddr, value);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public long readLong(long vaddr) {
    Object call = events.enter();
    try {
      return hw.readLong(vaddr);
    } finally {
      events.exit(call);
    }
  }

  @Override
  public void writeLong(long vaddr, long value) {
    Object call = events.enter();
    try {
      hw.writeLong(vaddr, value);
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
