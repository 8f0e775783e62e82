// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Raw PTE words against {@code arch/x86/include/asm/pgtable_types.h}: P = bit 0 (0x1), RW = bit 1
 * (0x2), A = bit 5 (0x20), D = bit 6 (0x40), G = bit 8 (0x100), NX = bit 63 with X86_PAE only;
 * {@code __PAGE_KERNEL} = P|RW|A|D|G|NX = 0x163 | NX; the pfn is shifted by PAGE_SHIFT (12).
 */
class X86PteCodecTest {

  @Nested
  class NonPae {

    private final PteCodec codec = new X86Plugin().variants().get(0).pteCodec();

    @Test
    void pageKernelHasNoNx() {
      // 0x1 | 0x2 | 0x20 | 0x40 | 0x100 = 0x163; _PAGE_NX is 0 without X86_PAE.
      assertEquals(0x163L, codec.pageKernel());
      assertTrue(codec.pteWrite(0x163L), "_PAGE_RW");
      assertFalse(codec.pteWrite(0x161L), "PAGE_KERNEL_RO lacks _PAGE_RW");
      assertEquals(0x163L, codec.kmapProt());
    }

    @Test
    void pfnPteIsPfnShiftedOrProt() {
      // (0x40000 << 12) | 0x163: the first page above 1 GiB.
      assertEquals(0x40000163L, codec.pfnPte(0x40000, codec.pageKernel()));
      // The highest 20-bit pfn: (0xfffff << 12) | 0x163.
      assertEquals(0xfffff163L, codec.pfnPte(0xfffff, codec.pageKernel()));
    }

    @Test
    void writeCombineIsPwtWithPat() {
      // iomap_create_wc: __PAGE_KERNEL | cachemode2protval(_PAGE_CACHE_MODE_WC) = 0x163 | _PAGE_PWT
      // (0x8), PAT entry 1 being WC after pat_init().
      assertEquals(0x16bL, codec.pgprotWritecombine(codec.pageKernel()));
      // An uncached (PCD) prot loses its cache bits first.
      assertEquals(0x16bL, codec.pgprotWritecombine(0x173L));
    }

    @Test
    void ptePfnRoundTrips() {
      assertEquals(0x40000L, codec.ptePfn(0x40000163L));
      assertEquals(0xfffffL, codec.ptePfn(codec.pfnPte(0xfffff, codec.pageKernel())));
    }

