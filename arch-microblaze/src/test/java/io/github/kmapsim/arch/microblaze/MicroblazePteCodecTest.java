// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Test;

/**
 * PTE and TLBLO words against {@code arch/microblaze/include/asm/pgtable.h} (v5.11): G = 0x1, P =
 * 0x2, I = 0x4, W = 0x8, USER = 0x10, RW = 0x40, DIRTY = 0x80, HWWRITE = 0x100, HWEXEC = 0x200,
 * ACCESSED = 0x400; PAGE_KERNEL = P | A | RW | D | HWWRITE | HWEXEC = 0x7c2. TLBLO = (pte &amp;
 * ~0xce2) | HWEXEC ({@code hw_exception_handler.S}).
 */
class MicroblazePteCodecTest {

  private static final long PAGE_KERNEL = 0x7c2L;

  private final PteCodec codec = new MicroblazePlugin().variants().get(0).pteCodec();

  @Test
  void pageKernelIsKmapProt() {
    assertEquals(PAGE_KERNEL, codec.pageKernel());
    assertEquals(PAGE_KERNEL, codec.kmapProt());
    assertEquals(32, codec.pteBits());
    assertTrue(codec.ptePresent(PAGE_KERNEL));
    assertTrue(codec.pteWrite(PAGE_KERNEL));
    assertFalse(codec.pteWrite(PAGE_KERNEL & ~0x40L), "_PAGE_RW is 0x40");
    assertFalse(codec.ptePresent(PAGE_KERNEL & ~0x2L), "_PAGE_PRESENT is 0x2");
  }

  @Test
  void pfnPteAndTlbloOfTheFirstHighmemPage() {
    // max_low_pfn 0x30000 (768 MiB): (0x30000 << 12) | 0x7c2.
    assertEquals(0x300007c2L, codec.pfnPte(0x30000, PAGE_KERNEL));
    assertEquals(0x30000L, codec.ptePfn(0x300007c2L));
    // TLBLO: 0x7c2 & ~0xce2 = 0x100 (WR), | 0x200 (EX): zone 0, cached, not guarded.
    assertEquals(0x30000300L, codec.hardwarePte(0x300007c2L));
  }

  @Test
  void theEmptyPteIsZero() {
    assertEquals(0L, codec.emptyPte());
    assertTrue(codec.pteNone(0));
    assertFalse(codec.pteNone(0x1), "_PTE_NONE_MASK is 0: any bit makes a PTE non-none");
    InMemoryPteTable table = new InMemoryPteTable(2);
    codec.setPte(table, 1, 0x300007c2L);
    codec.pteClear(table, 1);
    assertEquals(0L, table.get(1), "pte_clear = set_pte_at(__pte(0))");
  }

  @Test
  void writeCombineIsNoncachedWc() {
    // io_mapping_init_wc: pgprot_noncached_wc(PAGE_KERNEL) = (0x7c2 & ~0xd) | _PAGE_NO_CACHE.
    assertEquals(0x7c6L, codec.pgprotWritecombine(PAGE_KERNEL));
    // TLBLO keeps I: 0x7c6 & ~0xce2 = 0x104, | EX = 0x304.
    assertEquals(0x30000304L, codec.hardwarePte(codec.pfnPte(0x30000, 0x7c6L)));
  }

  @Test
  void thePhysicalWidthIs32Bits() {
    assertEquals(1L << 20, codec.maxPfn());
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 20, PAGE_KERNEL));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x1000));
  }

  @Test
  void describeSpellsTheFlags() {
    assertEquals("P|RW|D|HWWRITE|HWEXEC|A pfn=0x30000", codec.describe(0x300007c2L));
    assertEquals("G|bit5|bit11 pfn=0x1", codec.describe(0x1821L));
    assertEquals("pfn=0x2", codec.describe(0x2000L));
    assertEquals("none", codec.describe(0));
  }

  @Test
  void theTlbloWordDecodes() {
    assertEquals(new PtePermissions(true, true, false, true, true, true),
        codec.hardwarePermissions(0x300007c2L));
    assertFalse(codec.hardwarePermissions(0x300007c6L).cacheable(), "I");
    assertTrue(codec.hardwarePermissions(0x300007d2L).userAccessible(), "ZSEL's user zone");
    assertEquals(PtePermissions.INVALID, codec.hardwarePermissions(0x300007c0L));
    assertTrue(codec.kmapProtExecutable());
  }
}
