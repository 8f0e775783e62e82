// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Raw Linux and hardware PTE words against the ARM headers and set_pte_ext. */
class ArmPteCodecTest {

  /**
   * pgtable-2level.h: PRESENT 0x1, YOUNG 0x2, MT bits 5:2 (WRITEALLOC 0x1c, WRITEBACK 0x0c,
   * DEV_SHARED 0x10), DIRTY 0x40, RDONLY 0x80, USER 0x100, XN 0x200, SHARED 0x400, NONE 0x800.
   * pgtable-2level-hwdef.h: XN bit 0, small page 0x2, B 0x4, C 0x8, AP0 0x10, AP1 0x20, TEX[0]
   * 0x40, APX 0x200, S 0x400. proc-v7-2level.S cpu_v7_set_pte_ext with ext 0: clear 0x3f0 and
   * 0x3, OR AP0|2, TEX[0] from Linux bit 4, APX if RDONLY or !DIRTY, AP1 if USER, XN if XN,
   * 0 unless YOUNG and VALID and !NONE.
   */
  @Nested
  class Classic {

    private static final long PAGE_KERNEL = 0x65f;

    private final PteCodec codec = Variants.named("arm").pteCodec();

    @Test
    void bothClassicVariantsShareTheCodecLayout() {
      PteCodec vivt = Variants.named("arm-vivt").pteCodec();
      assertEquals(codec.pageKernel(), vivt.pageKernel());
      assertEquals(codec.hardwarePte(0x4000065fL), vivt.hardwarePte(0x4000065fL));
    }

    @Test
    void pageKernelIsWriteAllocSharedExecuteNever() {
      // P 0x1 | Y 0x2 | D 0x40 | MT_WRITEALLOC 0x1c | S 0x400 | XN 0x200 (mmu.c, SMP ARMv7).
      assertEquals(PAGE_KERNEL, codec.pageKernel());
      assertEquals(PAGE_KERNEL, codec.kmapProt());
      assertTrue(codec.pteWrite(PAGE_KERNEL), "no L_PTE_RDONLY");
      assertFalse(codec.pteWrite(PAGE_KERNEL | 1L << 7), "L_PTE_RDONLY is bit 7");
    }

    @Test
    void pageKernelLinuxAndHardwareWords() {
      // (0x40000 << 12) | 0x65f.
      long pte = codec.pfnPte(0x40000, PAGE_KERNEL);
      assertEquals(0x4000065fL, pte);
      // 0x4000065f & ~0x3f3 = 0x4000040c; | AP0 0x10 | 2 = 0x4000041e; Linux bit 4 set, so
      // TEX[0] 0x40: 0x4000045e; dirty and writable, no APX; XN bit 0: 0x4000045f.
      // TEX[0]:C:B = 111, WRITEALLOC in PRRR/NMRR; S at bit 10; AP = 01, kernel RW.
      assertEquals(0x4000045fL, codec.hardwarePte(pte));
      assertTrue(codec.ptePresent(pte));
    }

    @Test
    void cleanOrReadOnlyPagesGetApx() {
      // Clean: 0x65f & ~D 0x40 = 0x61f; hardware as above plus APX 0x200.
      long clean = codec.pfnPte(0x40000, PAGE_KERNEL & ~0x40);
      assertEquals(0x4000061fL, clean);
      assertEquals(0x4000065fL, codec.hardwarePte(clean));
      // FIXMAP_PAGE_RO = PAGE_KERNEL | L_PTE_RDONLY 0x80.
      long readOnly = codec.pfnPte(0x40000, PAGE_KERNEL | 0x80);
      assertEquals(0x400006dfL, readOnly);
      assertEquals(0x4000065fL, codec.hardwarePte(readOnly));
    }

    @Test
    void otherMemoryTypesAndUserPages() {
      // UP policy writeback: P|Y|D|MT_WRITEBACK 0x0c|XN = 0x24f; bit 4 clear, so TEX[0]:C:B = 011.
      assertEquals(0x4000001fL, codec.hardwarePte(0x4000024fL));
      // FIXMAP_PAGE_IO: P|Y|XN|D|MT_DEV_SHARED 0x10|S = 0x653; TEX[0]:C:B = 100 (device).
      assertEquals(0x40000453L, codec.hardwarePte(0x40000653L));
      // L_PTE_USER 0x100 adds AP1 0x20.
      assertEquals(0x4000047fL, codec.hardwarePte(0x4000075fL));
    }

    @Test
    void oldInvalidOrProtNoneMeansAFaultEntry() {
      assertEquals(0, codec.hardwarePte(0x4000065dL)); // !YOUNG
      assertEquals(0, codec.hardwarePte(0x4000065eL)); // !VALID
      assertEquals(0, codec.hardwarePte(0x40000e5fL)); // NONE 0x800
      assertFalse(codec.ptePresent(0x4000065dL));
      assertFalse(codec.ptePresent(0x40000e5fL));
      assertFalse(codec.ptePresent(0));
    }

