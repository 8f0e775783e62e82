// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.CacheType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code include/linux/highmem.h} helpers (memcpy_page, memcpy_to/from_page, memset_page,
 * memzero_page, copy_highpage, clear_highpage, zero_user_segments, memcpy_to/from_folio) on every
 * variant, with and without DEBUG_KMAP_LOCAL_FORCE_MAP, against a plain byte[] model of the same
 * operations: each helper maps page by page with kmap_local and leaves exactly the bytes a memcpy
 * would, in highmem and lowmem pages and across the page boundaries of a 4-page folio.
 */
class HighmemHelpersReferenceTest {

  /** Every variant, without and with FORCE_MAP. */
  /** Every variant; FORCE_MAP too where the variant selects ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP. */
  static Stream<Arguments> everyVariantWithAndWithoutForceMap() {
    return Variants.all().flatMap(v -> KmapSim.variant(v).supportsKmapLocalForceMap()
        ? Stream.of(Arguments.of(v, false), Arguments.of(v, true))
        : Stream.of(Arguments.of(v, false)));
  }

  /**
   * A sequence of helper calls over highmem pages, lowmem pages and a 4-page folio leaves every
   * page as the byte[] model says, seen through kmap_local and (where no VIVT line may still be
   * dirty) in physical memory; every map is undone.
   */
  @ParameterizedTest(name = "{0} forceMap={1}")
  @MethodSource("everyVariantWithAndWithoutForceMap")
  void helpersMatchAByteArrayReference(String variant, boolean forceMap) {
    Machine m = KmapSim.newMachine(Variants.preset(variant).toBuilder().forceMap(forceMap).build());
    HighmemHelpers h = m.cpu(m.nrCpus() - 1).helpers();
    int ps = (int) m.layout().pageSize();
    Random random = new Random(variant.hashCode() * 31L + (forceMap ? 1 : 0));
    Map<Long, byte[]> ref = new HashMap<>();
    Page a = Variants.highPage(m, 1);
    Page b = Variants.highPage(m, 2);
    Page c = Variants.highPage(m, 3);
    Page d = Variants.highPage(m, 4);
    Page low = m.page(m.maxLowPfn() - 3);
    Page low2 = m.page(m.maxLowPfn() - 2);
    Folio folio = m.folio((m.maxLowPfn() + 64) & ~3L, 2);
    List<Page> pages = List.of(a, b, c, d, low, low2, folio.page(0), folio.page(1),
        folio.page(2), folio.page(3));
    for (Page p : pages) {
      ref.put(p.pfn(), new byte[ps]);
    }

    byte[] src = bytes(random, ps);
    h.memcpyToPage(a, 100, src, 5, ps - 200);
    System.arraycopy(src, 5, ref.get(a.pfn()), 100, ps - 200);
    byte[] lowSrc = bytes(random, ps);
    h.memcpyToPage(low, 0, lowSrc, 0, ps);
    System.arraycopy(lowSrc, 0, ref.get(low.pfn()), 0, ps);

    byte[] out = new byte[ps + 3];
    h.memcpyFromPage(out, 3, a, 50, ps - 50);
    assertArrayEquals(Arrays.copyOfRange(ref.get(a.pfn()), 50, ps),
        Arrays.copyOfRange(out, 3, ps - 47), "memcpy_from_page");

    h.memcpyPage(b, 16, a, 300, ps - 400);
    System.arraycopy(ref.get(a.pfn()), 300, ref.get(b.pfn()), 16, ps - 400);
    h.memcpyPage(c, 0, low, 0, ps);
    System.arraycopy(ref.get(low.pfn()), 0, ref.get(c.pfn()), 0, ps);
    h.copyHighpage(d, a);
    System.arraycopy(ref.get(a.pfn()), 0, ref.get(d.pfn()), 0, ps);
    h.copyHighpage(low2, b);
    System.arraycopy(ref.get(b.pfn()), 0, ref.get(low2.pfn()), 0, ps);
    h.memsetPage(c, 10, (byte) 0x7e, 500);
    Arrays.fill(ref.get(c.pfn()), 10, 510, (byte) 0x7e);
    h.memzeroPage(d, ps - 64, 64);
    Arrays.fill(ref.get(d.pfn()), ps - 64, ps, (byte) 0);
    h.clearHighpage(a);
    Arrays.fill(ref.get(a.pfn()), (byte) 0);

    byte[] folioSrc = bytes(random, 3 * ps);
    int toOffset = ps - 100;
    int toLen = 2 * ps + 200;
    h.memcpyToFolio(folio, toOffset, folioSrc, 7, toLen);
    copyIntoFolio(ref, folio, ps, toOffset, folioSrc, 7, toLen);
    byte[] partial = new byte[4 * ps];
    h.memcpyFromFolio(partial, 0, folio, 50, 4 * ps - 60);
    assertArrayEquals(Arrays.copyOfRange(folioBytes(ref, folio, ps), 50, 4 * ps - 10),
        Arrays.copyOfRange(partial, 0, 4 * ps - 60), "memcpy_from_folio across page boundaries");
    h.zeroUserSegments(folio, 10, ps + 20, 2 * ps + 5, 4 * ps - 7);
    zeroInFolio(ref, folio, ps, 10, ps + 20);
    zeroInFolio(ref, folio, ps, 2 * ps + 5, 4 * ps - 7);
    byte[] whole = new byte[4 * ps];
    h.memcpyFromFolio(whole, 0, folio, 0, 4 * ps);
    assertArrayEquals(folioBytes(ref, folio, ps), whole, "the folio after zero_user_segments");

    boolean memoryCoherent = m.arch().cacheType() == CacheType.PHYSICAL || forceMap;
    for (Page p : pages) {
      byte[] viaCpu = new byte[ps];
      h.memcpyFromPage(viaCpu, 0, p, 0, ps);
      assertArrayEquals(ref.get(p.pfn()), viaCpu, p + " read back through kmap_local");
      if (m.isHighMem(p) || memoryCoherent) {
        // A lowmem page written through a VIVT direct map may still sit in a dirty line.
        assertArrayEquals(ref.get(p.pfn()), physicalPage(m, p, ps), p + " in physical memory");
      }
    }
    Counters counters = m.counters();
    assertEquals(counters.localMaps(), counters.localUnmaps(), counters::toString);
    assertTrue(counters.localMaps() > 0, counters::toString);
    if (forceMap) {
      assertEquals(0, counters.lowmemShortcuts(), "FORCE_MAP maps lowmem pages into slots too");
    } else {
      assertTrue(counters.lowmemShortcuts() > 0, "lowmem pages use the direct map");
    }
    assertEquals(0, m.cpu(m.nrCpus() - 1).current().kmapIdx());
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static void copyIntoFolio(
      Map<Long, byte[]> ref, Folio folio, int ps, int offset, byte[] from, int fromOff, int len) {
    for (int i = 0; i < len; i++) {
      int at = offset + i;
      ref.get(folio.page(at / ps).pfn())[at % ps] = from[fromOff + i];
    }
  }

  private static void zeroInFolio(Map<Long, byte[]> ref, Folio folio, int ps, int start, int end) {
    for (int at = start; at < end; at++) {
      ref.get(folio.page(at / ps).pfn())[at % ps] = 0;
    }
  }

  private static byte[] folioBytes(Map<Long, byte[]> ref, Folio folio, int ps) {
    byte[] all = new byte[folio.nrPages() * ps];
    for (int i = 0; i < folio.nrPages(); i++) {
      System.arraycopy(ref.get(folio.page(i).pfn()), 0, all, i * ps, ps);
    }
    return all;
  }

  private static byte[] physicalPage(Machine m, Page p, int ps) {
    byte[] b = new byte[ps];
    for (int i = 0; i < ps; i++) {
      b[i] = m.readPhysical(Variants.physical(m, p, i));
    }
    return b;
  }
}
