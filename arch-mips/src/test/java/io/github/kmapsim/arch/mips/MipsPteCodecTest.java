// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Raw PTE and EntryLo words against {@code arch/mips/include/asm/pgtable-bits.h} (R4K, CPU_HAS_RIXI):
 * P = 0x1, W = 0x2, A = 0x4, M = 0x8, NO_EXEC = 0x10, NO_READ = 0x20, G = 0x40, V = 0x80, D =
 * 0x100, cache attribute at bit 9; PAGE_KERNEL = P | (V|A) | (D|W|M) | G | 3 << 9 = 0x1cf | 0x600
 * = 0x7cf; PFN_PTE_SHIFT = PAGE_SHIFT - 12 + 9 + 3. EntryLo = pte >> 6 with NO_EXEC/NO_READ
 * rotated to XI (bit 30) and RI (bit 31): G = 0x1, V = 0x2, D = 0x4, C = bits 5:3, and the physical
 * address >> 12 from bit 6 whatever the page size.
 */
class MipsPteCodecTest {

  private static final long PAGE_KERNEL = 0x7cfL;

  @Nested
  class FourKiB {

    private final PteCodec codec = new MipsPlugin().variants().get(0).pteCodec();

    @Test
    void pageKernelIsPresentReadableWriteableGlobalCca3() {
      assertEquals(PAGE_KERNEL, codec.pageKernel());
      assertEquals(PAGE_KERNEL, codec.kmapProt());
      assertEquals(32, codec.pteBits());
      assertTrue(codec.pteWrite(PAGE_KERNEL));
      assertFalse(codec.pteWrite(PAGE_KERNEL & ~(1L << 1)), "_PAGE_WRITE is bit 1");
    }

    @Test
    void pfnPteShiftsByTwelve() {
      // PFN_PTE_SHIFT = 12 - 12 + 9 + 3 = 12: (0x40000 << 12) | 0x7cf, the page at 1 GiB.
      assertEquals(0x400007cfL, codec.pfnPte(0x40000, PAGE_KERNEL));
      // pfn 0x20000 = HIGHMEM_START >> 12, the first highmem page.
      assertEquals(0x200007cfL, codec.pfnPte(0x20000, PAGE_KERNEL));
      // The last pfn of 4 GiB: (0xfffff << 12) | 0x7cf.
      assertEquals(0xfffff7cfL, codec.pfnPte(0xfffff, PAGE_KERNEL));
      assertEquals(0x40000L, codec.ptePfn(0x400007cfL));
      assertEquals(0xfffffL, codec.ptePfn(0xfffff7cfL));
    }

    @Test
    void entryLoIsThePteShiftedBySix() {
      // 0x400007cf >> 6 = 0x0100001f: PFN 0x40000 from bit 6, C = 3 (0x18), D|V|G = 0x7.
      assertEquals(0x0100001fL, codec.hardwarePte(0x400007cfL));
      assertEquals(0x0080001fL, codec.hardwarePte(0x200007cfL)); // PFN 0x20000
      assertEquals(0x03ffffdfL, codec.hardwarePte(0xfffff7cfL)); // PFN 0xfffff
      // A bare _PAGE_GLOBAL becomes EntryLo G alone, an invalid but global half of the pair.
      assertEquals(0x1L, codec.hardwarePte(0x40));
    }

    @Test
    void entryLoRotatesNoExecAndNoReadIntoXiAndRi() {
      // (pte & 0x30) << (31 - 5): NO_EXEC bit 4 -> XI bit 30, NO_READ bit 5 -> RI bit 31.
      assertEquals(0x4100001fL, codec.hardwarePte(0x400007dfL)); // | NO_EXEC
      assertEquals(0x8100001fL, codec.hardwarePte(0x400007efL)); // | NO_READ
      assertEquals(0xc100001fL, codec.hardwarePte(0x400007ffL)); // | both
    }

