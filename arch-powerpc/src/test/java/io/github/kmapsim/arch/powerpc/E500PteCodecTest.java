// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Test;

/**
 * 64-bit PTE and MAS7:MAS3 words against {@code asm/nohash/pte-book3e.h} and {@code
 * finish_tlb_load} ({@code head_fsl_booke.S}), v5.11 with PTE_64BIT and SMP: P = 0x1, BAP_SR =
 * 0x4, BAP_SW = 0x10, PSIZE_4K = 0x200, DIRTY = 0x1000, ACCESSED = 0x40000, M = 0x200000;
 * PAGE_KERNEL = _PAGE_BASE (P | A | 4K | M) | _PAGE_KERNEL_RW (SW | SR | D) = 0x241215;
 * PTE_RPN_SHIFT = 24.
 */
class E500PteCodecTest {

  private static final long PAGE_KERNEL = 0x241215L;

  private final PteCodec codec = new PowerpcPlugin().variants().get(1).pteCodec();

  @Test
  void pageKernelIsKmapProt() {
    assertEquals(PAGE_KERNEL, codec.pageKernel());
    assertEquals(PAGE_KERNEL, codec.kmapProt());
    assertEquals(64, codec.pteBits());
    assertTrue(codec.ptePresent(PAGE_KERNEL));
    assertTrue(codec.pteWrite(PAGE_KERNEL), "_PAGE_RW = BAP_SW | BAP_UW");
    assertFalse(codec.pteWrite(PAGE_KERNEL & ~0x10L));
  }

  @Test
  void pfnPteAndMasOfTheFirstHighmemPage() {
    // (0x30000 << 24) | 0x241215: the RPN straddles the two words.
    assertEquals(0x0000_0300_0024_1215L, codec.pfnPte(0x30000, PAGE_KERNEL));
    assertEquals(0x30000L, codec.ptePfn(0x0000_0300_0024_1215L));
    // MAS7:MAS3 = physical address | SR | SW (PTE bits 2..7 >> 2 = 0x5).
    assertEquals(0x3000_0005L, codec.hardwarePte(0x0000_0300_0024_1215L));
  }

  @Test
  void pagesAbove4GiBFitThe36BitPhysicalSpace() {
    assertEquals(1L << 24, codec.maxPfn()); // 64 GiB of 4 KiB pages
    assertEquals(0x0000_1000_0024_1215L, codec.pfnPte(0x100000, PAGE_KERNEL)); // 4 GiB
    assertEquals(0x1_0000_0005L, codec.hardwarePte(0x0000_1000_0024_1215L), "MAS7 = 1");
    assertEquals(0x0000_ffff_ff24_1215L, codec.pfnPte(0xffffff, PAGE_KERNEL));
    assertEquals(0xf_ffff_f005L, codec.hardwarePte(0x0000_ffff_ff24_1215L));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 24, PAGE_KERNEL));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 1L << 24));
  }

  @Test
  void aCleanPageIsReadOnlyInTheTlb() {
    // finish_tlb_load drops MAS3_SW | MAS3_UW when _PAGE_DIRTY is clear.
    assertEquals(0x3000_0001L, codec.hardwarePte(codec.pfnPte(0x30000, 0x240215)));
  }

  @Test
  void pteClearKeepsTheHighWord() {
    InMemoryPteTable table = new InMemoryPteTable(2);
    assertEquals(0L, codec.emptyPte());
    codec.setPte(table, 0, 0x0000_0300_0024_1215L);
    codec.pteClear(table, 0);
    assertEquals(0x0000_0300_0000_0000L, table.get(0), "the top part is never cleared on 32-bit");
    assertTrue(codec.pteNone(table.get(0)), "_PTE_NONE_MASK = 0xffffffff00000000");
    assertFalse(codec.ptePresent(table.get(0)));
    assertFalse(codec.pteNone(0x0000_0300_0000_0001L));
    codec.setPte(table, 0, 0x0000_0400_0024_1215L);
    assertEquals(0x0000_0400_0024_1215L, table.get(0), "set_pte_at stores both words");
  }

  @Test
  void writeCombineIsNoncachedWc() {
    assertEquals(0x441215L, codec.pgprotWritecombine(PAGE_KERNEL)); // M off, I on
  }

  @Test
  void describeSpellsTheFlags() {
    assertEquals("P|SR|SW|4K|D|A|M pfn=0x30000", codec.describe(0x0000_0300_0024_1215L));
    assertEquals("P|SR|SW|4K|D|A|I pfn=0x30000", codec.describe(0x0000_0300_0044_1215L));
    assertEquals("none (high word 0x300)", codec.describe(0x0000_0300_0000_0000L));
    assertEquals("none", codec.describe(0));
  }

  @Test
  void mas3AndMas2Decode() {
    // MAS3 SR|SW, WIMGE cached: data only, PAGE_KERNEL_X adds SX.
    assertEquals(new PtePermissions(true, true, false, false, true, true),
        codec.hardwarePermissions(0x0000030000241215L));
    assertTrue(codec.hardwarePermissions(0x0000030000241255L).executable());
    assertFalse(codec.hardwarePermissions(0x0000030000441215L).cacheable(), "I in MAS2");
    assertFalse(codec.hardwarePermissions(0x0000030000240215L).kernelWritable(), "clean");
    assertFalse(codec.kmapProtExecutable());
  }
}