    @Test
    void pfnIsTwentyBits() {
      // MAX_POSSIBLE_PHYSMEM_BITS 32.
      assertEquals(1L << 20, codec.maxPfn());
      assertEquals(32, codec.pteBits());
      assertEquals(0xfffff65fL, codec.pfnPte(0xfffff, PAGE_KERNEL));
      assertEquals(0xfffffL, codec.ptePfn(0xfffff65fL));
      assertEquals(0x40000L, codec.ptePfn(0x4000065fL));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 20, PAGE_KERNEL));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(-1, PAGE_KERNEL));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x1000));
    }

    @Test
    void setPteStoresTheLinuxWordAndPteClearZero() {
      MapPteTable table = new MapPteTable();
      assertTrue(codec.pteNone(table.get(7)));
      codec.setPte(table, 7, 0x4000065fL);
      assertEquals(0x4000065fL, table.get(7));
      assertFalse(codec.pteNone(table.get(7)));
      codec.pteClear(table, 7);
      assertEquals(0L, table.get(7));
      assertEquals(0L, codec.emptyPte());
    }

    @Test
    void describeNamesTheLinuxFlags() {
      assertEquals("P|Y|D|XN|S|MT_WRITEALLOC pfn=0x40000", codec.describe(0x4000065fL));
      assertEquals("P|Y|D|RDONLY|XN|S|MT_WRITEALLOC pfn=0x40000", codec.describe(0x400006dfL));
      assertEquals("P|USER|NONE|MT_WRITEBACK pfn=0x1", codec.describe(0x190dL));
      // 0x14 (0101) has no L_PTE_MT_* name.
      assertEquals("P|MT_0x14 pfn=0x0", codec.describe(0x15));
      assertEquals("none", codec.describe(0));
    }

    @Test
    void theHardwareWordDecodesThroughTheTexRemap() {
      // 0x4000045f: small page, AP0, TEX[0]:C:B = 111 (WRITEALLOC), XN, global.
      assertEquals(new PtePermissions(true, true, false, false, true, true),
          codec.hardwarePermissions(0x4000065fL));
      // P|Y|MT_WRITEBACK|D|RDONLY|USER: APX and AP1, index 011, no XN: 0x4000023e.
      assertEquals(new PtePermissions(true, false, true, true, true, true),
          codec.hardwarePermissions(0x400001cfL));
      // BUFFERABLE (index 001) is normal non-cacheable memory; not YOUNG is a fault entry.
      assertFalse(codec.hardwarePermissions(codec.pgprotWritecombine(0x4000065fL)).cacheable());
      assertEquals(PtePermissions.INVALID, codec.hardwarePermissions(0x4000065dL));
      assertFalse(codec.kmapProtExecutable());
    }
  }

  /**
   * pgtable-3level.h: VALID bit 0, PRESENT 3, MT = AttrIndx bits 4:2 (WRITEALLOC 7 << 2 = 0x1c),
   * USER bit 6, SHARED 3 << 8 = 0x300, YOUNG = AF bit 10 (0x400), XN bit 54, DIRTY 55, SPECIAL
   * 56, NONE 57, RDONLY 58; pgtable-3level-hwdef.h: AP2 bit 7 (0x80), PHYS_MASK_SHIFT 40.
   * proc-v7-3level.S (since 8109/1): valid and !NONE: AP2 set if RDONLY or !DIRTY, else cleared;
   * NONE: VALID cleared.
   */
  @Nested
  class Lpae {

    private static final long PAGE_KERNEL = 0x00c000000000071fL;

    private final PteCodec codec = Variants.named("arm-lpae").pteCodec();

    @Test
    void pageKernelHasAccessFlagDirtyAndExecuteNever() {
      // 3 | 0x1c | 0x300 | 0x400 (YOUNG = PTE_EXT_AF) = 0x71f; XN 1 << 54 | D 1 << 55.
      assertEquals(PAGE_KERNEL, codec.pageKernel());
      assertTrue(codec.pteWrite(PAGE_KERNEL));
      assertFalse(codec.pteWrite(PAGE_KERNEL | 1L << 58), "L_PTE_RDONLY is software bit 58");
    }

    @Test
    void pageKernelLinuxAndHardwareWords() {
      long pte = codec.pfnPte(0x40000, PAGE_KERNEL);
      assertEquals(0x00c000004000071fL, pte);
      // Dirty and writable: AP2 stays clear, the stored word is the Linux word.
      assertEquals(0x00c000004000071fL, codec.hardwarePte(pte));
      assertTrue(codec.ptePresent(pte));
    }

    @Test
    void cleanOrReadOnlyPagesGetAp2() {
      long clean = codec.pfnPte(0x40000, PAGE_KERNEL & ~(1L << 55));
      assertEquals(0x004000004000071fL, clean);
      assertEquals(0x004000004000079fL, codec.hardwarePte(clean));
      long readOnly = codec.pfnPte(0x40000, PAGE_KERNEL | 1L << 58);
      assertEquals(0x04c000004000071fL, readOnly);
      assertEquals(0x04c000004000079fL, codec.hardwarePte(readOnly));
      // A stale AP2 is cleared again for a writable dirty PTE.
      assertEquals(0x00c000004000071fL, codec.hardwarePte(0x00c000004000079fL));
    }

    @Test
    void protNoneClearsValidAndOldPagesFault() {
      long protNone = 0x02c000004000071fL; // PAGE_KERNEL | NONE 1 << 57
      assertEquals(0x02c000004000071eL, codec.hardwarePte(protNone));
      assertFalse(codec.ptePresent(protNone));
      assertFalse(codec.ptePresent(0x00c000004000031fL)); // AF 0x400 clear
      assertEquals(0L, codec.hardwarePte(0));
      assertFalse(codec.ptePresent(0));
    }

    @Test
    void outputAddressesAreFortyBits() {
      assertEquals(1L << 28, codec.maxPfn());
      assertEquals(64, codec.pteBits());
      // pfn 0x123456 is physical 0x1_2345_6000, above 4 GiB.
      assertEquals(0x00c000012345671fL, codec.pfnPte(0x123456, PAGE_KERNEL));
      assertEquals(0x123456L, codec.ptePfn(0x00c000012345671fL));
      assertEquals(0x00c000fffffff71fL, codec.pfnPte(0xfffffff, PAGE_KERNEL));
      assertEquals(0xfffffffL, codec.ptePfn(0x00c000fffffff71fL));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 28, PAGE_KERNEL));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, PAGE_KERNEL | 1L << 12));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, PAGE_KERNEL | 1L << 40));
    }

    @Test
    void setPteStoresThePfnPteValue() {
      MapPteTable table = new MapPteTable();
      long clean = 0x004000004000071fL;
      codec.setPte(table, 3, clean);
      assertEquals(clean, table.get(3));
      codec.pteClear(table, 3);
      assertTrue(codec.pteNone(table.get(3)));
    }

    @Test
    void describeNamesTheAttributes() {
      assertEquals("P|S|Y|XN|D|MT_WRITEALLOC pfn=0x40000", codec.describe(0x00c000004000071fL));
      assertEquals("P|AP2|S|Y|XN|MT_WRITEALLOC pfn=0x40000", codec.describe(0x004000004000079fL));
      assertEquals(
          "TABLE|S|Y|XN|D|NONE|MT_WRITEALLOC pfn=0x40000", codec.describe(0x02c000004000071eL));
      assertEquals("P|bit40|MT_UNCACHED pfn=0x0", codec.describe(1L << 40 | 3));
      assertEquals("VALID|bit9|MT_5 pfn=0x0", codec.describe(0x215));
      assertEquals("none", codec.describe(0));
    }

    @Test
    void theLongDescriptorDecodesThroughMair() {
      assertEquals(new PtePermissions(true, true, false, false, true, true),
          codec.hardwarePermissions(0x00c000004000071fL));
      // RDONLY|D|Y|USER|MT_BUFFERABLE|present: AP2 set by set_pte_ext, AttrIndx 1, no XN.
      assertEquals(new PtePermissions(true, false, true, true, false, true),
          codec.hardwarePermissions(0x0480000040000447L));
      // without the access flag the MMU faults
      assertEquals(PtePermissions.INVALID, codec.hardwarePermissions(0x00c000004000031fL));
    }
  }

  @org.junit.jupiter.api.Test
  void writeCombineIsMemoryTypeBufferable() {
    // __pgprot_modify(prot, L_PTE_MT_MASK, L_PTE_MT_BUFFERABLE): classic PAGE_KERNEL 0x65f has
    // MT_WRITEALLOC 0x1c in bits 5:2; replaced by 0x04 it is 0x643 | 0x04 = 0x647.
    assertEquals(0x647L, Variants.named("arm").pteCodec().pgprotWritecombine(0x65fL));
    // LPAE PAGE_KERNEL 0x00c000000000071f: AttrIndx 7 (bits 4:2 = 0x1c) becomes 1 (0x04).
    assertEquals(0x00c0000000000707L,
        Variants.named("arm-lpae").pteCodec().pgprotWritecombine(0x00c000000000071fL));
  }
}
