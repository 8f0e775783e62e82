// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import org.junit.jupiter.api.Test;

/**
 * io_mapping without HAVE_ATOMIC_IOMAP: {@code io_mapping_create_wc()} is {@code ioremap_wc()}
 * of the whole range (include/linux/io-mapping.h), each ioremap followed by a guard page as
 * vmalloc leaves one, and every bound exact: the page count, the physical address space, the
 * offset of a map, the addresses an unmap accepts.
 */
class IoremapBoundsTest {
  private static final long BAR = 0xe0000000L;
  private static final long PAGE = 4096;
  /** The toy's pfns end at 2^20: the last page frame of the 4 GiB physical space. */
  private static final long TOP = (1L << 20) * PAGE;

  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);

  @Test
  void aPartialLastPageIsMappedAndAGuardPageFollows() {
    IoMapping a = m.ioMappingCreateWc(BAR, PAGE + 1);
    IoMapping b = m.ioMappingCreateWc(BAR + 0x10000, PAGE);
    long wc = ToyArch.PAGE_KERNEL | ToyArch.WC;
    assertEquals(BAR | wc, m.kernelPte(a.iomem()));
    assertEquals((BAR + PAGE) | wc, m.kernelPte(a.iomem() + PAGE));
    assertEquals(0, m.kernelPte(a.iomem() + 2 * PAGE), "the guard page");
    assertEquals(a.iomem() + 3 * PAGE, b.iomem(), "two pages and a guard page further on");
    assertEquals((BAR + 0x10000) | wc, m.kernelPte(b.iomem()));
    assertEquals(0, m.kernelPte(b.iomem() + PAGE));
  }

  @Test
  void theRangeMayEndAtTheTopOfThePhysicalSpaceButNotPastIt() {
    IoMapping last = m.ioMappingCreateWc(TOP - 2 * PAGE, 2 * PAGE);
    assertEquals((TOP - PAGE) | ToyArch.PAGE_KERNEL | ToyArch.WC,
        m.kernelPte(last.iomem() + PAGE));
    MachineSnapshot before = m.snapshot();
    for (long[] bad : new long[][] {{TOP - PAGE, PAGE + 1}, {TOP, PAGE}, {-PAGE, PAGE},
        {BAR + 1, PAGE}, {BAR, 0}, {BAR, -1}}) {
      KmapException e = assertThrows(KmapException.class,
          () -> m.ioMappingCreateWc(bad[0], bad[1]));
      assertEquals(DiagnosticCode.BAD_PFN, e.code(), e::getMessage);
    }
    assertEquals(before, m.snapshot());
  }

  @Test
  void theIoremapWindowHoldsWhatFitsWithItsGuardPagesAndNoMore() {
    long window = IoMappings.WINDOW;
    // Toy.machine's window starts on a page: (pages + 1) pages each, 16 MiB in all
    m.ioMappingCreateWc(BAR, window / 2 - PAGE);
    m.ioMappingCreateWc(BAR, window / 2 - 2 * PAGE);
    MachineSnapshot before = m.snapshot();
    KmapException e = assertThrows(KmapException.class, () -> m.ioMappingCreateWc(BAR, PAGE));
    assertEquals(DiagnosticCode.BAD_CONFIG, e.code(), e::getMessage);
    assertEquals(before, m.snapshot());
    Machine fresh = Toy.machine();
    fresh.ioMappingCreateWc(BAR, window / 2 - PAGE);
    fresh.ioMappingCreateWc(BAR, window / 2 - 2 * PAGE - PAGE);
    fresh.ioMappingCreateWc(BAR, PAGE); // the last page and its guard
  }

  @Test
  void theLastByteMapsAndTheSizeDoesNot() {
    IoMapping io = m.ioMappingCreateWc(BAR, 2 * PAGE);
    assertEquals(io.iomem() + 2 * PAGE - 1, cpu0.ioMappingMapLocalWc(io, 2 * PAGE - 1));
    KmapException e = assertThrows(KmapException.class, () -> cpu0.ioMappingMapLocalWc(io, 2 * PAGE));
    assertEquals(DiagnosticCode.PAGE_OVERRUN, e.code());
    assertThrows(KmapException.class, () -> cpu0.ioMappingMapAtomicWc(io, -1));
    assertEquals(0, cpu0.current().preemptCount(), "the refused atomic map disabled nothing");
  }

  @Test
  void anUnmapMustFallInsideALiveIoremap() {
    IoMapping io = m.ioMappingCreateWc(BAR, 2 * PAGE);
    cpu0.ioMappingUnmapLocal(io.iomem());
    cpu0.ioMappingUnmapLocal(io.iomem() + 2 * PAGE - 1);
    for (long va : new long[] {io.iomem() - 1, io.iomem() + 2 * PAGE}) {
      KmapException e = assertThrows(KmapException.class, () -> cpu0.ioMappingUnmapLocal(va));
      assertEquals(DiagnosticCode.NOT_MAPPED, e.code());
    }
    long va = cpu0.ioMappingMapAtomicWc(io, PAGE);
    assertEquals(1, cpu0.current().preemptCount());
    cpu0.ioMappingUnmapAtomic(va);
    assertEquals(0, cpu0.current().preemptCount());
    assertEquals(0, cpu0.current().pagefaultDisabled());
  }

  @Test
  void freeingOneMappingLeavesTheOthersLive() {
    IoMapping a = m.ioMappingCreateWc(BAR, PAGE);
    IoMapping b = m.ioMappingCreateWc(BAR + PAGE, PAGE);
    IoMapping c = m.ioMappingCreateWc(BAR + 2 * PAGE, PAGE);
    m.ioMappingFree(b);
    assertEquals(0, m.kernelPte(b.iomem()), "iounmap cleared its PTE");
    assertEquals(a.iomem(), cpu0.ioMappingMapLocalWc(a, 0));
    assertEquals(c.iomem(), cpu0.ioMappingMapLocalWc(c, 0));
    KmapException e = assertThrows(KmapException.class, () -> cpu0.ioMappingMapLocalWc(b, 0));
    assertEquals(DiagnosticCode.BAD_ARGUMENT, e.code());
    m.ioMappingFree(a);
    m.ioMappingFree(c);
  }

  @Test
  void restoringASnapshotForgetsMappingsMadeAfterIt() {
    IoMapping a = m.ioMappingCreateWc(BAR, PAGE);
    MachineSnapshot s = m.snapshot();
    IoMapping later = m.ioMappingCreateWc(BAR + PAGE, PAGE);
    m.restore(s);
    assertEquals(s, m.snapshot());
    assertThrows(KmapException.class, () -> m.ioMappingFree(later));
    assertEquals(later.iomem(), m.ioMappingCreateWc(BAR + PAGE, PAGE).iomem(),
        "the ioremap cursor went back too");
    m.ioMappingFree(a);
  }
}
