// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Test;

/**
 * PTE words against {@code arch/xtensa/include/asm/pgtable.h} (v5.11, XCHAL_HW_VERSION_MAJOR >=
 * 2000): _PAGE_HW_EXEC 0x1, _PAGE_HW_WRITE 0x2, _PAGE_CA_WB 0x4, _PAGE_CA_INVALID 0xc, _PAGE_USER
 * 0x10, _PAGE_WRITABLE 0x40, _PAGE_DIRTY 0x80, _PAGE_ACCESSED 0x100, _PAGE_NONE 0xf; _PAGE_PRESENT
 * = _PAGE_CA_WB | _PAGE_ACCESSED = 0x104; PAGE_KERNEL = 0x106, PAGE_KERNEL_EXEC = 0x107
 * (kmap_prot, highmem.h); pfn_pte = pfn << 12 | prot. Both variants share the format.
 */
class XtensaPteCodecTest {

  private final PteCodec codec = new XtensaPlugin().variants().get(0).pteCodec();

  @Test
  void kmapProtIsPageKernelExec() {
    assertEquals(0x106L, codec.pageKernel());
    assertEquals(0x107L, codec.kmapProt());
    assertEquals(32, codec.pteBits());
    assertEquals(0x107L, new XtensaPlugin().variants().get(1).pteCodec().kmapProt());
  }

  @Test
  void pfnPteShiftsByTwelve() {
    // pfn 0x20000 = MAX_LOW_PFN, the first highmem page: 0x20000000 | 0x107.
    assertEquals(0x20000107L, codec.pfnPte(0x20000, codec.kmapProt()));
    assertEquals(0x20000106L, codec.pfnPte(0x20000, codec.pageKernel()));
    assertEquals(0x7ffff107L, codec.pfnPte(0x7ffff, 0x107));
    assertEquals(0xfffff107L, codec.pfnPte(0xfffff, 0x107));
    assertEquals(0x20000L, codec.ptePfn(0x20000107L));
    assertEquals(0xfffffL, codec.ptePfn(0xfffff107L));
    assertEquals(0x20000107L, codec.hardwarePte(0x20000107L), "the MMU refills from the PTE");
  }

  @Test
  void thePhysicalWidthIs32Bits() {
    assertEquals(0x100000L, codec.maxPfn());
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(0x100000, 0x107));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(-1, 0x107));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x1107));
  }

  @Test
  void theEmptyPteIsCaInvalidInTheUserRing() {
    assertEquals(0x1cL, codec.emptyPte());
    assertTrue(codec.pteNone(0x1c));
    assertFalse(codec.pteNone(0), "0 is not pte_none on xtensa");
    assertFalse(codec.ptePresent(0x1c));
    assertTrue(codec.ptePresent(0), "0 is a present bypass mapping of pfn 0, ring 0");
  }

  @Test
  void presentIsAValidCacheAttributeOrProtNone() {
    assertTrue(codec.ptePresent(0x20000107L));
    assertTrue(codec.ptePresent(0x20000102L), "bypass");
    assertTrue(codec.ptePresent(0x2000010bL), "write-through");
    assertFalse(codec.ptePresent(0x2000010eL), "CA invalid");
    assertTrue(codec.ptePresent(0x2000001fL), "PAGE_NONE: attribute 0xf, ring 1");
  }

  @Test
  void pteWriteIsTheSoftwareBitWhileTheHardwareWritesThroughHwWrite() {
    assertFalse(codec.pteWrite(0x20000107L), "PAGE_KERNEL_EXEC has no _PAGE_WRITABLE");
    assertTrue(codec.hardwareWritable(0x20000107L), "_PAGE_HW_WRITE is set");
    assertTrue(codec.pteWrite(0x20000147L));
    assertFalse(codec.hardwareWritable(0x20000145L), "pte_wrprotect clears _PAGE_HW_WRITE");
    assertFalse(codec.hardwareWritable(0x20000104L), "PAGE_KERNEL_RO");
  }

  @Test
  void writeCombineIsTheGenericFallbackBypass() {
    // pgprot_noncached: (0x106 & ~0xc) | _PAGE_CA_BYPASS = 0x102.
    assertEquals(0x102L, codec.pgprotWritecombine(codec.pageKernel()));
    assertEquals(0x103L, codec.pgprotWritecombine(codec.kmapProt()));
  }

  @Test
  void describeSpellsTheAttributeAndTheSoftwareBits() {
    assertEquals("x|w|CA=WB|ring0|A pfn=0x20000", codec.describe(0x20000107L));
    assertEquals("w|CA=bypass|ring0|A pfn=0x1", codec.describe(0x1102L));
    assertEquals("CA=WB|ring1|W|D|A pfn=0x2", codec.describe(0x21d4L));
    assertEquals("none", codec.describe(0x1c));
  }

  @Test
  void thePteIsTheHardwaresWord() {
    assertEquals(new PtePermissions(true, true, false, true, true, true),
        codec.hardwarePermissions(0x20000107L));
    assertFalse(codec.hardwarePermissions(0x20000106L).executable(), "PAGE_KERNEL");
    assertFalse(codec.hardwarePermissions(0x20000102L).cacheable(), "bypass");
    assertTrue(codec.hardwarePermissions(0x20000117L).userAccessible(), "ring 1");
    assertEquals(PtePermissions.INVALID, codec.hardwarePermissions(0x1c));
    assertTrue(codec.kmapProtExecutable(), "PAGE_KERNEL_EXEC");
  }
}
