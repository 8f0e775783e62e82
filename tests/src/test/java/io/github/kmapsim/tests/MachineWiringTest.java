// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kmapsim used as a library: a machine built by the plain factory maps, writes, reads and unmaps
 * a highmem page end to end, on each discovered x86 variant (Guice: kmapsim-guice's own tests).
 */
class MachineWiringTest {

  private static final long VALUE = 0x1122_3344_5566_7788L;

  @Test
  void plainFactoryBuildsAWorkingMachine() {
    Machine machine = KmapSim.newMachine(MachineConfig.preset("x86"));

    assertEquals("x86", machine.arch().name());
    mapWriteReadUnmap(machine);
  }

  @Test
  void discoveryFindsTheX86Variants() {
    assertTrue(KmapSim.variantNames().containsAll(List.of("x86", "x86-pae")),
        KmapSim.variantNames()::toString);
  }

  @Test
  void plainFactoryBuildsThePaeVariantToo() {
    Machine machine = KmapSim.newMachine(MachineConfig.preset("x86-pae"));

    assertEquals("x86-pae", machine.arch().name());
    mapWriteReadUnmap(machine);
  }

  /** kmap_local_page on the first highmem page, a write and a read through it, kunmap_local. */
  private static void mapWriteReadUnmap(Machine machine) {
    MemoryLayout layout = machine.layout();
    long pageSize = layout.pageSize();
    Cpu cpu = machine.cpu(0);
    Page page = machine.page(machine.maxLowPfn());
    assertTrue(machine.isHighMem(page), page::toString);

    long vaddr = cpu.kmapLocalPage(page);

    assertEquals(0, vaddr & (pageSize - 1), () -> "page aligned: 0x" + Long.toHexString(vaddr));
    assertTrue(KmapWindow.of(layout).contains(vaddr),
        () -> "0x" + Long.toHexString(vaddr) + " is in the kmap window");
    assertEquals(
        page.pfn(),
        machine.arch().pteCodec().ptePfn(machine.kernelPte(vaddr)),
        "the slot PTE maps the page");
    assertEquals(List.of(new LiveMap(0, vaddr, page.pfn(), machine.kernelPte(vaddr))),
        cpu.current().liveMaps());

    cpu.writeLong(vaddr + 8, VALUE);
    assertEquals(VALUE, cpu.readLong(vaddr + 8));
    cpu.kunmapLocal(vaddr + 8); // any address inside the page is accepted

    assertTrue(
        machine.arch().pteCodec().pteNone(machine.kernelPte(vaddr)),
        () -> "slot PTE cleared, got 0x" + Long.toHexString(machine.kernelPte(vaddr)));
    assertEquals(List.of(), cpu.current().liveMaps());
    assertEquals(0, cpu.current().kmapIdx());
    assertEquals(VALUE, physicalLong(machine, (page.pfn() << layout.pageShift()) + 8));
    assertEquals(List.of(), machine.checkInvariants());
    assertEquals(List.of(), machine.diagnostics());
    Counters counters = machine.counters();
    assertEquals(1, counters.localMaps(), counters::toString);
    assertEquals(1, counters.localUnmaps(), counters::toString);
    assertEquals(0, counters.lowmemShortcuts(), counters::toString);
    assertEquals(0, counters.warnings(), counters::toString);
  }

  /** An aligned little-endian long read from physical memory without translation. */
  static long physicalLong(Machine machine, long physicalAddress) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = value << 8 | (machine.readPhysical(physicalAddress + i) & 0xffL);
    }
    return value;
  }
}
