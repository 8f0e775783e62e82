// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import org.junit.jupiter.api.Test;

/** {@code set_current_state(TASK_UNINTERRUPTIBLE); schedule()} and {@code wake_up_process()}. */
class SleepTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);
  private final Task a = m.createTask("a", 0);

  @Test
  void aTaskHoldingLocalKmapsSleepsAndGetsThemBackWhenWokenAndScheduled() {
    m.schedule(0, a);
    long a0 = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long a1 = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    cpu0.writeLong(a0, 0xaaaa);
    cpu0.writeLong(a1, 0xa1a1);
    long pte0 = m.kernelPte(a0);
    long pte1 = m.kernelPte(a1);

    cpu0.sleep();
    assertEquals(Task.State.SLEEPING, a.state());
    assertEquals("swapper/0", cpu0.current().name());
    assertEquals(0, m.kernelPte(a0), "__kmap_local_sched_out cleared slot 0");
    assertEquals(0, m.kernelPte(a1), "__kmap_local_sched_out cleared slot 1");
    assertEquals(2, a.kmapIdx(), "the maps stay on the sleeper's stack");
    assertEquals(pte0, a.pteval(0));
    assertThrows(KmapException.class, () -> m.schedule(0, a), "a sleeping task cannot run");

    assertTrue(m.wakeUpProcess(a));
    assertEquals(Task.State.RUNNABLE, a.state());
    assertEquals("swapper/0", cpu0.current().name(), "waking does not switch");
    m.schedule(0, a);
    assertEquals(pte0, m.kernelPte(a0));
    assertEquals(pte1, m.kernelPte(a1));
    assertEquals(0xaaaa, cpu0.readLong(a0));
    assertEquals(0xa1a1, cpu0.readLong(a1));
    assertEquals(2, m.counters().slotsSavedOnSwitch());
    assertEquals(2, m.counters().slotsRestoredOnSwitch());
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants().toString());
    assertEquals(1, m.diagnostics().size(), "only the refused switch to the sleeper");
  }

  @Test
  void sleepingUnderKmapAtomicIsRefusedAndChangesNothing() {
    m.schedule(0, a);
    long va = cpu0.kmapAtomic(m.page(Toy.HIGH_PFN));
    long pte = m.kernelPte(va);
    long switches = m.counters().contextSwitches();

    KmapException e = assertThrows(KmapException.class, cpu0::sleep);
    assertEquals(DiagnosticCode.SCHED_WHILE_ATOMIC, e.code());
    assertTrue(e.getMessage().contains("scheduling while atomic: a/"), e.getMessage());
    assertEquals(a, cpu0.current());
    assertEquals(Task.State.RUNNING, a.state());
    assertEquals(1, a.preemptCount());
    assertEquals(pte, m.kernelPte(va));
    assertEquals(switches, m.counters().contextSwitches());
    assertEquals(1, m.diagnostics().size());
  }

  @Test
  void sleepingInAnInterruptOrUnderPreemptDisableIsRefused() {
    m.schedule(0, a);
    cpu0.preemptDisable();
    assertEquals(DiagnosticCode.SCHED_WHILE_ATOMIC,
        assertThrows(KmapException.class, cpu0::sleep).code());
    cpu0.preemptEnable();
    cpu0.irqEnter();
    assertEquals(DiagnosticCode.SCHED_WHILE_ATOMIC,
        assertThrows(KmapException.class, cpu0::sleep).code());
    assertEquals(a, cpu0.current());
  }

  @Test
  void theIdleTaskCannotSleep() {
    Task idle = cpu0.current();
    KmapException e = assertThrows(KmapException.class, cpu0::sleep);
    assertEquals(DiagnosticCode.BAD_TASK, e.code());
    assertEquals(Task.State.RUNNING, idle.state());
  }

  @Test
  void wakingATaskThatIsNotSleepingReturnsFalse() {
    assertFalse(m.wakeUpProcess(a), "runnable");
    m.schedule(0, a);
    assertFalse(m.wakeUpProcess(a), "running");
    assertEquals(Task.State.RUNNING, a.state());
    cpu0.sleep();
    assertTrue(m.wakeUpProcess(a));
    assertFalse(m.wakeUpProcess(a), "already woken");
    m.exit(a);
    assertFalse(m.wakeUpProcess(a), "dead");
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics().toString());
  }

  @Test
  void aWokenTaskWithoutPinnedMapsMayRunOnAnotherCpu() {
    m.schedule(0, a);
    cpu0.sleep();
    m.wakeUpProcess(a);
    m.schedule(1, a);
    assertEquals(1, a.cpu());
    assertEquals(a, m.cpu(1).current());
  }

  @Test
  void aWokenTaskHoldingHighmemLocalKmapsStaysPinnedToItsCpu() {
    m.schedule(0, a);
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.sleep();
    m.wakeUpProcess(a);
    KmapException e = assertThrows(KmapException.class, () -> m.schedule(1, a));
    assertEquals(DiagnosticCode.MIGRATE_DISABLED, e.code());
    assertEquals(0, a.cpu());
  }
}
