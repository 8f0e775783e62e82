package io.github.kmapsim.core;

import io.github.kmapsim.api.Task;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's invariants, as the kernel relies on them: each CPU runs exactly its current task;
 * a running task's live slots hold its recorded ptevals; every other kmap slot PTE of that CPU is
 * none; no TLB holds a translation the page table no longer has.
 */
final class InvariantChecker {
  private final SimMachine machine;
  private final MemoryLayout layout;
  private final PteCodec codec;
  private final KmapLocal kmap;
  private final List<String> violations = new ArrayList<>();

  InvariantChecker(SimMachine machine) {
    this.machine = machine;
    this.layout = machine.layout();
    this.codec = machine.codec();
    this.kmap = machine.kmap();
  }

  List<String> check() {
    for (Task t : machine.tasks()) {
      SimTask task = (SimTask) t;
      boolean current = machine.simCpu(task.cpu).currentTask() == task;
      if (current != (task.state == Task.State.RUNNING)) {
        violations.add(task.name() + " is " + task.state + " but CPU" + task.cpu + " runs "
            + machine.simCpu(task.cpu).currentTask().name());
      }
      if (task.kmapIdx < 0 || task.kmapIdx >= machine.kmMaxIdx()) {
        violations.add(task.name() + ": kmap_ctrl.idx " + task.kmapIdx + " out of range");
      }
    }
    for (SimCpu cpu : machine.simCpus()) {
      checkSlots(cpu);
      checkTlb(cpu);
      if (cpu.cache() != null) {
        cpu.cache().orphanedDirtyLines().forEach(l -> violations.add("CPU" + cpu.id() + ": " + l));
      }
    }
    return List.copyOf(violations);
  }

  private void checkSlots(SimCpu cpu) {
    SimTask task = cpu.currentTask();
    int slots = machine.kmMaxIdx() * machine.arch().dcacheColours();
    int base = slots * cpu.id();
    long[] expected = new long[slots];
    boolean[] live = new boolean[slots];
    for (int i = 0; i < task.kmapIdx; i++) {
      long pteval = task.pteval[i];
      if (kmap.isGuard(i) || codec.pteNone(pteval) || pteval == 0) {
        continue;
      }
      long addr = kmap.slotAddress(task, i);
      int rel = layout.virtToFix(addr) - layout.fixKmapBegin() - base;
      if (rel < 0 || rel >= expected.length) {
        violations.add(String.format("%s slot %d at 0x%08x is outside CPU%d's kmap slots",
            task.name(), i, addr, cpu.id()));
        continue;
      }
      expected[rel] = pteval;
      live[rel] = true;
    }
    for (int rel = 0; rel < expected.length; rel++) {
      long addr = layout.fixToVirt(layout.fixKmapBegin() + base + rel);
      long actual = machine.kernelPte(addr);
      if (live[rel] ? actual != expected[rel] : !codec.pteNone(actual)) {
        violations.add(String.format("CPU%d kmap slot at 0x%08x holds pte %s, expected %s (%s)",
            cpu.id(), addr, machine.formatPte(actual),
            live[rel] ? machine.formatPte(expected[rel]) : "none",
            live[rel] ? "a live slot of " + task.name() : "no live slot of " + task.name()));
      }
    }
  }

  private void checkTlb(SimCpu cpu) {
    KernelPageTable pt = machine.pageTable();
    Tlb tlb = cpu.mmu().tlb();
    for (int n = 0; n < tlb.size(); n++) {
      int e = tlb.entry(n);
      long pte = pt.get(e);
      if (!codec.ptePresent(pte) || codec.ptePfn(pte) != tlb.pfn(e)
          || tlb.writable(e) && !codec.hardwareWritable(pte)) {
        violations.add(String.format(
            "CPU%d still translates 0x%08x to pfn 0x%x but the page table says %s: a flush is"
                + " missing", cpu.id(), pt.vpnOf(e) << layout.pageShift(), tlb.pfn(e),
            machine.formatPte(pte)));
      }
    }
  }
}
