// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** kmap_local_sched_out / kmap_local_sched_in, migration, fork and exit. */
class ContextSwitchTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);
  private final Task a = m.createTask("a", 0);
  private final Task b = m.createTask("b", 0);

  @Test
  void switchClearsTheOutgoingTasksSlotsAndRestoresThemOnReturn() {
    m.schedule(0, a);
    long a0 = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long a1 = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    cpu0.writeLong(a0, 0xaaaa);
    cpu0.writeLong(a1, 0xa1a1);
    long pte0 = m.kernelPte(a0);
    long pte1 = m.kernelPte(a1);

    m.schedule(0, b);
    assertEquals(0, m.kernelPte(a0));
    assertEquals(0, m.kernelPte(a1));
    assertTrue(!cpu0.tlbHolds(a0) && !cpu0.tlbHolds(a1), "sched_out runs the unmap hooks");
    long b0 = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 2));
    assertEquals(a0, b0, "b gets the same slot address for its own page");
    assertEquals(0, cpu0.readLong(b0), "b never sees a's data");
    cpu0.writeLong(b0, 0xbbbb);
    cpu0.kunmapLocal(b0);

    m.schedule(0, a);
    assertEquals(pte0, m.kernelPte(a0));
    assertEquals(pte1, m.kernelPte(a1));
    assertEquals(0xaaaa, cpu0.readLong(a0));
    assertEquals(0xa1a1, cpu0.readLong(a1));
    Counters c = m.counters();
    assertEquals(2, c.slotsSavedOnSwitch());
    assertEquals(2, c.slotsRestoredOnSwitch());
    assertEquals(3, c.contextSwitches());
    assertEquals(2, c.switchesWithMaps());
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants().toString());
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics().toString());
  }

  @Test
  void schedOutAndInRunTheHooksPerLiveSlotInOrder() {
    KmapHooks hooks = spy(new ToyArch.FlushingHooks(true, true));
    Machine hm = Toy.machine(Toy.config(), hooks);
    Task x = hm.createTask("x", 0);
    Task y = hm.createTask("y", 0);
    hm.schedule(0, x);
    long va = hm.cpu(0).kmapLocalPage(hm.page(Toy.HIGH_PFN));
    long pte = hm.kernelPte(va);
    KmapListener l = mock(KmapListener.class);
    hm.addListener(l);
    hm.schedule(0, y);
    hm.schedule(0, x);
    InOrder o = inOrder(hooks, l);
    o.verify(hooks).preUnmap(any(HardwareServices.class), eq(va));
    o.verify(l).pteWritten(0, va, pte, 0L);
    o.verify(hooks).postUnmap(any(HardwareServices.class), eq(va));
    o.verify(l).switched(0, x, y, 1, 0);
    o.verify(l).pteWritten(0, va, 0L, pte);
    o.verify(hooks).postMap(any(HardwareServices.class), eq(va), eq(pte));
    o.verify(l).switched(0, y, x, 0, 1);
  }

  @Test
  void guardSlotsAreSkippedAndOnlyLiveSlotsMove() {
    Machine d = Toy.machine(Toy.config().toBuilder().debugKmapLocal(true).build());
    Task x = d.createTask("x", 0);
    d.createTask("y", 0);
    d.schedule(0, x);
    for (int i = 0; i < 3; i++) {
      d.cpu(0).kmapLocalPage(d.page(Toy.HIGH_PFN + i));
    }
    assertEquals(6, x.kmapIdx());
    d.schedule(0, d.task("y"));
    d.schedule(0, x);
    assertEquals(3, d.counters().slotsSavedOnSwitch());
    assertEquals(3, d.counters().slotsRestoredOnSwitch());
    assertTrue(d.diagnostics().isEmpty(), d.diagnostics().toString());
    assertTrue(d.checkInvariants().isEmpty(), d.checkInvariants().toString());
  }

  @Test
  void aTaskHoldingLocalKmapsCannotMigrate() {
    m.schedule(0, a);
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    m.schedule(0, b);
    KmapException e = assertThrows(KmapException.class, () -> m.migrate(a, 1));
    assertEquals(DiagnosticCode.MIGRATE_DISABLED, e.code());
    KmapException e2 = assertThrows(KmapException.class, () -> m.schedule(1, a));
    assertEquals(DiagnosticCode.MIGRATE_DISABLED, e2.code());
    assertEquals(0, a.cpu());
    assertEquals(Task.State.RUNNABLE, a.state());
    m.schedule(0, a);
    cpu0.kunmapLocal(va);
    m.schedule(0, b);
    m.migrate(a, 1);
    m.schedule(1, a);
    assertEquals(1, a.cpu());
    assertEquals(a, m.cpu(1).current());
  }

  @Test
  void lowmemKmapLocalDoesNotPinTheTask() {
    m.schedule(0, a);
    cpu0.kmapLocalPage(m.page(5));
    m.schedule(0, b);
    m.migrate(a, 1);
    assertEquals(1, a.cpu());
  }

  @Test
  void schedulingWhileAtomicIsRefused() {
    m.schedule(0, a);
    cpu0.kmapAtomic(m.page(Toy.HIGH_PFN));
    KmapException e = assertThrows(KmapException.class, () -> m.schedule(0, b));
    assertEquals(DiagnosticCode.SCHED_WHILE_ATOMIC, e.code());
    assertTrue(e.getMessage().contains("scheduling while atomic: a/"), e.getMessage());
    assertEquals(a, cpu0.current());
    cpu0.irqEnter();
    assertThrows(KmapException.class, () -> m.schedule(0, b));
  }

  @Test
  void kmapLocalStaysPreemptible() {
    m.schedule(0, a);
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    m.schedule(0, b);
    assertEquals(b, cpu0.current());
  }

  @Test
  void aRunningTaskCannotBeScheduledTwice() {
    m.schedule(0, a);
    KmapException e = assertThrows(KmapException.class, () -> m.schedule(1, a));
    assertEquals(DiagnosticCode.BAD_TASK, e.code());
    assertTrue(e.getMessage().contains("running on CPU0"), e.getMessage());
  }

  @Test
  void forkStartsWithAnEmptyControlBlockAndWarnsIfTheParentHoldsMaps() {
    m.schedule(0, a);
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    Task child = m.fork(a, "child");
    assertEquals(0, child.kmapIdx());
    assertEquals(0, child.migrationDisabled());
    assertEquals(DiagnosticCode.FORK_WITH_MAPS, m.diagnostics().get(0).code());
    assertEquals(0, child.cpu());
  }

  @Test
  void exitWithLiveMapsIsReportedAndTheFinalSwitchClearsThem() {
    m.schedule(0, a);
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    m.exit(a);
    assertEquals(DiagnosticCode.EXIT_WITH_MAPS, m.diagnostics().get(0).code());
    assertTrue(m.diagnostics().get(0).heldMaps().get(0).contains(String.format("0x%08x", va)));
    assertEquals(Task.State.DEAD, a.state());
    assertEquals("swapper/0", cpu0.current().name());
    assertEquals(0, m.kernelPte(va));
    assertThrows(KmapException.class, () -> m.schedule(0, a));
  }

  @Test
  void twoTasksOnOneCpuNeverSeeEachOthersMappings() {
    long[] values = {0x1111, 0x2222};
    Task[] tasks = {a, b};
    long[] vas = new long[2];
    for (int round = 0; round < 5; round++) {
      for (int t = 0; t < 2; t++) {
        m.schedule(0, tasks[t]);
        if (round == 0) {
          vas[t] = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + t));
          cpu0.writeLong(vas[t], values[t]);
        }
        assertEquals(values[t], cpu0.readLong(vas[t]), tasks[t].name() + " round " + round);
      }
    }
    assertEquals(vas[0], vas[1]);
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics().toString());
  }
}
