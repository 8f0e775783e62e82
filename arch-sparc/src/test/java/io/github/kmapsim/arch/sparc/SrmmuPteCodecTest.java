// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Test;

/** The SRMMU PTE logic the vectors' one kmap_prot word does not cover. */
class SrmmuPteCodecTest {

  private final SrmmuPteCodec codec = new SrmmuPteCodec();

  @Test
  void pageKernelAndKmapProtDifferInRefAndDirty() {
    assertEquals(0xfe, codec.pageKernel()); // V | C | PRIV | M | R
    assertEquals(0x9e, codec.kmapProt()); // ET_PTE | PRIV | C
    assertEquals(0x60, codec.pageKernel() ^ codec.kmapProt());
    assertEquals(0x7e, codec.pgprotWritecombine(codec.pageKernel())); // pgprot_noncached
  }

  @Test
  void thePpnHoldsPhysicalAddressBits12To35() {
    assertEquals(0x00c0009eL, codec.pfnPte(0xc000, 0x9e));
    assertEquals(0x0fffff00L | 0xfe, codec.pfnPte(0xfffff, 0xfe));
    assertEquals(0xfffffL, codec.ptePfn(0x0fffff9eL));
    assertEquals(32, codec.pteBits());
    assertEquals(1L << 20, codec.maxPfn());
  }

  @Test
  void anIoSpacePteHasNoPfn() {
    // srmmu_device_memory(): any of 0xF0000000 set; pte_pfn() returns ~0UL.
    assertEquals(SrmmuPteCodec.NOT_RAM, codec.ptePfn(0x1000009eL));
    assertEquals(SrmmuPteCodec.NOT_RAM, codec.ptePfn(0xf000009eL));
    assertTrue(codec.describe(0x1000009eL).startsWith("io "), codec.describe(0x1000009eL));
  }

  @Test
  void pfnPteRefusesIoSpaceAndStrayProtBits() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 20, 0x9e));
    assertTrue(e.getMessage().contains("srmmu_device_memory"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(-1, 0x9e));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x100));
  }

  @Test
  void presentIsEtPteAndNoneIsZero() {
    assertTrue(codec.ptePresent(0x9e));
    assertFalse(codec.ptePresent(0x9d)); // ET 1: a page table descriptor
    assertFalse(codec.ptePresent(0x9f)); // ET 3: reserved
    assertFalse(codec.ptePresent(0));
    assertTrue(codec.pteNone(0));
    assertFalse(codec.pteNone(0x80)); // not present, but not none
    assertEquals(0, codec.emptyPte());
  }

  @Test
  void pteWriteIsTheSupervisorStorePermissionForEveryAcc() {
    for (int acc = 0; acc < 8; acc++) {
      long pte = 0x2 | ((long) acc << 2);
      PtePermissions p = codec.hardwarePermissions(pte);
      assertEquals(p.kernelWritable(), codec.pteWrite(pte), "ACC " + acc);
      assertEquals(p.kernelWritable(), codec.hardwareWritable(pte), "ACC " + acc);
    }
  }

  @Test
  void accDecodesAsTheReferenceMmuTable() {
    // ACC 7 (SRMMU_PRIV): supervisor RWX, no user access.
    assertEquals(new PtePermissions(true, true, false, true, true, false),
        codec.hardwarePermissions(0x9e));
    // ACC 6 (SRMMU_PRIV_RDONLY): supervisor RX.
    assertEquals(new PtePermissions(true, false, false, true, true, false),
        codec.hardwarePermissions(0x9a));
    // ACC 5: user read, supervisor read/write, no execute.
    assertEquals(new PtePermissions(true, true, true, false, false, false),
        codec.hardwarePermissions(0x16));
    // ACC 4: execute only, for both.
    assertEquals(new PtePermissions(true, false, true, true, false, false),
        codec.hardwarePermissions(0x12));
    assertEquals(PtePermissions.INVALID, codec.hardwarePermissions(0x9c));
    assertTrue(codec.kmapProtExecutable());
  }

  @Test
  void describeNamesEtAccAndTheStatusBits() {
    assertEquals("none", codec.describe(0));
    assertEquals("PTE ACC=7(S:RWX) C pfn=0xc000", codec.describe(0x00c0009eL));
    assertEquals("PTE ACC=7(S:RWX) C|M|R pfn=0xc000", codec.describe(0x00c000feL));
    assertEquals("ET=1 ACC=0(S:R U:R) pfn=0x1", codec.describe(0x101));
  }
}
