// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.Variants.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.spi.CacheType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data through local kmaps on every variant: bytes written through a mapping reach the right
 * physical page, nested mappings of different pages do not bleed into each other, a lowmem page
 * comes back at its direct-map address, and two live mappings of one page agree, except on a VIVT
 * D-cache, where the alias sees the data only once the writer's mapping is unmapped (which is what
 * {@code arch_kmap_local_pre_unmap}'s D-cache flush is for).
 */
class KmapLocalDataTest {

  private static final int NESTED = 6;

  /** Writes through nested maps of distinct pages land in those pages and nowhere else. */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void writesThroughNestedMapsLandInTheirOwnPhysicalPages(String variant) {
    Machine m = Variants.machine(variant);
    Cpu cpu = m.cpu(m.nrCpus() - 1);
    long pageSize = m.layout().pageSize();
    long[] offsets = {0, 8, pageSize / 2, pageSize - 16};
    Page[] pages = new Page[NESTED];
    long[] va = new long[NESTED];
    for (int n = 0; n < NESTED; n++) {
      pages[n] = Variants.highPage(m, 3L * n + 1);
      va[n] = cpu.kmapLocalPage(pages[n]);
      for (long off : offsets) {
        cpu.writeLong(va[n] + off, Variants.pattern(n, off));
      }
      cpu.writeByte(va[n] + pageSize - 1, (byte) (0x80 | n));
    }
    for (int n = 0; n < NESTED; n++) {
      for (long off : offsets) {
        assertEquals(hex(Variants.pattern(n, off)), hex(cpu.readLong(va[n] + off)),
            "map " + n + " offset " + off);
      }
      if (m.arch().cacheType() == CacheType.PHYSICAL) {
        assertEquals(hex(Variants.pattern(n, 8)),
            hex(Variants.physicalLong(m, Variants.physical(m, pages[n], 8))),
            "a physical cache writes through to the page at once");
      }
    }
    for (int n = NESTED - 1; n >= 0; n--) {
      cpu.kunmapLocal(va[n]);
    }
    for (int n = 0; n < NESTED; n++) {
      for (long off : offsets) {
        assertEquals(hex(Variants.pattern(n, off)),
            hex(Variants.physicalLong(m, Variants.physical(m, pages[n], off))),
            pages[n] + " offset " + off);
      }
      assertEquals((byte) (0x80 | n), m.readPhysical(Variants.physical(m, pages[n], pageSize - 1)));
      assertEquals(0, m.readPhysical(Variants.physical(m, Variants.highPage(m, 3L * n + 2), 0)),
          "the neighbouring page is untouched");
    }
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }

  /** kmap_local_page of a lowmem page is its direct-map address: no slot, no PTE, no flush. */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void aLowmemPageIsReachedThroughTheDirectMap(String variant) {
    Machine m = Variants.machine(variant);
    Cpu cpu = m.cpu(0);
    Page low = m.page(m.maxLowPfn() - 5);
    long va = cpu.kmapLocalPage(low);
    assertEquals(hex(m.layout().pageOffset() + (low.pfn() << m.layout().pageShift())), hex(va));
    assertEquals(m.lowmemAddress(low), va);
    assertEquals(0, cpu.current().kmapIdx(), "no slot is pushed");
    cpu.writeLong(va + 16, 0x0123_4567_89ab_cdefL);
    cpu.kunmapLocal(va);
    assertEquals(0x0123_4567_89ab_cdefL, cpu.readLong(va + 16));
    if (m.arch().cacheType() == CacheType.PHYSICAL) {
      // On VIVT the direct map's line stays dirty: kunmap_local of lowmem flushes nothing.
      assertEquals(0x0123_4567_89ab_cdefL, Variants.physicalLong(m, Variants.physical(m, low, 16)));
    }
    assertEquals(1, m.counters().lowmemShortcuts());
    assertEquals(0, m.counters().localMaps());
    assertEquals(List.of(), m.diagnostics());
  }

  /**
   * One page mapped twice (nested): on a physically indexed cache both addresses see every write
   * at once; on VIVT the inner mapping's dirty line reaches memory, and so the outer alias, only
   * when kunmap_local writes it back.
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void aPageMappedTwiceReadsTheSameDataThroughBothAddresses(String variant) {
    Machine m = Variants.machine(variant);
    Cpu cpu = m.cpu(0);
    Page page = Variants.highPage(m, 7);
    long first = cpu.kmapLocalPage(page);
    long second = cpu.kmapLocalPage(page);
    assertNotEquals(first, second, "kmap_local makes a second alias of the page");
    long x = Variants.pattern(1);
    long y = Variants.pattern(2);
    long physX = Variants.physical(m, page, 24);

    if (m.arch().cacheType() == CacheType.VIVT) {
      cpu.writeLong(second + 24, x);
      assertNotEquals(x, Variants.physicalLong(m, physX), "still only in the VIVT line of the alias");
      cpu.kunmapLocal(second);
      assertEquals(hex(x), hex(Variants.physicalLong(m, physX)), "pre_unmap wrote the line back");
      assertEquals(hex(x), hex(cpu.readLong(first + 24)), "the other alias sees it after the unmap");
      cpu.writeLong(first + 32, y);
      cpu.kunmapLocal(first);
    } else {
      cpu.writeLong(first + 24, x);
      assertEquals(hex(x), hex(cpu.readLong(second + 24)), "the inner alias sees the outer's write");
      cpu.writeLong(second + 32, y);
      assertEquals(hex(y), hex(cpu.readLong(first + 32)), "the outer alias sees the inner's write");
      assertEquals(hex(x), hex(Variants.physicalLong(m, physX)));
      cpu.kunmapLocal(second);
      cpu.kunmapLocal(first);
    }
    assertEquals(hex(x), hex(Variants.physicalLong(m, physX)));
    assertEquals(hex(y), hex(Variants.physicalLong(m, Variants.physical(m, page, 32))));
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }
}
