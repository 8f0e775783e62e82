// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The highmem.h helpers against a reference copy, with and without FORCE_MAP. */
class HighmemHelpersTest {
  private static final int PAGE = 4096;

  static Stream<MachineConfig> configs() {
    return Stream.of(Toy.config(), Toy.config().toBuilder().forceMap(true).build(),
        Toy.config().toBuilder().debugKmapLocal(true).build());
  }

  private static byte[] contents(Machine m, long pfn, int pages) {
    byte[] b = new byte[pages * PAGE];
    for (int i = 0; i < b.length; i++) {
      b[i] = m.readPhysical((pfn << 12) + i);
    }
    return b;
  }

  private static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @MethodSource("configs")
  void copyHelpersMatchAReferenceCopy(MachineConfig config) {
    Machine m = Toy.machine(config);
    HighmemHelpers h = m.cpu(0).helpers();
    Page src = m.page(Toy.HIGH_PFN);
    Page dst = m.page(3);
    byte[] data = random(1, PAGE);
    h.memcpyToPage(src, 0, data, 0, PAGE);
    assertArrayEquals(data, contents(m, src.pfn(), 1));
    h.memcpyPage(dst, 100, src, 200, 1000);
    byte[] expected = new byte[PAGE];
    System.arraycopy(data, 200, expected, 100, 1000);
    assertArrayEquals(expected, contents(m, dst.pfn(), 1));
    byte[] back = new byte[50];
    h.memcpyFromPage(back, 0, src, PAGE - 50, 50);
    assertArrayEquals(Arrays.copyOfRange(data, PAGE - 50, PAGE), back);
    h.copyHighpage(dst, src);
    assertArrayEquals(data, contents(m, dst.pfn(), 1));
    h.memsetPage(dst, 10, (byte) 7, 5);
    h.memzeroPage(dst, 0, 10);
    byte[] after = data.clone();
    Arrays.fill(after, 0, 10, (byte) 0);
    Arrays.fill(after, 10, 15, (byte) 7);
    assertArrayEquals(after, contents(m, dst.pfn(), 1));
    h.clearHighpage(src);
    assertArrayEquals(new byte[PAGE], contents(m, src.pfn(), 1));
    assertEquals(0, m.cpu(0).current().kmapIdx(), "every helper unmapped what it mapped");
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics().toString());
    assertTrue(m.checkInvariants().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void folioHelpersWorkPageByPageAcrossBoundaries(MachineConfig config) {
    Machine m = Toy.machine(config);
    HighmemHelpers h = m.cpu(0).helpers();
    Folio folio = m.folio(Toy.HIGH_PFN, 2);
    byte[] data = random(2, 3 * PAGE);
    h.memcpyToFolio(folio, PAGE / 2, data, 0, data.length);
    byte[] expected = new byte[4 * PAGE];
    System.arraycopy(data, 0, expected, PAGE / 2, data.length);
    assertArrayEquals(expected, contents(m, folio.head().pfn(), 4));
    byte[] back = new byte[data.length];
    h.memcpyFromFolio(back, 0, folio, PAGE / 2, back.length);
    assertArrayEquals(data, back);
    h.zeroUserSegments(folio, 100, PAGE + 100, 3 * PAGE - 10, 3 * PAGE + 10);
    Arrays.fill(expected, 100, PAGE + 100, (byte) 0);
    Arrays.fill(expected, 3 * PAGE - 10, 3 * PAGE + 10, (byte) 0);
    assertArrayEquals(expected, contents(m, folio.head().pfn(), 4));
    long va = h.kmapLocalFolio(folio, 2 * PAGE + 5);
    assertEquals(expected[2 * PAGE + 5], m.cpu(0).readByte(va));
    m.cpu(0).kunmapLocal(va);
    assertEquals(0, m.cpu(0).current().kmapIdx());
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics().toString());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void rangesPastThePageAreABug(MachineConfig config) {
    Machine m = Toy.machine(config);
    HighmemHelpers h = m.cpu(0).helpers();
    KmapException e = assertThrows(KmapException.class,
        () -> h.memcpyToPage(m.page(3), PAGE - 4, new byte[8], 0, 8));
    assertEquals(DiagnosticCode.PAGE_OVERRUN, e.code());
    assertThrows(KmapException.class,
        () -> h.zeroUserSegments(m.folio(Toy.HIGH_PFN, 0), 0, 10, 0, PAGE + 1));
    assertEquals(0, m.cpu(0).current().kmapIdx());
    assertEquals(0, m.readPhysical(3L << 12), "nothing was written");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void anAccessPastTheMappedPageFaultsOrHitsAnotherSlot(MachineConfig config) {
    Machine m = Toy.machine(config);
    long va = m.cpu(0).kmapLocalPage(m.page(3));
    if (va < ToyArch.PAGE_OFFSET + ToyArch.LOWMEM) {
      return;
    }
    assertEquals(DiagnosticCode.PAGE_FAULT,
        assertThrows(KmapException.class, () -> m.cpu(0).readByte(va + PAGE)).code(),
        "slot 0 is the top of the window: FIX_KMAP_BEGIN - 1 is not a kmap slot");
  }
}
