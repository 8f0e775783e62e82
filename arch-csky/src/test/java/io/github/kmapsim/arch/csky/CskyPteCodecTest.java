// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Test;

/**
 * PTE words against {@code arch/csky/abiv2/inc/abi/pgtable-bits.h} and {@code asm/pgtable.h}
 * (v5.11): G = 0x1, V = 0x2, D = 0x4, C = 0x8, SO = 0x20, B = 0x40 (hardware), A = 0x80, R =
 * 0x100, W = 0x200, P = 0x400, M = 0x800 (software); PAGE_KERNEL = P | (R|V|A) | (W|D|M) | G |
 * (C|B) = 0xfcf; pfn_pte = pfn &lt;&lt; 12 | prot.
 */
class CskyPteCodecTest {

  private static final long PAGE_KERNEL = 0xfcfL;

  private final PteCodec codec = new CskyPlugin().variants().get(0).pteCodec();

  @Test
  void pageKernelIsKmapProt() {
    assertEquals(PAGE_KERNEL, codec.pageKernel());
    assertEquals(PAGE_KERNEL, codec.kmapProt(), "highmem-internal.h: kmap_prot = PAGE_KERNEL");
    assertEquals(32, codec.pteBits());
    assertTrue(codec.ptePresent(PAGE_KERNEL));
    assertTrue(codec.pteWrite(PAGE_KERNEL));
    assertFalse(codec.pteWrite(PAGE_KERNEL & ~0x200L), "_PAGE_WRITE is bit 9");
    assertFalse(codec.ptePresent(PAGE_KERNEL & ~0x400L), "_PAGE_PRESENT is bit 10");
  }

  @Test
  void pfnPteOfTheFirstHighmemPage() {
    // max_low_pfn 0x40000 (1 GiB): (0x40000 << 12) | 0xfcf. The MMU's word is the same.
    assertEquals(0x40000fcfL, codec.pfnPte(0x40000, PAGE_KERNEL));
    assertEquals(0x40000fcfL, codec.hardwarePte(0x40000fcfL));
    assertEquals(0x40000L, codec.ptePfn(0x40000fcfL));
    assertEquals(0xfffff000L | PAGE_KERNEL, codec.pfnPte(0xfffff, PAGE_KERNEL));
  }

  @Test
  void thePhysicalWidthIs32Bits() {
    assertEquals(1L << 20, codec.maxPfn()); // 4 GiB of 4 KiB pages
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1L << 20, PAGE_KERNEL));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(-1, PAGE_KERNEL));
    assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x1fcf));
  }

  @Test
  void pteClearLeavesGlobalAndPteNoneIgnoresIt() {
    InMemoryPteTable table = new InMemoryPteTable(4);
    assertEquals(0L, codec.emptyPte(), "a fresh table is zeroed memblock memory");
    assertTrue(codec.pteNone(table.get(2)));
    codec.setPte(table, 2, 0x40000fcfL);
    assertEquals(0x40000fcfL, table.get(2));
    assertEquals(0L, table.get(3), "set_pte touches no buddy");
    codec.pteClear(table, 2);
    assertEquals(0x1L, table.get(2), "pte_clear of a kernel address writes _PAGE_GLOBAL");
    assertTrue(codec.pteNone(0x1));
    assertFalse(codec.ptePresent(0x1));
    assertFalse(codec.pteNone(0x3), "_PAGE_VALID is not ignored");
    assertFalse(codec.pteNone(0x40000fcfL));
  }

  @Test
  void writeCombineClearsOnlyTheCacheBit() {
    // (prot & ~_CACHE_MASK) | _CACHE_UNCACHED: _CACHE_MASK is _PAGE_CACHE alone, B stays.
    assertEquals(0xfc7L, codec.pgprotWritecombine(PAGE_KERNEL));
  }

  @Test
  void describeSpellsTheFlags() {
    assertEquals("G|V|D|C|B|A|R|W|P|M pfn=0x40000", codec.describe(0x40000fcfL));
    assertEquals("G|V|D|bit4|SO pfn=0x1", codec.describe(0x1037L));
    assertEquals("none", codec.describe(0));
    assertEquals("none (G)", codec.describe(1));
  }

  @Test
  void bothVariantsShareTheFormat() {
    for (ArchVariant v : new CskyPlugin().variants()) {
      assertEquals(PAGE_KERNEL, v.pteCodec().pageKernel(), v.name());
      assertEquals(1L << 20, v.pteCodec().maxPfn(), v.name());
    }
  }

  @Test
  void theRefillWordDecodes() {
    assertEquals(new PtePermissions(true, true, false, true, true, true),
        codec.hardwarePermissions(0x40000fcfL));
    assertFalse(codec.hardwarePermissions(0x40000fc7L).cacheable(), "write-combine clears C");
    assertFalse(codec.hardwarePermissions(0x1).valid(), "what pte_clear leaves");
    assertTrue(codec.kmapProtExecutable());
  }
}