    @Test
    void pfnIsTwentyBits() {
      // 32 - PFN_PTE_SHIFT = 20 bits: 4 GiB of 4 KiB pages.
      assertEquals(0x100000L, codec.maxPfn());
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(0x100000, PAGE_KERNEL));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(-1, PAGE_KERNEL));
      // Bit 12 belongs to the pfn, not to prot.
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x17cf));
    }

    @Test
    void pteNoneIgnoresTheGlobalBit() {
      assertTrue(codec.pteNone(0));
      assertTrue(codec.pteNone(0x40));
      assertFalse(codec.pteNone(0x41));
      assertFalse(codec.pteNone(0x400007cfL));
      assertEquals(0L, codec.emptyPte());
    }

    @Test
    void presentIsSoftwareBitZero() {
      assertTrue(codec.ptePresent(0x400007cfL));
      assertFalse(codec.ptePresent(0x400007ceL));
      assertFalse(codec.ptePresent(0x40));
    }

    @Test
    void describeSpellsTheFlags() {
      assertEquals("P|W|A|M|G|V|D|CCA=3 pfn=0x40000", codec.describe(0x400007cfL));
      assertEquals("P|W|A|M|XI|RI|G|V|D|CCA=3 pfn=0x40000", codec.describe(0x400007ffL));
      // PAGE_KERNEL_UNCACHED: _CACHE_UNCACHED = 2 << 9.
      assertEquals("P|W|A|M|G|V|D|CCA=2 pfn=0x1", codec.describe(0x15cfL));
      assertEquals("none", codec.describe(0));
      assertEquals("none (G)", codec.describe(0x40));
    }

    @Test
    void entryLoDecodes() {
      // EntryLo 0x0100001f: G V D, CCA 3.
      assertEquals(new PtePermissions(true, true, false, true, true, true),
          codec.hardwarePermissions(0x400007cfL));
      assertTrue(codec.kmapProtExecutable(), "PAGE_KERNEL leaves XI clear");
      // _PAGE_NO_EXEC becomes XI; CCA 2 is uncached; no DIRTY, no D.
      assertFalse(codec.hardwarePermissions(0x400007dfL).executable());
      assertFalse(codec.hardwarePermissions(0x400005cfL).cacheable());
      assertFalse(codec.hardwarePermissions(0x400006cfL).kernelWritable());
      assertFalse(codec.hardwarePermissions(0x40).valid(), "a bare _PAGE_GLOBAL");
    }
  }

  @Nested
  class SixteenKiB {

    private final PteCodec codec = new MipsPlugin().variants().get(1).pteCodec();

    @Test
    void pageKernelDoesNotDependOnThePageSize() {
      assertEquals(PAGE_KERNEL, codec.pageKernel());
      assertEquals(32, codec.pteBits());
    }

    @Test
    void pfnPteShiftsByFourteen() {
      // PFN_PTE_SHIFT = 14 - 12 + 9 + 3 = 14. Pfn 0x10000 is 1 GiB: the same word as 4 KiB's
      // pfn 0x40000.
      assertEquals(0x400007cfL, codec.pfnPte(0x10000, PAGE_KERNEL));
      // pfn 0x8000 = HIGHMEM_START >> 14.
      assertEquals(0x200007cfL, codec.pfnPte(0x8000, PAGE_KERNEL));
      // The last pfn of 4 GiB: (0x3ffff << 14) | 0x7cf.
      assertEquals(0xffffc7cfL, codec.pfnPte(0x3ffff, PAGE_KERNEL));
      assertEquals(0x10000L, codec.ptePfn(0x400007cfL));
      assertEquals(0x3ffffL, codec.ptePfn(0xffffc7cfL));
    }

    @Test
    void pfn0x40000IsBeyondFourGiB() {
      // 32 - 14 = 18 pfn bits: pfn 0x40000 would be physical 0x1_0000_0000.
      assertEquals(0x40000L, codec.maxPfn());
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(0x40000, PAGE_KERNEL));
      assertThrows(IllegalArgumentException.class, () -> codec.pfnPte(1, 0x17cf));
    }

    @Test
    void entryLoCountsFourKiBFrames() {
      // 0x400007cf >> 6 = 0x0100001f again: EntryLo's PFN is the physical address >> 12 (0x40000),
      // 4 pfns of 16 KiB apart per TLB page, PageMask selecting the size.
      assertEquals(0x0100001fL, codec.hardwarePte(0x400007cfL));
      assertEquals(0x0080001fL, codec.hardwarePte(0x200007cfL));
      assertEquals(0x03ffff1fL, codec.hardwarePte(0xffffc7cfL)); // PFN 0xffffc
      assertEquals(0xc100001fL, codec.hardwarePte(0x400007ffL));
    }

    @Test
    void describeSpellsTheFlagsAndTheUnusedBits() {
      assertEquals("P|W|A|M|G|V|D|CCA=3 pfn=0x10000", codec.describe(0x400007cfL));
      // Bits 12 and 13 lie between the cache attribute and PFN_PTE_SHIFT 14 and have no name.
      assertEquals("P|W|A|M|G|V|D|bit12|CCA=3 pfn=0x10000", codec.describe(0x400017cfL));
      assertEquals("none (G)", codec.describe(0x40));
    }
  }

  /**
   * {@code set_pte()} / {@code pte_clear()} of {@code arch/mips/include/asm/pgtable.h} on entries
   * 4..9 of a table: entries 2n and 2n + 1 are the EntryLo0/EntryLo1 buddies.
   */
  @Nested
  class Buddies {

    private final PteCodec codec = new MipsPlugin().variants().get(0).pteCodec();
    private final InMemoryPteTable table = new InMemoryPteTable(16);
    private final long pte = 0x400007cfL;
    private final long other = 0x400017cfL; // pfn 0x40001

    @Test
    void aGlobalPteMarksItsEmptyBuddyGlobal() {
      codec.setPte(table, 4, pte);
      assertEquals(pte, table.get(4));
      assertEquals(0x40L, table.get(5)); // even -> odd neighbour
      codec.setPte(table, 7, other);
      assertEquals(0x40L, table.get(6)); // odd -> even neighbour
      assertEquals(0L, table.get(3), "entry 3 belongs to another pair");
      assertEquals(0L, table.get(8));
      assertTrue(codec.pteNone(table.get(5)), "a bare _PAGE_GLOBAL is still pte_none");
    }

    @Test
    void mappingTheGlobalBuddyKeepsTheFirstEntry() {
      codec.setPte(table, 4, pte);
      codec.setPte(table, 5, other); // the buddy is non-zero now: cmpxchg(buddy, 0, G) fails
      assertEquals(pte, table.get(4));
      assertEquals(other, table.get(5));
    }

    @Test
    void clearingKeepsGlobalWhileTheBuddyIsGlobal() {
      codec.setPte(table, 4, pte);
      codec.setPte(table, 5, other);
      codec.pteClear(table, 5);
      assertEquals(0x40L, table.get(5)); // buddy 4 is global
      codec.pteClear(table, 4);
      assertEquals(0x40L, table.get(4)); // buddy 5 holds _PAGE_GLOBAL: the pair stays global
      assertTrue(codec.pteNone(table.get(4)) && codec.pteNone(table.get(5)));
    }

    @Test
    void aNonGlobalPteLeavesTheBuddyAloneAndClearsToZero() {
      long local = pte & ~0x40L; // 0x4000078f
      codec.setPte(table, 8, local);
      assertEquals(0L, table.get(9));
      codec.pteClear(table, 8);
      assertEquals(0L, table.get(8)); // buddy 9 is not global
    }

    @Test
    void aGlobalPteLeavesANonEmptyBuddyAsItIs() {
      long local = pte & ~0x40L;
      table.set(9, local);
      codec.setPte(table, 8, pte);
      assertEquals(local, table.get(9));
      codec.pteClear(table, 8);
      assertEquals(0L, table.get(8));
    }
  }

  @org.junit.jupiter.api.Test
  void writeCombineIsUncachedOnAGenericCore() {
    // PAGE_KERNEL 0x7cf has CCA 3 in bits 11:9 (0x600); cpu_data[0].writecombine =
    // _CACHE_UNCACHED (2 << 9 = 0x400) replaces it: 0x5cf.
    io.github.kmapsim.spi.PteCodec codec =
        new MipsPlugin().variants().get(0).pteCodec();
    assertEquals(0x5cfL, codec.pgprotWritecombine(codec.pageKernel()));
  }
}
