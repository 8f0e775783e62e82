// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Machine#snapshot()} sees every change, says what it is, and restores it. */
class SnapshotTest {

  private static Page high(Machine m, int n) {
    return m.page(Toy.HIGH_PFN + n);
  }

  @Test
  void aSnapshotEqualsTheNextOneWhenNothingHappenedInBetween() {
    Machine m = Toy.machine();
    m.cpu(0).kmapLocalPage(high(m, 0));
    MachineSnapshot a = m.snapshot();
    m.cpu(0).translate(0xfffbf000L);
    m.cpu(0).tlbHolds(0xfffbf000L);
    m.counters();
    m.checkInvariants();
    assertEquals(a, m.snapshot());
    assertEquals(a.hashCode(), m.snapshot().hashCode());
    assertEquals(List.of(), a.diff(m.snapshot()));
  }

  @Test
  void eachKindOfChangeIsSeenAndNamed() {
    Machine m = Toy.machine();
    Task t = m.createTask("t", 0);
    m.schedule(0, t);
    Cpu cpu = m.cpu(0);
    MachineSnapshot before = m.snapshot();
    long va = cpu.kmapLocalPage(high(m, 1));
    cpu.writeLong(va + 8, 0xfeedL);
    List<String> diff = before.diff(m.snapshot());
    String all = String.join("\n", diff);
    assertTrue(all.contains("task t kmap_ctrl.idx: 0 -> 1"), all);
    assertTrue(all.contains("task t migration_disabled: 0 -> 1"), all);
    assertTrue(all.contains(String.format("PTE of 0x%08x: 0x0 -> 0x", va)), all);
    assertTrue(all.contains(String.format("CPU0 TLB 0x%08x: none -> pfn 0x%x", va,
        Toy.HIGH_PFN + 1)), all);
    assertTrue(all.contains(String.format("memory pfn 0x%x: 1 word(s) differ, the first at"
        + " offset 0x8: 0x0 -> 0xfeed", Toy.HIGH_PFN + 1)), all);
    assertTrue(all.contains("CPU0 counter localMaps: 0 -> 1"), all);
    assertNotEquals(before, m.snapshot());
  }

  @Test
  void untouchedMemoryEqualsMemoryWrittenBackToZero() {
    Machine m = Toy.machine();
    Cpu cpu = m.cpu(0);
    long va = cpu.kmapLocalPage(high(m, 2));
    cpu.readLong(va);
    MachineSnapshot a = m.snapshot();
    cpu.writeLong(va, 7);
    assertNotEquals(a, m.snapshot());
    cpu.writeLong(va, 0);
    assertEquals(List.of("CPU0 counter tlbHits: 0 -> 2"), a.diff(m.snapshot()));
  }

  @Test
  void restoreBringsBackTasksPkmapMemoryAndDiagnosticsAndTheRunRepeatsExactly() {
    Machine m = Toy.machine();
    Task t = m.createTask("t", 0);
    m.schedule(0, t);
    Cpu cpu = m.cpu(0);
    long kept = cpu.kmapLocalPage(high(m, 0));
    cpu.writeLong(kept, 1);
    MachineSnapshot start = m.snapshot();

    List<Object> first = run(m, t);
    MachineSnapshot end = m.snapshot();
    m.restore(start);
    assertEquals(List.of(), start.diff(m.snapshot()));
    assertEquals(start, m.snapshot());
    assertTrue(m.tasks().stream().noneMatch(x -> x.name().equals("child")));
    assertEquals(1, m.readPhysical((Toy.HIGH_PFN << 12) + 0));

    List<Object> second = run(m, t);
    assertEquals(first, second);
    assertEquals(List.of(), end.diff(m.snapshot()));
    assertEquals(List.of(), m.checkInvariants());
  }

  /** A run that touches every layer: maps, a write, pkmap, a fork, a switch, a refusal. */
  private static List<Object> run(Machine m, Task t) {
    Cpu cpu = m.cpu(0);
    List<Object> seen = new ArrayList<>();
    long va = cpu.kmapLocalPage(high(m, 3));
    cpu.writeLong(va + 16, 0x1234);
    seen.add(va);
    seen.add(cpu.kmap(high(m, 4)).vaddr());
    Task child = m.fork(t, "child");
    seen.add(child.pid());
    cpu.kunmapLocal(va);
    cpu.preemptDisable();
    seen.add(assertThrows(KmapException.class, () -> m.schedule(0, child)).code());
    cpu.preemptEnable();
    m.schedule(0, child);
    seen.add(m.counters());
    seen.add(m.diagnostics().size());
    return seen;
  }

