// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import org.junit.jupiter.api.Test;

/** kmap_atomic and the interrupt contexts. */
class AtomicAndInterruptTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);

  @Test
  void kmapAtomicDisablesPreemptionAndPagefaultsUntilTheUnmap() {
    Task t = cpu0.current();
    long va = cpu0.kmapAtomic(m.page(Toy.HIGH_PFN));
    assertEquals(Toy.slot(0, 0), va);
    assertEquals(1, t.preemptCount());
    assertEquals(1, t.pagefaultDisabled());
    assertEquals(1, t.migrationDisabled());
    cpu0.kunmapAtomic(va);
    assertEquals(0, t.preemptCount());
    assertEquals(0, t.pagefaultDisabled());
    assertEquals(0, t.migrationDisabled());
    assertEquals(1, m.counters().atomicMaps());
  }

  @Test
  void kmapAtomicOfLowmemStillDisablesPreemption() {
    Task t = cpu0.current();
    long va = cpu0.kmapAtomic(m.page(3));
    assertEquals(ToyArch.PAGE_OFFSET + 0x3000, va);
    assertEquals(1, t.preemptCount());
    assertEquals(0, t.kmapIdx());
    cpu0.kunmapAtomic(va);
    assertEquals(0, t.preemptCount());
  }

  @Test
  void aFailedKmapAtomicLeavesTheCountsAsTheyWere() {
    Task t = cpu0.current();
    for (int i = 0; i < 15; i++) {
      cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + i));
    }
    assertThrows(KmapException.class, () -> cpu0.kmapAtomic(m.page(Toy.HIGH_PFN + 20)));
    assertEquals(0, t.preemptCount());
    assertEquals(0, t.pagefaultDisabled());
  }

  @Test
  void kunmapAtomicWithoutKmapAtomicIsRefused() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    KmapException e = assertThrows(KmapException.class, () -> cpu0.kunmapAtomic(va));
    assertEquals(DiagnosticCode.COUNT_UNDERFLOW, e.code());
    assertEquals(1, cpu0.current().kmapIdx());
  }

  @Test
  void anInterruptMapsOnTopOfTheInterruptedTasksStack() {
    long t0 = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.writeLong(t0, 1);
    cpu0.irqEnter();
    assertEquals(Context.HARDIRQ, cpu0.context());
    long i0 = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    assertEquals(Toy.slot(0, 1), i0);
    cpu0.writeLong(i0, 2);
    cpu0.kunmapLocal(i0);
    cpu0.irqExit();
    assertEquals(Context.TASK, cpu0.context());
    assertEquals(1, cpu0.readLong(t0));
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics().toString());
  }

  @Test
  void anInterruptThatReturnsWithItsMapsIsReported() {
    cpu0.irqEnter();
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.irqExit();
    assertEquals(DiagnosticCode.IRQ_EXIT_WITH_MAPS, m.diagnostics().get(0).code());
  }

  @Test
  void pushInHardirqWithInterruptsEnabledWarns() {
    cpu0.irqEnter();
    cpu0.localIrqEnable();
    cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertEquals(DiagnosticCode.PUSH_HARDIRQ_IRQS_ON, m.diagnostics().get(0).code());
    assertEquals(Context.HARDIRQ, m.diagnostics().get(0).context());
  }

  @Test
  void contextChangesMustPairUp() {
    assertEquals(DiagnosticCode.BAD_CONTEXT,
        assertThrows(KmapException.class, cpu0::irqExit).code());
    cpu0.nmiEnter();
    assertEquals(DiagnosticCode.BAD_CONTEXT,
        assertThrows(KmapException.class, cpu0::nmiEnter).code(), "NMIs do not nest");
    assertThrows(KmapException.class, cpu0::irqEnter, "no hardirq inside an NMI");
    assertThrows(KmapException.class, cpu0::softirqEnter);
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.kunmapLocal(va);
    cpu0.nmiExit();
    assertEquals(Context.TASK, cpu0.context());
    assertTrue(!cpu0.irqsDisabled());
    cpu0.softirqEnter();
    cpu0.irqEnter();
    cpu0.irqExit();
    assertThrows(KmapException.class, cpu0::nmiExit);
    cpu0.softirqExit();
    assertEquals(Context.TASK, cpu0.context());
  }

  @Test
  void enablesWithoutDisablesAreRefused() {
    assertEquals(DiagnosticCode.COUNT_UNDERFLOW,
        assertThrows(KmapException.class, cpu0::preemptEnable).code());
    assertThrows(KmapException.class, cpu0::pagefaultEnable);
    assertThrows(KmapException.class, cpu0::migrateEnable);
    assertEquals(0, cpu0.current().preemptCount());
  }
}
