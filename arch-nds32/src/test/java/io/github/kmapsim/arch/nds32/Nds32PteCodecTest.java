// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Test;

/**
 * PTE words against {@code arch/nds32/include/asm/pgtable.h} (v5.11): _PAGE_V 0x1, _PAGE_M_KRW
 * 0xe, _PAGE_M_URW_KRW 0x6, _PAGE_D 0x10, _PAGE_E 0x20, _PAGE_G 0x80, _PAGE_C_MEM_WB 0x600,
 * _PAGE_C_DEV_WB 0x100; PAGE_KERNEL (no SMP, write-back) = 0x6bf; pfn_pte = pfn << 12 | prot.
 */
class Nds32PteCodecTest {

  private final PteCodec codec = new Nds32Plugin().variants().get(0).pteCodec();

  @Test
  void pageKernelIsKernelReadWriteGlobalWriteBack() {
    assertEquals(0x6bfL, codec.pageKernel());
    assertEquals(0x6bfL, codec.kmapProt());
    assertEquals(32, codec.pteBits());
    assertEquals(0L, codec.emptyPte());
    assertTrue(codec.pteNone(0));
    assertTrue(codec.ptePresent(0x6bf));
    assertFalse(codec.ptePresent(0x6be));
  }

  @Test
  void pfnPteShiftsByTwelve() {
    // max_low_pfn 0x475ff is the first highmem page: 0x475ff000 | 0x6bf.
    assertEquals(0x475ff6bfL, codec.pfnPte(0x475ff, 0x6bf));
    assertEquals(0x475ffL, codec.ptePfn(0x475ff6bfL));
    assertEquals(0x475ff6bfL, codec.hardwarePte(0x475ff6bfL), "the MMU reads the PTE itself");
    assertEquals(0x100000L, codec.maxPfn());
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(0x100000, 0x6bf));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x16bf));
  }

  @Test
  void pteWriteIsUserWriteWhileTheKernelWritesThroughKrw() {
    assertFalse(codec.pteWrite(0x6bf), "PAGE_KERNEL is M=KRW, not URW_KRW");
    assertTrue(codec.hardwareWritable(0x6bf), "pte_kernel_write(): KRW");
    assertTrue(codec.pteWrite(0x697), "PAGE_SHARED-like URW_KRW");
    assertTrue(codec.hardwareWritable(0x697));
    assertTrue(codec.hardwareWritable(0x695), "UR_KRW");
    assertFalse(codec.hardwareWritable(0x6bb), "KR");
    assertFalse(codec.hardwareWritable(0x693), "UR_KR");
    assertTrue(codec.hardwareWritable(0x6a1), "XKRW with _PAGE_E");
    assertFalse(codec.hardwareWritable(0x681), "XKRW without _PAGE_E");
  }

  @Test
  void writeCombineIsDeviceWriteBack() {
    assertEquals(0x1bfL, codec.pgprotWritecombine(0x6bf));
  }

  @Test
  void describeSpellsTheModes() {
    assertEquals("V|M=KRW|D|E|G|C=MEM_WB pfn=0x475ff", codec.describe(0x475ff6bfL));
    assertEquals("V|M=URW_KRW|D|C=DEV_WB pfn=0x1", codec.describe(0x1117L));
    assertEquals("none", codec.describe(0));
  }

  @Test
  void thePteIsTheHardwaresWord() {
    assertEquals(new PtePermissions(true, true, false, true, true, true),
        codec.hardwarePermissions(0x475ff6bfL));
    assertFalse(codec.hardwarePermissions(0x475ff1bfL).cacheable(), "device write-back");
    assertTrue(codec.hardwarePermissions(0x475ff6b7L).userAccessible(), "URW_KRW");
    assertTrue(codec.kmapProtExecutable());
  }
}
