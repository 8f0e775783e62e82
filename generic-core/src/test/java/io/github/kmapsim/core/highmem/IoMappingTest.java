// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.MemoryLayout;
import org.junit.jupiter.api.Test;

/** io_mapping over device memory: through kmap_local slots or through an ioremap. */
class IoMappingTest {
  /** Device memory above the 1 GiB of RAM: page frames with no struct page. */
  private static final long BAR = 0xe0000000L;

  private static Machine atomicIomap() {
    return KmapSim.newMachine(Toy.config(), new ToyArch(new ToyArch.FlushingHooks(true, true) {
      @Override
      public boolean haveAtomicIomap() {
        return true;
      }
    }));
  }

  @Test
  void withAtomicIomapALocalMapIsAKmapSlotWithTheWcProt() {
    Machine m = atomicIomap();
    Cpu c = m.cpu(0);
    IoMapping io = m.ioMappingCreateWc(BAR, 1 << 20);
    assertEquals(0, io.iomem());
    assertEquals(ToyArch.PAGE_KERNEL | ToyArch.WC, io.prot());
    long va = c.ioMappingMapLocalWc(io, 0x3000);
    assertEquals(Toy.slot(0, 0), va);
    assertEquals(((BAR + 0x3000) & ~0xfffL) | ToyArch.PAGE_KERNEL | ToyArch.WC, m.kernelPte(va));
    assertEquals(1, c.current().migrationDisabled(), "the kmap_local core disables migration");
    c.writeLong(va, 5);
    assertEquals(5, m.readPhysical(BAR + 0x3000));
    c.ioMappingUnmapLocal(va);
    assertEquals(0, c.current().kmapIdx());
    assertEquals(1, m.counters().ioMaps());
  }

  @Test
  void theAtomicVariantDisablesPreemptionUntilItsUnmap() {
    Machine m = atomicIomap();
    Cpu c = m.cpu(0);
    IoMapping io = m.ioMappingCreateWc(BAR, 1 << 20);
    long va = c.ioMappingMapAtomicWc(io, 0);
    assertEquals(1, c.current().preemptCount());
    assertEquals(1, c.current().pagefaultDisabled());
    c.ioMappingUnmapAtomic(va);
    assertEquals(0, c.current().preemptCount());
    assertEquals(0, c.current().kmapIdx());
  }

  @Test
  void withoutAtomicIomapTheRangeIsIoremappedOnce() {
    Machine m = Toy.machine();
    Cpu c = m.cpu(0);
    IoMapping io = m.ioMappingCreateWc(BAR, 0x4000);
    long iomem = io.iomem();
    assertEquals(0xff800000L - 0x2000 - IoMappings.WINDOW, iomem, "bottom of the ioremap window");
    assertEquals(((BAR + 0x2000)) | ToyArch.PAGE_KERNEL | ToyArch.WC, m.kernelPte(iomem + 0x2000));
    long va = c.ioMappingMapLocalWc(io, 0x2010);
    assertEquals(iomem + 0x2010, va);
    assertEquals(0, c.current().kmapIdx(), "no kmap slot is used");
    c.writeLong(va, 9);
    assertEquals(9, m.readPhysical(BAR + 0x2010));
    c.ioMappingUnmapLocal(va);
    m.ioMappingFree(io);
    assertEquals(0, m.kernelPte(iomem));
    assertEquals(-1, c.translate(va));
  }

  /** xtensa's VMALLOC_END is VMALLOC_START + 0x07FEFFFF: the window still starts on a page. */
  @Test
  void anUnalignedVmallocEndStillGivesPageAlignedIoremaps() {
    Machine m = KmapSim.newMachine(Toy.config(), new ToyArch() {
      @Override
      public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
        MemoryLayout l = super.layout(nrCpus, kmMaxIdx);
        return MemoryLayout.builder().pageShift(l.pageShift()).pageOffset(l.pageOffset())
            .maxLowmemBytes(l.maxLowmemBytes()).vmallocOffset(l.vmallocOffset())
            .vmallocEnd(0xff7fdfffL).pkmapBase(l.pkmapBase()).lastPkmap(l.lastPkmap())
            .fixaddrTop(l.fixaddrTop()).fixaddrStart(l.fixaddrStart())
            .fixKmapBegin(l.fixKmapBegin()).fixKmapEnd(l.fixKmapEnd())
            .ptrsPerPte(l.ptrsPerPte()).build();
      }
    });
    IoMapping io = m.ioMappingCreateWc(BAR, 0x2000);
    assertEquals(0xff7fd000L - IoMappings.WINDOW, io.iomem());
    long va = m.cpu(0).ioMappingMapLocalWc(io, 0x1008);
    m.cpu(0).writeLong(va, 3);
    assertEquals(3, m.readPhysical(BAR + 0x1008));
  }

  @Test
  void offsetsBeyondTheMappingAreABug() {
    Machine m = atomicIomap();
    IoMapping io = m.ioMappingCreateWc(BAR, 0x2000);
    KmapException e =
        assertThrows(KmapException.class, () -> m.cpu(0).ioMappingMapLocalWc(io, 0x2000));
    assertEquals(DiagnosticCode.PAGE_OVERRUN, e.code());
    assertTrue(e.getMessage().contains("BUG_ON(offset >= mapping->size)"), e.getMessage());
    assertEquals(0, m.cpu(0).current().kmapIdx());
    assertThrows(KmapException.class, () -> m.ioMappingCreateWc(BAR + 1, 0x1000));
  }
}
