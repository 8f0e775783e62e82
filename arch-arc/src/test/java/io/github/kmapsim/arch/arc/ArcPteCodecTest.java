// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * PTE and PD1 words against {@code arch/arc/include/asm/pgtable.h} (v5.11, MMU v4,
 * ARC_CACHE_PAGES): C 0x1, X 0x2, W 0x4, R 0x8, A 0x10, D 0x20, G 0x100, P 0x200; PAGE_KERNEL =
 * X|W|R|G|P|C = 0x30f; pfn_pte = pfn << 13 | prot; PD1 = (rwx << 3 for a global PTE) | (pte &
 * (PAGE_MASK_PHYS | C)) ({@code create_tlb()}, arch/arc/mm/tlb.c): 0x71 for PAGE_KERNEL.
 */
class ArcPteCodecTest {

  @Nested
  class Plain {
    private final PteCodec codec = new ArcPlugin().variants().get(0).pteCodec();

    @Test
    void pageKernelIsGlobalPresentCachedRwx() {
      assertEquals(0x30fL, codec.pageKernel());
      assertEquals(0x30fL, codec.kmapProt());
      assertEquals(32, codec.pteBits());
      assertTrue(codec.pteWrite(0x30f));
      assertFalse(codec.pteWrite(0x30b));
      assertEquals(0L, codec.emptyPte());
      assertTrue(codec.pteNone(0));
      assertFalse(codec.ptePresent(0x10f), "no _PAGE_PRESENT");
    }

    @Test
    void pfnPteAndPd1() {
      // pfn 0x20000 = 1 GiB / 8 KiB, the first highmem page: 0x40000000 | 0x30f.
      assertEquals(0x4000030fL, codec.pfnPte(0x20000, 0x30f));
      assertEquals(0x20000L, codec.ptePfn(0x4000030fL));
      // Kr Kw Kx = 0xe << 3 = 0x70, | C: PD1 0x40000071.
      assertEquals(0x40000071L, codec.hardwarePte(0x4000030fL));
      // A user PTE (no G) keeps Ur Uw Ux too: 0xe | 0x70.
      assertEquals(0x4000007fL, codec.hardwarePte(0x4000020fL));
      assertEquals(0x7ffff, codec.ptePfn(codec.pfnPte(0x7ffff, 0x30f)));
    }

    @Test
    void thePhysicalAddressIs32Bits() {
      assertEquals(0x80000L, codec.maxPfn()); // 1 << (32 - 13)
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(0x80000, 0x30f));
      assertTrue(e.getMessage().contains("32-bit physical address"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x2000));
    }

    @Test
    void writeCombineIsUncached() {
      assertEquals(0x30eL, codec.pgprotWritecombine(0x30f)); // pgprot_noncached: & ~C
    }

    @Test
    void describeSpellsTheFlags() {
      assertEquals("C|X|W|R|G|P pfn=0x20000", codec.describe(0x4000030fL));
      assertEquals("none", codec.describe(0));
    }

    @Test
    void pd1Decodes() {
      // Kr Kw Kx and C, PD0's G.
      assertEquals(new PtePermissions(true, true, false, true, true, true),
          codec.hardwarePermissions(0x4000030fL));
      PtePermissions user = codec.hardwarePermissions(0x4000020fL);
      assertTrue(user.userAccessible() && !user.global());
      assertFalse(codec.hardwarePermissions(0x4000030eL).cacheable());
      assertTrue(codec.kmapProtExecutable());
    }
  }

  @Nested
  class Pae40 {
    private final PteCodec codec = new ArcPlugin().variants().get(1).pteCodec();

    @Test
    void aPfnAbove4GibFitsA64BitPte() {
      assertEquals(64, codec.pteBits());
      assertEquals(0x30fL, codec.pageKernel());
      // pfn 0x80000 = 4 GiB / 8 KiB: physical 0x1_0000_0000.
      assertEquals(0x000000010000030fL, codec.pfnPte(0x80000, 0x30f));
      assertEquals(0x80000L, codec.ptePfn(0x000000010000030fL));
      // PD1HI:PD1 = 0x00000001:0x00000071.
      assertEquals(0x0000000100000071L, codec.hardwarePte(0x000000010000030fL));
      // The last page of 1 TiB: pfn 0x7ffffff, physical 0xff_ffff_e000.
      assertEquals(0xffffffe30fL, codec.pfnPte(0x7ffffff, 0x30f));
      assertEquals(0xffffffe071L, codec.hardwarePte(0xffffffe30fL));
    }

    @Test
    void thePhysicalAddressIs40Bits() {
      assertEquals(1L << 27, codec.maxPfn()); // MAX_PHYSMEM_BITS 40, PAGE_SHIFT 13
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 27, 0x30f));
      assertTrue(e.getMessage().contains("40-bit physical address of ARC with PAE40"),
          e.getMessage());
    }

    @Test
    void describeShowsTheHighPfn() {
      assertEquals("C|X|W|R|G|P pfn=0x80000", codec.describe(0x000000010000030fL));
    }
  }
}
