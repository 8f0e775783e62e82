// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.PteCodec;
import org.junit.jupiter.api.Test;

/**
 * The MMU enforces {@link PteCodec#hardwareWritable}, not {@code pte_write()}: on a toy whose
 * {@code pte_write()} tests a software bit that PAGE_KERNEL does not set (as xtensa's tests
 * {@code _PAGE_WRITABLE}), a kmap store goes through, and a PTE with only the software bit does
 * not let the hardware store.
 */
class HardwareWritableTest {
  /** The software write bit {@code pte_write()} tests. */
  private static final long SW_WRITE = 0x100;

  /** The toy's codec with {@code pte_write()} moved to a software bit. */
  private static final PteCodec CODEC = new PteCodec() {
    @Override public int pteBits() {
      return 32;
    }

    @Override public long pfnPte(long pfn, long prot) {
      return ToyArch.Codec.INSTANCE.pfnPte(pfn, prot);
    }

    @Override public long ptePfn(long pte) {
      return ToyArch.Codec.INSTANCE.ptePfn(pte);
    }

    @Override public boolean ptePresent(long pte) {
      return ToyArch.Codec.INSTANCE.ptePresent(pte);
    }

    @Override public boolean pteWrite(long pte) {
      return (pte & SW_WRITE) != 0;
    }

    @Override public boolean hardwareWritable(long pte) {
      return (pte & ToyArch.RW) != 0;
    }

    @Override public long pageKernel() {
      return ToyArch.PAGE_KERNEL;
    }

    @Override public long maxPfn() {
      return ToyArch.Codec.INSTANCE.maxPfn();
    }

    @Override public String describe(long pte) {
      return ToyArch.Codec.INSTANCE.describe(pte);
    }
  };

  private final Machine m = KmapSim.newMachine(Toy.config(), new ToyArch() {
    @Override public PteCodec pteCodec() {
      return CODEC;
    }
  });
  private final Cpu cpu = m.cpu(0);

  @Test
  void aStoreThroughPageKernelWorksAlthoughPteWriteIsFalse() {
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertFalse(CODEC.pteWrite(m.kernelPte(va)), "pte_write() is the kernel's software view");
    cpu.writeLong(va, 0x1234);
    assertEquals(0x1234, cpu.readLong(va));
    assertEquals(0x34, m.readPhysical(Toy.HIGH_PFN << 12));
    cpu.writeLong(va + 8, 0x5678); // a TLB hit: the cached entry allows stores too
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants()::toString);
    assertTrue(m.diagnostics().isEmpty());
  }

  @Test
  void theSoftwareBitAloneDoesNotLetTheHardwareStore() {
    long va = cpu.kmapLocalPageProt(m.page(Toy.HIGH_PFN), ToyArch.PRESENT | SW_WRITE);
    assertTrue(CODEC.pteWrite(m.kernelPte(va)));
    KmapException e = assertThrows(KmapException.class, () -> cpu.writeLong(va, 1));
    assertEquals(DiagnosticCode.PAGE_FAULT, e.code());
    assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    assertEquals(0, m.readPhysical(Toy.HIGH_PFN << 12));
  }
}
