// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import org.junit.jupiter.api.Test;

/**
 * The per-CPU state calls as a caller sees them: {@code local_irq_disable()} and
 * {@code irqs_disabled()}, {@code pagefault_disable()} and {@code migrate_disable()} counting on
 * the current task (include/linux/uaccess.h, include/linux/preempt.h), hardirq entry disabling
 * interrupts and softirq entry not.
 */
class CpuStateCallsTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu1 = m.cpu(1);

  @Test
  void localIrqDisableIsWhatIrqsDisabledReports() {
    assertFalse(cpu1.irqsDisabled());
    cpu1.localIrqDisable();
    assertTrue(cpu1.irqsDisabled());
    assertFalse(m.cpu(0).irqsDisabled(), "per CPU");
    cpu1.localIrqEnable();
    assertFalse(cpu1.irqsDisabled());
  }

  @Test
  void hardirqEntryDisablesInterruptsAndSoftirqEntryDoesNot() {
    cpu1.softirqEnter();
    assertEquals(Context.SOFTIRQ, cpu1.context());
    assertFalse(cpu1.irqsDisabled());
    cpu1.irqEnter();
    assertEquals(Context.HARDIRQ, cpu1.context());
    assertTrue(cpu1.irqsDisabled());
    cpu1.irqExit();
    cpu1.softirqExit();
    assertEquals(Context.TASK, cpu1.context());
  }

  @Test
  void pagefaultAndMigrateDisableCountOnTheCurrentTask() {
    Task t = cpu1.current();
    cpu1.pagefaultDisable();
    cpu1.pagefaultDisable();
    cpu1.migrateDisable();
    assertEquals(2, t.pagefaultDisabled());
    assertEquals(1, t.migrationDisabled());
    assertEquals(0, m.cpu(0).current().pagefaultDisabled(), "CPU0's task is untouched");
    cpu1.pagefaultEnable();
    cpu1.migrateEnable();
    assertEquals(1, t.pagefaultDisabled());
    assertEquals(0, t.migrationDisabled());
  }

  @Test
  void aCpuNamesItself() {
    assertEquals("CPU1", cpu1.toString());
    assertEquals(1, cpu1.id());
  }
}
