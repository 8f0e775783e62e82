// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.Variants.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code io_mapping_create_wc()} / {@code io_mapping_map_local_wc()} over device memory beyond RAM
 * on every variant: the PTE carries {@code pgprot_writecombine(PAGE_KERNEL)} and the device frame,
 * and writes reach the device. With HAVE_ATOMIC_IOMAP (x86-32) the map is a kmap_local slot;
 * elsewhere it is an offset into the ioremap_wc of the whole range, made once at create time.
 */
class IoMappingWcTest {

  private static final long SIZE = 1L << 20;

  /**
   * io_mapping_map_local_wc of a page of device memory: a PTE with the WC protection for the
   * device frame, in a kmap_local slot (HAVE_ATOMIC_IOMAP) or the create-time ioremap, and the
   * bytes written through it in the device frame.
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void aLocalWcMapHasTheWriteCombiningPteAndReachesTheDevice(String variant) {
    Machine m = Variants.machine(variant);
    MemoryLayout layout = m.layout();
    PteCodec codec = m.arch().pteCodec();
    long pageSize = layout.pageSize();
    long base = m.maxPfn() << layout.pageShift();
    long offset = 3 * pageSize;
    long pfn = (base + offset) >>> layout.pageShift();
    Cpu cpu = m.cpu(Math.min(2, m.nrCpus() - 1));
    IoMapping io = m.ioMappingCreateWc(base, SIZE);
    long wc = codec.pgprotWritecombine(codec.pageKernel());
    assertEquals(hex(wc), hex(io.prot()), "io_mapping_create_wc's protection");

    long va = cpu.ioMappingMapLocalWc(io, offset);

    assertEquals(hex(codec.pfnPte(pfn, wc)), hex(m.kernelPte(va)), "a WC PTE for the device frame");
    assertEquals(pfn, codec.ptePfn(m.kernelPte(va)));
    if (io.iomem() == 0) {
      assertTrue(m.arch().hooks().haveAtomicIomap(), "no ioremap only with HAVE_ATOMIC_IOMAP");
      assertEquals(hex(Variants.slotAddress(m, cpu.id(), 0, pfn)), hex(va),
          "__iomap_local_pfn_prot: kmap_local slot 0 of this CPU");
      assertEquals(1, cpu.current().kmapIdx());
      assertEquals(m.kernelPte(va), cpu.current().pteval(0));
    } else {
      assertEquals(hex(io.iomem() + offset), hex(va), "an offset into the ioremap_wc");
      assertEquals(0, cpu.current().kmapIdx(), "no kmap_local slot");
    }
    cpu.writeLong(va + 0x10, 0x0123_4567_89ab_cdefL);
    cpu.writeByte(va + pageSize - 1, (byte) 0x5a);
    cpu.ioMappingUnmapLocal(va);

    assertEquals(hex(0x0123_4567_89ab_cdefL), hex(Variants.physicalLong(m, base + offset + 0x10)),
        "write-combining memory is not cacheable: the write reaches the device");
    assertEquals(0x5a, m.readPhysical(base + offset + pageSize - 1));
    assertEquals(0, cpu.current().kmapIdx());
    assertEquals(0, cpu.current().migrationDisabled());
    assertEquals(1, m.counters().ioMaps());
    m.ioMappingFree(io);
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }
}
