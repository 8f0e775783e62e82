// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
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

  SimCpu(SimMachine machine, SchedCpu cpu) {
    this.machine = machine;
    this.cpu = cpu;
    this.hw = cpu.hw();
    this.kmap = machine.kmap();
    this.pkmap = machine.pkmap();
    this.io = machine.ioMappings();
    this.scheduler = machine.scheduler();
    this.kmapProt = machine.codec().kmapProt();
    this.helpers = new PageHelpers(this, cpu, machine, machine.reporter());
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
    return kmap.kmapLocalPageProt(cpu, machine.checkPage(page, cpu), kmapProt);
  }

  @Override
  public long kmapLocalPageProt(Page page, long prot) {
    return kmap.kmapLocalPageProt(cpu, machine.checkPage(page, cpu), prot);
  }

  @Override
  public long kmapLocalPfn(long pfn) {
    return kmap.kmapLocalPfnProt(cpu, machine.checkPfn(pfn, cpu), kmapProt);
  }

  @Override
  public void kunmapLocal(long vaddr) {
    kmap.kunmapLocalIndexed(cpu, vaddr);
  }

  @Override
  public long kmapAtomic(Page page) {
    return kmap.kmapAtomicProt(cpu, machine.checkPage(page, cpu), kmapProt);
  }

  @Override
  public long kmapAtomicProt(Page page, long prot) {
    return kmap.kmapAtomicProt(cpu, machine.checkPage(page, cpu), prot);
  }

  @Override
  public long kmapAtomicPfn(long pfn) {
    return kmap.kmapAtomicPfn(cpu, machine.checkPfn(pfn, cpu));
  }

  @Override
  public void kunmapAtomic(long vaddr) {
    kmap.kunmapAtomic(cpu, vaddr);
  }

  @Override
  public KmapResult kmap(Page page) {
    return pkmap.kmap(cpu, machine.checkPage(page, cpu));
  }

  @Override
  public void sleep() {
    scheduler.sleepCurrent(cpu);
  }

  @Override
  public void kunmap(Page page) {
    pkmap.kunmap(cpu, machine.checkPage(page, cpu));
  }

  @Override
  public long ioMappingMapLocalWc(IoMapping mapping, long offset) {
    return io.mapLocal(cpu, mapping, offset);
  }

  @Override
  public void ioMappingUnmapLocal(long vaddr) {
    io.unmapLocal(cpu, vaddr);
  }

  @Override
  public long ioMappingMapAtomicWc(IoMapping mapping, long offset) {
    return io.mapAtomic(cpu, mapping, offset);
  }

  @Override
  public void ioMappingUnmapAtomic(long vaddr) {
    io.unmapAtomic(cpu, vaddr);
  }

  @Override
  public HighmemHelpers helpers() {
    return helpers;
  }

  @Override
  public void kmapFlushUnused() {
    pkmap.flushUnused(cpu);
  }

  @Override
  public byte readByte(long vaddr) {
    return hw.readByte(vaddr);
  }

  @Override
  public void writeByte(long vaddr, byte value) {
    hw.writeByte(vaddr, value);
  }

  @Override
  public long readLong(long vaddr) {
    return hw.readLong(vaddr);
  }

  @Override
  public void writeLong(long vaddr, long value) {
    hw.writeLong(vaddr, value);
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
    cpu.irqEnter();
  }

  @Override
  public void irqExit() {
    cpu.irqExit();
  }

  @Override
  public void softirqEnter() {
    cpu.softirqEnter();
  }

  @Override
  public void softirqExit() {
    cpu.softirqExit();
  }

  @Override
  public void nmiEnter() {
    cpu.nmiEnter();
  }

  @Override
  public void nmiExit() {
    cpu.nmiExit();
  }

  @Override
  public void localIrqDisable() {
    cpu.localIrqDisable();
  }

  @Override
  public void localIrqEnable() {
    cpu.localIrqEnable();
  }

  @Override
  public void preemptDisable() {
    cpu.preemptDisable();
  }

  @Override
  public void preemptEnable() {
    cpu.preemptEnable();
  }

  @Override
  public void pagefaultDisable() {
    cpu.pagefaultDisable();
  }

  @Override
  public void pagefaultEnable() {
    cpu.pagefaultEnable();
  }

  @Override
  public void migrateDisable() {
    cpu.migrateDisable();
  }

  @Override
  public void migrateEnable() {
    cpu.migrateEnable();
  }

  @Override
  public String toString() {
    return "CPU" + cpu.id();
  }
}
