// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The snapshot sees each part of a task's and a CPU's state on its own: one call that changes
 * one of them makes the snapshot unequal, {@code diff} names it in kernel words, and a restore
 * brings back a snapshot equal to the first, with the same hash.
 */
class SnapshotEachFieldTest {

  private record Change(String name, String diffSays, Consumer<Machine> call) {}

  private static List<Change> changes() {
    return List.of(
        new Change("preempt_disable", "task swapper/1 preempt_count: 0 -> 1",
            m -> m.cpu(1).preemptDisable()),
        new Change("pagefault_disable", "task swapper/1 pagefault_disabled: 0 -> 1",
            m -> m.cpu(1).pagefaultDisable()),
        new Change("migrate_disable", "task swapper/1 migration_disabled: 0 -> 1",
            m -> m.cpu(1).migrateDisable()),
        new Change("local_irq_disable", "CPU1 irqs_disabled: false -> true",
            m -> m.cpu(1).localIrqDisable()),
        new Change("irq_enter", "CPU1 contexts:", m -> m.cpu(1).irqEnter()),
        new Change("softirq_enter inside irq_enter", "CPU1 contexts:", m -> {
          m.cpu(1).irqEnter();
          m.cpu(1).irqExit();
          m.cpu(1).softirqEnter();
        }),
        new Change("kmap_local_page", "task swapper/1 kmap_ctrl.idx: 0 -> 1",
            m -> m.cpu(1).kmapLocalPage(m.page(Toy.HIGH_PFN))),
        new Change("kmap_local_page's pteval", "task swapper/1 kmap_ctrl.pteval[0]: 0x0 -> 0x",
            m -> m.cpu(1).kmapLocalPage(m.page(Toy.HIGH_PFN))),
        new Change("kmap_local_page's stack position", "task swapper/1 stack positions used: 0x0 -> 0x1",
            m -> m.cpu(1).kmapLocalPage(m.page(Toy.HIGH_PFN))),
        new Change("schedule", "CPU1 current: swapper/1 -> t", m -> m.schedule(1, m.task("t"))),
        new Change("sleep", "task t state: RUNNABLE -> SLEEPING", m -> {
          m.schedule(1, m.task("t"));
          m.cpu(1).sleep();
        }),
        new Change("migrate", "task t CPU: 1 -> 0", m -> m.migrate(m.task("t"), 0)));
  }

  @TestFactory
  Stream<DynamicTest> eachChangeIsSeenNamedAndRestored() {
    return changes().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Machine m = Toy.machine();
      Task t = m.createTask("t", 1);
      assertEquals(Task.State.RUNNABLE, t.state());
      MachineSnapshot before = m.snapshot();
      assertEquals(before, m.snapshot(), "nothing changed yet");
      assertEquals(before.hashCode(), m.snapshot().hashCode());

      c.call().accept(m);

      MachineSnapshot after = m.snapshot();
      assertNotEquals(before, after);
      List<String> diff = before.diff(after);
      assertTrue(diff.stream().anyMatch(l -> l.startsWith(c.diffSays())),
          () -> "expected a line starting " + c.diffSays() + " in " + diff);
      m.restore(before);
      assertEquals(before, m.snapshot());
      assertEquals(List.of(), before.diff(m.snapshot()));
      assertEquals(before.hashCode(), m.snapshot().hashCode());
    }));
  }
}
