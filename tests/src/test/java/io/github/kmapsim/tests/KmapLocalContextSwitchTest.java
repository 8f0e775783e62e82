// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.Variants.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.PteCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Preemptible local kmaps across a context switch ({@code __kmap_local_sched_out()} /
 * {@code __kmap_local_sched_in()}), on every CPU of every variant: the slots are per CPU, not per
 * task, so the outgoing task's live slots are cleared, another task reuses the same addresses,
 * and switching back re-installs exactly the live slots from {@code kmap_ctrl.pteval}.
 */
class KmapLocalContextSwitchTest {

  /** CPUs, where the variant has them (a uniprocessor has one). */
  private static final int CPUS = 4;

  /** One CPU's pair of tasks and what task A mapped. */
  private record PerCpu(Cpu cpu, Task a, Task b, List<Page> aPages, List<Long> aMaps) {}

  /**
   * Task A holds 2-3 maps with data, task B maps its own page at A's slot-0 address, and each
   * switch saves and restores exactly the live slots, after which every read sees its own page.
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void switchesSaveAndRestoreExactlyTheLiveSlotsOnEveryCpu(String variant) {
    int cpuCount = Variants.cpus(variant, CPUS);
    Machine m = KmapSim.newMachine(Variants.preset(variant).toBuilder().cpus(cpuCount).build());
    PteCodec codec = m.arch().pteCodec();
    long pageSize = m.layout().pageSize();
    List<PerCpu> cpus = new ArrayList<>();
    for (int c = 0; c < cpuCount; c++) {
      Cpu cpu = m.cpu(c);
      Task a = m.createTask("a-" + c, c);
      Task b = m.createTask("b-" + c, c);
      switchAndCount(m, c, a, 0, 0);
      PerCpu pc = new PerCpu(cpu, a, b, new ArrayList<>(), new ArrayList<>());
      for (int n = 0; n < 2 + c % 2; n++) {
        Page page = Variants.highPage(m, 16L * c + n);
        long va = cpu.kmapLocalPage(page);
        cpu.writeLong(va, Variants.pattern(c, n));
        cpu.writeLong(va + pageSize - 8, ~Variants.pattern(c, n));
        pc.aPages().add(page);
        pc.aMaps().add(va);
      }
      cpus.add(pc);
    }
    assertEquals(List.of(), m.checkInvariants());

    for (int c = 0; c < cpuCount; c++) {
      PerCpu pc = cpus.get(c);
      int live = pc.aMaps().size();
      switchAndCount(m, c, pc.b(), live, 0);
      for (long va : pc.aMaps()) {
        assertTrue(codec.pteNone(m.kernelPte(va)), () -> "sched_out cleared " + hex(va));
      }
      Page bPage = Variants.highPage(m, 16L * c + 8);
      long vb = pc.cpu().kmapLocalPage(bPage);
      assertEquals(hex(pc.aMaps().get(0)), hex(vb), "B's first map reuses A's slot-0 address");
      pc.cpu().writeLong(vb, Variants.pattern(c, 99));
      assertEquals(Variants.pattern(c, 99), pc.cpu().readLong(vb));
      assertEquals(List.of(), m.checkInvariants());

      switchAndCount(m, c, pc.a(), 1, live);
      for (int n = 0; n < live; n++) {
        long va = pc.aMaps().get(n);
        assertEquals(pc.a().pteval(n), m.kernelPte(va), "sched_in restored slot " + n);
        assertEquals(Variants.pattern(c, n), pc.cpu().readLong(va), "A's page at slot " + n);
        assertEquals(~Variants.pattern(c, n), pc.cpu().readLong(va + pageSize - 8));
      }
      assertEquals(pc.aMaps(), pc.a().liveMaps().stream().map(LiveMap::vaddr).toList());
      assertEquals(List.of(), m.checkInvariants());
    }

    for (int c = 0; c < cpuCount; c++) {
      PerCpu pc = cpus.get(c);
      for (int n = pc.aMaps().size() - 1; n >= 0; n--) {
        pc.cpu().kunmapLocal(pc.aMaps().get(n));
      }
      switchAndCount(m, c, pc.b(), 0, 1);
      long vb = pc.b().liveMaps().get(0).vaddr();
      assertEquals(Variants.pattern(c, 99), pc.cpu().readLong(vb), "B's page after its switch back");
      pc.cpu().kunmapLocal(vb);
      for (int n = 0; n < pc.aPages().size(); n++) {
        assertEquals(Variants.pattern(c, n),
            Variants.physicalLong(m, Variants.physical(m, pc.aPages().get(n), 0)));
      }
    }
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
    assertEquals(0, m.counters().warnings());
  }

  /** schedule(cpu, next), checking how many slots sched_out cleared and sched_in restored. */
  private static void switchAndCount(Machine m, int cpu, Task next, int saved, int restored) {
    Counters before = m.counters();
    m.schedule(cpu, next);
    Counters after = m.counters();
    String where = "switch to " + next.name() + " on CPU" + cpu;
    assertEquals(next, m.cpu(cpu).current(), where);
    assertEquals(1, after.contextSwitches() - before.contextSwitches(), where);
    assertEquals(saved, after.slotsSavedOnSwitch() - before.slotsSavedOnSwitch(), where + ": saved");
    assertEquals(restored, after.slotsRestoredOnSwitch() - before.slotsRestoredOnSwitch(),
        where + ": restored");
    assertEquals(saved + restored > 0 ? 1 : 0,
        after.switchesWithMaps() - before.switchesWithMaps(), where + ": switches with maps");
  }
}
