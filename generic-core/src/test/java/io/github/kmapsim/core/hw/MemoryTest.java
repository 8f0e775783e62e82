// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.core.machine.SimMachine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads and writes through the TLB, the page table and sparse physical memory. */
class MemoryTest {

  @Test
  void dataWrittenThroughAMappingLandsInTheRightPhysicalPage() {
    Machine m = Toy.machine();
    Cpu c = m.cpu(0);
    long va = c.kmapLocalPage(m.page(Toy.HIGH_PFN));
    c.writeLong(va + 16, 0x1122334455667788L);
    c.writeByte(va + 4095, (byte) 0x5a);
    long pa = Toy.HIGH_PFN << 12;
    assertEquals(0x88, m.readPhysical(pa + 16) & 0xff, "little-endian");
    assertEquals(0x11, m.readPhysical(pa + 23) & 0xff);
    assertEquals(0x5a, m.readPhysical(pa + 4095));
    assertEquals(pa + 16, c.translate(va + 16));
    assertEquals(0, m.readPhysical(pa - 4096 + 16), "the neighbouring page is untouched");
    c.writeLong(va + 3, -1L);
    assertEquals(-1L, c.readLong(va + 3), "unaligned accesses go byte by byte");
  }

  @Test
  void aStaleTranslationIsObservableWhenPostUnmapSkipsItsFlush() {
    Machine m = Toy.machine(Toy.config(), new ToyArch.FlushingHooks(false, true));
    Cpu c = m.cpu(0);
    long va = c.kmapLocalPage(m.page(Toy.HIGH_PFN));
    c.writeLong(va, 0xaaaa);
    c.kunmapLocal(va);
    assertTrue(c.tlbHolds(va), "without the flush the TLB keeps the old translation");
    assertEquals(List.of(new InvariantViolation(InvariantViolation.Code.STALE_TLB, 0, va,
        String.format("CPU0 still translates 0x%08x to pfn 0x%x but the page table says"
            + " 0x00000000: a flush is missing", va, Toy.HIGH_PFN))), m.checkInvariants());

    long again = c.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    assertEquals(va, again);
    assertEquals(0xaaaa, c.readLong(again), "the read reaches the previous page");
    assertEquals(DiagnosticCode.STALE_TLB, m.diagnostics().get(0).code());
    assertTrue(m.diagnostics().get(0).message().contains("CPU0 still translates"),
        m.diagnostics().get(0).message());
  }

  @Test
  void withTheFlushTheSameSequenceReadsTheNewPage() {
    Machine m = Toy.machine();
    Cpu c = m.cpu(0);
    long va = c.kmapLocalPage(m.page(Toy.HIGH_PFN));
    c.writeLong(va, 0xaaaa);
    c.kunmapLocal(va);
    long again = c.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    assertEquals(0, c.readLong(again));
    assertTrue(m.diagnostics().isEmpty());
  }

  @Test
  void anotherCpuReachesWhateverTheSharedFixmapPteMaps() {
    Machine m = Toy.machine();
    long va = m.cpu(0).kmapLocalPage(m.page(Toy.HIGH_PFN));
    m.cpu(0).writeLong(va, 42);
    assertEquals(42, m.cpu(1).readLong(va), "init_mm's fixmap PTEs are global");
  }

  @Test
  void accessesWithoutATranslationOops() {
    Machine m = Toy.machine();
    KmapException e = assertThrows(KmapException.class, () -> m.cpu(0).readLong(Toy.slot(0, 0)));
    assertEquals(DiagnosticCode.PAGE_FAULT, e.code());
    assertThrows(KmapException.class, () -> m.cpu(0).readByte(0x1000));
    assertThrows(KmapException.class,
        () -> m.cpu(0).readByte(ToyArch.PAGE_OFFSET + ToyArch.LOWMEM), "no direct map of highmem");
  }

  @Test
  void aStoreThroughAReadOnlyKmapOopsAndChangesNothing() {
    Machine m = Toy.machine();
    Cpu c = m.cpu(0);
    long ro = c.kmapLocalPageProt(m.page(Toy.HIGH_PFN), ToyArch.PRESENT);
    Counters before = m.counters();
    KmapException e = assertThrows(KmapException.class, () -> c.writeLong(ro, 0xdead));
    assertEquals(DiagnosticCode.PAGE_FAULT, e.code());
    assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    assertFalse(c.tlbHolds(ro), "the faulting walk left nothing in the TLB");
    assertEquals(before.tlbMisses(), m.counters().tlbMisses());
    assertEquals(0, c.readLong(ro), "a read-only map reads");
    assertThrows(KmapException.class, () -> c.writeLong(ro, 0xdead), "a TLB hit faults too");
    assertEquals(0, m.readPhysical(Toy.HIGH_PFN << 12), "the store did not reach memory");
    long rw = c.kmapLocalPage(m.page(Toy.HIGH_PFN));
    c.writeLong(rw, 0xbeef);
    assertEquals(0xbeef, c.readLong(ro), "PAGE_KERNEL is writable; the other alias sees the data");
  }

  @Test
  void physicalMemoryIsSparse() {
    Machine m = Toy.machine(Toy.config().toBuilder().memoryBytes(4L << 30).cpus(1).build());
    assertEquals(1L << 20, m.maxPfn());
    Cpu c = m.cpu(0);
    long va = c.kmapLocalPage(m.page(m.maxPfn() - 1));
    c.writeLong(va, 7);
    assertEquals(7, m.readPhysical(((m.maxPfn() - 1) << 12)));
    assertEquals(1, ((SimMachine) m).hardware().memory().touchedPages());
  }
}