  /**
   * A task asleep in kmap() (the core's retry of map_new_virtual() pending: its page, its place
   * on pkmap_map_wait) is part of the snapshot: restore brings the waiter back, and the retry
   * then runs exactly as it did the first time.
   */
  @Test
  void aKmapWaiterAndItsPageAreRestoredAndTheRetryRepeats() {
    Machine m = Toy.machine();
    Task holder = m.createTask("holder", 1);
    Task waiter = m.createTask("waiter", 0);
    m.schedule(1, holder);
    for (int i = 0; i < m.layout().lastPkmap(); i++) {
      m.cpu(1).kmap(high(m, i));
    }
    MachineSnapshot full = m.snapshot();
    m.schedule(0, waiter);
    Page wanted = high(m, 1000);
    assertEquals(new KmapResult.Sleeping(waiter, wanted), m.cpu(0).kmap(wanted));
    MachineSnapshot asleep = m.snapshot();
    assertTrue(full.diff(asleep).contains("task waiter sleeps in kmap() of: null -> "
        + wanted), () -> String.join("\n", full.diff(asleep)));

    List<Object> first = wakeAndRetry(m, waiter, wanted);
    assertEquals(Optional.empty(), waiter.kmapWaiting());
    MachineSnapshot mapped = m.snapshot();
    assertTrue(asleep.diff(mapped).contains("task waiter sleeps in kmap() of: " + wanted
        + " -> null"), () -> String.join("\n", asleep.diff(mapped)));

    m.restore(asleep);
    assertEquals(asleep, m.snapshot());
    assertEquals(Optional.of(wanted), waiter.kmapWaiting());
    assertEquals(Task.State.SLEEPING, waiter.state());
    assertEquals(first, wakeAndRetry(m, waiter, wanted), "the retry after restore");
    assertEquals(mapped, m.snapshot());

    m.restore(full);
    assertEquals(Optional.empty(), waiter.kmapWaiting(), "a snapshot from before the kmap()");
    m.cpu(1).kunmap(high(m, 7));
    assertEquals(Task.State.RUNNABLE, waiter.state());
    m.schedule(0, waiter);
    assertEquals(0, m.pageAddress(wanted), "no retry: the restored waiter never slept in kmap()");
  }

  /** kunmap() of an entry wakes the waiter, whose retry maps its page when it is scheduled. */
  private static List<Object> wakeAndRetry(Machine m, Task waiter, Page wanted) {
    m.cpu(1).kunmap(high(m, 7));
    m.schedule(0, waiter);
    return List.of(m.pageAddress(wanted), m.counters(), waiter.state());
  }

  @Test
  void restoringALaterSnapshotAfterAnEarlierOneGivesTheTaskObjectsBack() {
    Machine m = Toy.machine();
    MachineSnapshot empty = m.snapshot();
    Task t = m.createTask("t", 1);
    MachineSnapshot withT = m.snapshot();
    m.restore(empty);
    assertEquals(DiagnosticCode.BAD_ARGUMENT,
        assertThrows(KmapException.class, () -> m.schedule(1, t)).code());
    Task other = m.createTask("t", 1);
    m.restore(withT);
    m.schedule(1, t);
    assertEquals("t", m.cpu(1).current().name());
    assertEquals(DiagnosticCode.BAD_ARGUMENT,
        assertThrows(KmapException.class, () -> m.exit(other)).code());
  }

  @Test
  void aSnapshotOfAnotherMachineIsRefusedAndChangesNothing() {
    Machine m = Toy.machine();
    Machine other = Toy.machine();
    other.createTask("x", 0);
    MachineSnapshot before = m.snapshot();
    KmapException e = assertThrows(KmapException.class, () -> m.restore(other.snapshot()));
    assertEquals(DiagnosticCode.BAD_ARGUMENT, e.code());
    assertEquals(before, m.snapshot());
    assertEquals(DiagnosticCode.BAD_ARGUMENT,
        assertThrows(KmapException.class, () -> m.restore(null)).code());
  }

  @Test
  void twoMachinesDrivenAlikeHaveEqualSnapshots() {
    Machine a = Toy.machine();
    Machine b = Toy.machine();
    for (Machine m : List.of(a, b)) {
      Task t = m.createTask("t", 1);
      m.schedule(1, t);
      m.cpu(1).writeLong(m.cpu(1).kmapAtomic(high(m, 5)), 9);
    }
    assertEquals(a.snapshot(), b.snapshot());
    b.cpu(1).kunmapAtomic(b.cpu(1).current().liveMaps().get(0).vaddr());
    assertNotEquals(a.snapshot(), b.snapshot());
  }
}
