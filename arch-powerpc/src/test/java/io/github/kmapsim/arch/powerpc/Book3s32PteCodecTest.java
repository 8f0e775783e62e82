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
 * Linux PTE and HPTE words against {@code asm/book3s/32/hash.h}, {@code pgtable.h} and {@code
 * create_hpte} ({@code mm/book3s32/hash_low.S}), v5.11: P = 0x1, HASHPTE = 0x2, USER = 0x4, G =
 * 0x8, M = 0x10, I = 0x20, W = 0x40, DIRTY (C) = 0x80, ACCESSED (R) = 0x100, EXEC = 0x200, RW =
 * 0x400; PAGE_KERNEL = P | A | M | D | RW = 0x591.
 */
class Book3s32PteCodecTest {

  private static final long PAGE_KERNEL = 0x591L;

  private final PteCodec codec = new PowerpcPlugin().variants().get(0).pteCodec();

  @Test
  void pageKernelIsKmapProt() {
    assertEquals(PAGE_KERNEL, codec.pageKernel());
    assertEquals(PAGE_KERNEL, codec.kmapProt());
    assertEquals(32, codec.pteBits());
    assertTrue(codec.ptePresent(PAGE_KERNEL));
    assertTrue(codec.pteWrite(PAGE_KERNEL));
    assertFalse(codec.pteWrite(PAGE_KERNEL & ~0x400L), "_PAGE_RW is 0x400");
  }

  @Test
  void pfnPteAndHpteOfTheFirstHighmemPage() {
    // max_low_pfn 0x30000: (0x30000 << PTE_RPN_SHIFT 12) | 0x591.
    assertEquals(0x30000591L, codec.pfnPte(0x30000, PAGE_KERNEL));
    assertEquals(0x30000L, codec.ptePfn(0x30000591L));
    // HPTE word 1: RPN | R | C | M (0x190), PP 00; RW and PRESENT are Linux-only bits.
    assertEquals(0x30000190L, codec.hardwarePte(0x30000591L));
    assertEquals(0x30000190L, codec.hardwarePte(0x30000593L), "HASHPTE is not in the HPTE");
  }

  @Test
  void userPagesGetPpFromRwAndDirty() {
    // PAGE_SHARED = _PAGE_BASE (0x111) | USER | RW = 0x515: PP 3 (read-only) until dirty,
    // then PP 1 (read-write): "PP = user? (rw&dirty? 1: 3): 0".
    assertEquals(0x113L, codec.hardwarePte(0x515L));
    assertEquals(0x191L, codec.hardwarePte(0x595L));
  }

  @Test
  void thePhysicalWidthIs32Bits() {
    assertEquals(1L << 20, codec.maxPfn());
    assertEquals(0xfffff591L, codec.pfnPte(0xfffff, PAGE_KERNEL));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 20, PAGE_KERNEL));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x1591));
  }

  @Test
  void setPteAtAndPteClearKeepHashpte() {
    InMemoryPteTable table = new InMemoryPteTable(2);
    table.set(1, 0x2); // an HPTE may still exist for the slot
    assertTrue(codec.pteNone(0x2), "_PTE_NONE_MASK is _PAGE_HASHPTE");
    codec.setPte(table, 1, 0x30000591L);
    assertEquals(0x30000593L, table.get(1), "pte_update(ptep, ~_PAGE_HASHPTE, pte)");
    codec.pteClear(table, 1);
    assertEquals(0x2L, table.get(1), "pte_update(ptep, ~_PAGE_HASHPTE, 0)");
    codec.setPte(table, 0, 0x30000593L);
    assertEquals(0x30000591L, table.get(0), "set_pte_filter() drops _PAGE_HPTEFLAGS");
    assertEquals(0L, codec.emptyPte());
  }

  @Test
  void writeCombineIsNoncachedWc() {
    // (0x591 & ~(M | G | I | W)) | I = 0x5a1; the HPTE has R | C | I, no M.
    assertEquals(0x5a1L, codec.pgprotWritecombine(PAGE_KERNEL));
    assertEquals(0x300001a0L, codec.hardwarePte(codec.pfnPte(0x30000, 0x5a1)));
  }

  @Test
  void describeSpellsTheFlags() {
    assertEquals("P|M|D|A|RW pfn=0x30000", codec.describe(0x30000591L));
    assertEquals("HASHPTE pfn=0x0", codec.describe(0x2));
    assertEquals("none", codec.describe(0));
  }

  @Test
  void theHpteDecodesWithLinuxsSegmentKeys() {
    // PP 00: read-write for the kernel (Ks 0), nothing for user mode (Kp 1).
    assertEquals(new PtePermissions(true, true, false, true, true, true),
        codec.hardwarePermissions(0x30000591L));
    assertFalse(codec.hardwarePermissions(0x300005a1L).cacheable(), "I");
    // P|USER|A|RW|DIRTY: PP 01, both write; P|USER|A: PP 11, both read only.
    PtePermissions userRw = codec.hardwarePermissions(0x30000585L);
    assertTrue(userRw.kernelWritable() && userRw.userAccessible());
    PtePermissions userRo = codec.hardwarePermissions(0x30000105L);
    assertTrue(!userRo.kernelWritable() && userRo.userAccessible());
    assertTrue(codec.kmapProtExecutable());
  }
}
