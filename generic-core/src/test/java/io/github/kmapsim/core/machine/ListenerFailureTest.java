// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener that throws cannot break the machine: the call completes, then it is reported. */
class ListenerFailureTest {

  /** Throws from the events it is told to (all of them by default); records what it heard. */
  private static final class Thrower implements KmapListener {
    final List<String> heard = new ArrayList<>();
    final boolean pteWrites;

    Thrower(boolean pteWrites) {
      this.pteWrites = pteWrites;
    }

    private RuntimeException boom(String event) {
      heard.add(event);
      return new IllegalStateException("boom in " + event);
    }

    @Override
    public void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {
      throw boom("mapped");
    }

    @Override
    public void pteWritten(int cpu, long vaddr, long oldPte, long newPte) {
      if (pteWrites) {
        throw boom("pteWritten");
      }
    }

    @Override
    public void switched(int cpu, Task prev, Task next, int cleared, int restored) {
      throw boom("switched");
    }

    @Override
    public void diagnosed(Diagnostic d) {
      throw boom("diagnosed " + d.code().code());
    }
  }

  /** Hears everything, after the thrower. */
  private static final class Recorder implements KmapListener {
    final List<String> heard = new ArrayList<>();

    @Override
    public void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {
      heard.add("mapped " + Long.toHexString(vaddr));
    }

    @Override
    public void diagnosed(Diagnostic d) {
      heard.add("diagnosed " + d.code().code());
    }
  }

  @Test
  void aThrowingMappedListenerDoesNotCostTheCallerItsAddress() {
    Machine plain = Toy.machine();
    Machine m = Toy.machine();
    Thrower thrower = new Thrower(false);
    Recorder recorder = new Recorder();
    m.addListener(thrower);
    m.addListener(recorder);
    long expected = plain.cpu(0).kmapLocalPage(plain.page(Toy.HIGH_PFN));

    long va = m.cpu(0).kmapLocalPage(m.page(Toy.HIGH_PFN));

    assertEquals(expected, va);
    assertEquals(1, m.cpu(0).current().kmapIdx());
    assertEquals(List.of(), m.checkInvariants());
    assertTrue(recorder.heard.contains("mapped " + Long.toHexString(va)), recorder.heard::toString);
    List<Diagnostic> d = m.diagnostics();
    assertEquals(1, d.size(), d::toString);
    assertEquals(DiagnosticCode.LISTENER_FAILED, d.get(0).code());
    assertTrue(d.get(0).message().contains("mapped threw java.lang.IllegalStateException: boom"
        + " in mapped"), d.get(0).message());
    // the thrower heard the report of its own failure, threw again, and was not reported twice
    assertEquals(List.of("mapped", "diagnosed KMAP-W013"), thrower.heard);
    assertEquals(List.of("mapped " + Long.toHexString(va), "diagnosed KMAP-W013"),
        recorder.heard);
  }

  @Test
  void theMachineEndsInTheStateOfAMachineWithoutListenersButForTheReports() {
    Machine plain = Toy.machine();
    Machine m = Toy.machine();
    m.addListener(new Thrower(true));
    for (Machine x : List.of(plain, m)) {
      Task t = x.createTask("t", 0);
      x.schedule(0, t);
      Cpu cpu = x.cpu(0);
      long a = cpu.kmapLocalPage(x.page(Toy.HIGH_PFN));
      cpu.helpers().memsetPage(x.page(Toy.HIGH_PFN + 1), 0, (byte) 7, 64);
      x.schedule(0, x.task("swapper/0"));
      x.schedule(0, t);
      cpu.kunmapLocal(a);
    }
    MachineSnapshot withListener = m.snapshot();
    List<String> diff = plain.snapshot().diff(withListener);
    assertTrue(diff.stream().allMatch(l -> l.startsWith("diagnostic ") && l.contains("KMAP-W013")),
        () -> String.join("\n", diff));
    // one report per failing event: 2 maps (one in the helper), 3 switches, 4 PTE writes each way
    assertEquals(m.diagnostics().size(), diff.size());
    assertTrue(m.diagnostics().size() >= 5, m.diagnostics()::toString);
  }

  /**
   * The events of the core's kmap retry are guarded like the others: a listener that throws in
   * kmapSleeping or kmapRetried costs neither the sleep nor the retried mapping.
   */
  @Test
  void throwingKmapSleepingAndKmapRetriedListenersAreReportedAndTheRetryStillMaps() {
    Machine plain = Toy.machine();
    Machine m = Toy.machine();
    List<String> heard = new ArrayList<>();
    m.addListener(new KmapListener() {
      @Override
      public void kmapSleeping(int cpu, Task task, long pfn) {
        heard.add("kmapSleeping " + task.name());
        throw new IllegalStateException("boom in kmapSleeping");
      }

      @Override
      public void kmapRetried(int cpu, Task task, long pfn, long vaddr) {
        heard.add("kmapRetried " + task.name());
        throw new IllegalStateException("boom in kmapRetried");
      }
    });
    for (Machine x : List.of(plain, m)) {
      Task holder = x.createTask("holder", 1);
      Task waiter = x.createTask("waiter", 0);
      x.schedule(1, holder);
      for (int i = 0; i < x.layout().lastPkmap(); i++) {
        x.cpu(1).kmap(x.page(Toy.HIGH_PFN + i));
      }
      x.schedule(0, waiter);
      assertTrue(!x.cpu(0).kmap(x.page(Toy.HIGH_PFN + 1000)).mapped());
      x.cpu(1).kunmap(x.page(Toy.HIGH_PFN + 7));
      x.schedule(0, waiter);
    }
    assertEquals(List.of("kmapSleeping waiter", "kmapRetried waiter"), heard);
    assertEquals(plain.pageAddress(plain.page(Toy.HIGH_PFN + 1000)),
        m.pageAddress(m.page(Toy.HIGH_PFN + 1000)));
    assertTrue(m.pageAddress(m.page(Toy.HIGH_PFN + 1000)) != 0, "the retry mapped the page");
    List<String> diff = plain.snapshot().diff(m.snapshot());
    assertEquals(2, diff.size(), () -> String.join("\n", diff));
    List<Diagnostic> d = m.diagnostics();
    assertEquals(List.of(DiagnosticCode.LISTENER_FAILED, DiagnosticCode.LISTENER_FAILED),
        d.stream().map(Diagnostic::code).toList());
    assertTrue(d.get(0).message().contains("kmapSleeping threw"), d.get(0).message());
    assertTrue(d.get(1).message().contains("kmapRetried threw"), d.get(1).message());
  }

  @Test
  void aRefusedCallIsStillRefusedAndItsListenerFailureReportedAfterTheRefusal() {
    Machine m = Toy.machine();
    m.addListener(new Thrower(true));
    Cpu cpu = m.cpu(0);
    KmapException e = assertThrows(KmapException.class, cpu::irqExit);
    assertEquals(DiagnosticCode.BAD_CONTEXT, e.code());
    List<Diagnostic> d = m.diagnostics();
    assertEquals(List.of(DiagnosticCode.BAD_CONTEXT, DiagnosticCode.LISTENER_FAILED),
        d.stream().map(Diagnostic::code).toList());
  }
}