    @Test
    void pfnIsTwentyBits() {
      // __PHYSICAL_MASK_SHIFT 32: PTE_PFN_MASK = 0xfffff000, so pfns below 1 << 20.
      assertEquals(0x100000L, codec.maxPfn());
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(0x100000, 0x163));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(-1, 0x163));
      // NX does not exist in a 32-bit pte_t.
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x8000000000000163L));
    }

    @Test
    void pteNoneIsZeroOnly() {
      // _PAGE_KNL_ERRATUM_MASK is 0 without X86_64 / X86_PAE.
      assertTrue(codec.pteNone(0));
      assertFalse(codec.pteNone(0x60));
      assertFalse(codec.pteNone(0x40000163L));
      assertEquals(0L, codec.emptyPte());
    }

    @Test
    void presentIsPageBitZero() {
      assertTrue(codec.ptePresent(0x40000163L));
      assertFalse(codec.ptePresent(0x40000162L));
    }

    @Test
    void describeSpellsTheFlags() {
      assertEquals("P|RW|A|D|G pfn=0x40000", codec.describe(0x40000163L));
      assertEquals("none", codec.describe(0));
      // USER 0x4, PWT 0x8, PCD 0x10, PAT 0x80, SOFTW1 0x200.
      assertEquals("USR|PWT|PCD|PAT|SOFTW1 pfn=0x1", codec.describe(0x129cL));
    }

    @Test
    void theMmuReadsThePteWithoutNx() {
      // P|RW|A|D|G, PAT index 0 (WB): no NX bit exists, so kernel pages execute.
      assertEquals(new PtePermissions(true, true, false, true, true, true),
          codec.hardwarePermissions(0x40000163L));
      assertTrue(codec.kmapProtExecutable());
      // USER, read-only (no RW), PCD: PAT index 2, UC-.
      assertEquals(new PtePermissions(true, false, true, true, false, false),
          codec.hardwarePermissions(0x40000015L));
      assertFalse(codec.hardwarePermissions(0x40000162L).valid());
    }
  }

  @Nested
  class Pae {

    private final PteCodec codec = new X86Plugin().variants().get(1).pteCodec();

    @Test
    void pageKernelHasNx() {
      // 0x163 | 1 << 63.
      assertEquals(0x8000000000000163L, codec.pageKernel());
    }

    @Test
    void pfnPteIsPfnShiftedOrProt() {
      // (0x40000 << 12) | 0x163 | NX.
      assertEquals(0x8000000040000163L, codec.pfnPte(0x40000, codec.pageKernel()));
      // A page above 4 GiB: pfn 0x123456 is physical 0x1_2345_6000.
      assertEquals(0x8000000123456163L, codec.pfnPte(0x123456, codec.pageKernel()));
      // The highest pfn under PTE_PFN_MASK = 0x000ffffffffff000 (bits 12..51).
      assertEquals(0x800ffffffffff163L, codec.pfnPte(0xff_ffff_ffffL, codec.pageKernel()));
    }

    @Test
    void ptePfnRoundTrips() {
      assertEquals(0x40000L, codec.ptePfn(0x8000000040000163L));
      assertEquals(0x123456L, codec.ptePfn(codec.pfnPte(0x123456, codec.pageKernel())));
      assertEquals(0xff_ffff_ffffL, codec.ptePfn(0x800ffffffffff163L));
    }

    @Test
    void pfnIsFortyBits() {
      // __PHYSICAL_MASK_SHIFT 52 (page_32_types.h): 52 - 12 = 40 pfn bits.
      assertEquals(1L << 40, codec.maxPfn());
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 40, 0x163));
      // Bit 12 belongs to the pfn, not to prot.
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x1163));
    }

    @Test
    void pteNoneIgnoresTheKnightsLandingErratumBits() {
      // _PAGE_KNL_ERRATUM_MASK = _PAGE_DIRTY | _PAGE_ACCESSED = 0x60 with X86_PAE.
      assertTrue(codec.pteNone(0));
      assertTrue(codec.pteNone(0x60));
      assertTrue(codec.pteNone(0x20));
      assertFalse(codec.pteNone(0x61));
      assertFalse(codec.pteNone(0x8000000000000000L));
      assertFalse(codec.pteNone(0x1000));
    }

    @Test
    void presentIsPageBitZero() {
      assertTrue(codec.ptePresent(0x8000000040000163L));
      assertFalse(codec.ptePresent(0x8000000040000162L));
    }

    @Test
    void describeSpellsTheFlags() {
      assertEquals("P|RW|A|D|G|NX pfn=0x40000", codec.describe(0x8000000040000163L));
      assertEquals("P|RW|A|D|G|NX pfn=0x123456", codec.describe(0x8000000123456163L));
      assertEquals("A|D pfn=0x0", codec.describe(0x60));
      // Bit 52 is above PTE_PFN_MASK and has no name on x86-32.
      assertEquals("bit52 pfn=0x0", codec.describe(1L << 52));
    }

    @Test
    void nxForbidsExecution() {
      assertEquals(new PtePermissions(true, true, false, false, true, true),
          codec.hardwarePermissions(0x8000000040000163L));
      assertFalse(codec.kmapProtExecutable());
      // PAT bit 7 with PWT: index 5, write-protect, cacheable; without NX it executes.
      assertEquals(new PtePermissions(true, true, false, true, true, true),
          codec.hardwarePermissions(0x400001ebL));
    }
  }
}
