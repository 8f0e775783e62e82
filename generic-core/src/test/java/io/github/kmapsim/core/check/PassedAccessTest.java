// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker remembers, per CPU, the last kmap window access that passed (the fast path of
 * repeated reads); each test first makes an access pass, then changes one thing the pass depended
 * on, and the next access through the same address must be judged again.
 */
class PassedAccessTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);
  private final Task a = m.createTask("a", 0);

  PassedAccessTest() {
    m.schedule(0, a);
  }

  private List<DiagnosticCode> codes() {
    return m.diagnostics().stream().map(Diagnostic::code).toList();
  }

  private long mapAndPass() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.writeLong(va, 1);
    cpu0.readLong(va);
    assertEquals(List.of(), codes(), "the owner's accesses pass");
    return va;
  }

  @Test
  void aPassedAddressReadFromAnInterruptIsAWrongContextUse() {
    long va = mapAndPass();
    cpu0.irqEnter();
    cpu0.readLong(va + 8);
    assertEquals(List.of(DiagnosticCode.USE_IN_WRONG_CONTEXT), codes());
  }

  @Test
  void aPassedAddressReadAfterItsUnmapIsJudgedAgain() {
    long va = mapAndPass();
    cpu0.kunmapLocal(va);
    cpu0.irqEnter(); // an interrupt takes the freed slot and leaves it mapped (KMAP-W010)
    // on the task's kmap stack: the task's read now meets a hardirq map (KMAP-W017)
    assertEquals(va, cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1)));
    cpu0.irqExit();
    cpu0.readLong(va);
    assertEquals(List.of(DiagnosticCode.IRQ_EXIT_WITH_MAPS, DiagnosticCode.USE_IN_WRONG_CONTEXT),
        codes());
  }

  @Test
  void aPassedAddressReadAfterAnUnmapAndANewMapOfTheSlotIsItsOwnNewMapping() {
    long va = mapAndPass();
    cpu0.kunmapLocal(va);
    assertEquals(va, cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1)), "the slot is reused");
    cpu0.readLong(va);
    assertEquals(List.of(), codes(), "the new mapping is the task's own: it passes");
  }
}
