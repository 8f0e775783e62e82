// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.core.Toy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The highmem.h helpers check everything before they map: a range past the page is the
 * kernel's {@code VM_BUG_ON(offset + len > PAGE_SIZE)} (include/linux/highmem.h), a Java array
 * too short is a bad argument, and a two-page helper with room for one map on the kmap stack is
 * refused before its first map, so that nothing is left mapped half-way.
 */
class HelpersCheckFirstTest {
  private static final int PAGE = 4096;
  private static final long HIGH = Toy.HIGH_PFN;
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);
  private final HighmemHelpers h = cpu0.helpers();

  private void refusedUnchanged(DiagnosticCode code, Runnable call) {
    MachineSnapshot before = m.snapshot();
    int n = m.diagnostics().size();
    KmapException e = assertThrows(KmapException.class, call::run);
    assertEquals(code, e.code(), e::getMessage);
    List<String> diff = before.diff(m.snapshot());
    if (code.isKernelEvent()) {
      assertEquals(List.of("diagnostic " + n + ": none -> " + e.diagnostic().format()), diff,
          "a kernel BUG leaves its diagnostic and nothing else");
    } else {
      assertEquals(List.of(), diff, "API misuse leaves no trace");
    }
  }

  private Map<String, Consumer<HighmemHelpers>> pastThePage() {
    byte[] buf = new byte[64];
    Map<String, Consumer<HighmemHelpers>> c = new LinkedHashMap<>();
    c.put("memcpy_page dst", x -> x.memcpyPage(m.page(HIGH), PAGE - 8, m.page(HIGH + 1), 0, 16));
    c.put("memcpy_page src", x -> x.memcpyPage(m.page(HIGH), 0, m.page(HIGH + 1), PAGE - 8, 16));
    c.put("memcpy_page negative", x -> x.memcpyPage(m.page(HIGH), -1, m.page(HIGH + 1), 0, 16));
    c.put("memcpy_to_page", x -> x.memcpyToPage(m.page(HIGH), PAGE - 8, buf, 0, 16));
    c.put("memcpy_from_page", x -> x.memcpyFromPage(buf, 0, m.page(HIGH), PAGE - 8, 16));
    c.put("memset_page", x -> x.memsetPage(m.page(HIGH), PAGE - 8, (byte) 1, 9));
    c.put("memzero_page", x -> x.memzeroPage(m.page(HIGH), 8, PAGE - 7));
    c.put("zero_user_segments end1", x -> x.zeroUserSegments(m.folio(HIGH, 1), 0, 2 * PAGE + 1, 0, 0));
    c.put("zero_user_segments end2", x -> x.zeroUserSegments(m.folio(HIGH, 1), 0, 0, 0, 2 * PAGE + 1));
    c.put("zero_user_segments start1", x -> x.zeroUserSegments(m.folio(HIGH, 1), -1, 4, 0, 0));
    c.put("zero_user_segments start2", x -> x.zeroUserSegments(m.folio(HIGH, 1), 0, 0, -1, 4));
    c.put("memcpy_to_folio", x -> x.memcpyToFolio(m.folio(HIGH, 1), 2 * PAGE - 8, buf, 0, 9));
    c.put("memcpy_from_folio", x -> x.memcpyFromFolio(buf, 0, m.folio(HIGH, 1), 2 * PAGE - 8, 9));
    c.put("kmap_local_folio", x -> x.kmapLocalFolio(m.folio(HIGH, 1), 2 * PAGE));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> aRangePastThePageIsRefusedBeforeAnyMap() {
    return pastThePage().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
        () -> refusedUnchanged(DiagnosticCode.PAGE_OVERRUN, () -> e.getValue().accept(h))));
  }

  @Test
  void theWholePageAndTheWholeFolioAreInRange() {
    byte[] buf = new byte[PAGE];
    Arrays.fill(buf, (byte) 7);
    h.memcpyToPage(m.page(HIGH), 0, buf, 0, PAGE);
    h.memcpyPage(m.page(HIGH + 1), 0, m.page(HIGH), 0, PAGE);
    h.memzeroPage(m.page(HIGH), PAGE - 1, 1);
    byte[] back = new byte[PAGE];
    h.memcpyFromPage(back, 0, m.page(HIGH + 1), 0, PAGE);
    assertTrue(Arrays.equals(buf, back));
    h.zeroUserSegments(m.folio(HIGH, 1), 0, 2 * PAGE, 2 * PAGE, 2 * PAGE);
    h.memcpyFromFolio(back, 0, m.folio(HIGH, 1), PAGE, PAGE);
    assertTrue(Arrays.equals(new byte[PAGE], back));
    assertEquals(0, cpu0.current().kmapIdx());
  }

  @Test
  void aJavaArrayTooShortIsABadArgumentBeforeAnyMap() {
    byte[] small = new byte[8];
    refusedUnchanged(DiagnosticCode.BAD_ARGUMENT, () -> h.memcpyToPage(m.page(HIGH), 0, small, 1, 8));
    refusedUnchanged(DiagnosticCode.BAD_ARGUMENT, () -> h.memcpyFromPage(small, 1, m.page(HIGH), 0, 8));
    refusedUnchanged(DiagnosticCode.BAD_ARGUMENT,
        () -> h.memcpyToFolio(m.folio(HIGH, 1), 0, small, 1, 8));
    refusedUnchanged(DiagnosticCode.BAD_ARGUMENT,
        () -> h.memcpyFromFolio(small, 1, m.folio(HIGH, 1), 0, 8));
    refusedUnchanged(DiagnosticCode.BAD_ARGUMENT, () -> h.memcpyToPage(m.page(HIGH), 0, null, 0, 1));
  }

  /**
   * Fourteen maps held: kmap_local_idx_push allows 15 ({@code BUG_ON(idx >= KM_MAX_IDX)} after
   * the increment), so one more fits, two do not.
   */
  private void fillTheKmapStackButOne() {
    for (int i = 0; i < 14; i++) {
      cpu0.kmapLocalPage(m.page(HIGH + 16 + i));
    }
  }

  @Test
  void aTwoPageHelperWithRoomForOneMapIsRefusedBeforeItsFirstMap() {
    fillTheKmapStackButOne();
    refusedUnchanged(DiagnosticCode.STACK_OVERFLOW,
        () -> h.memcpyPage(m.page(HIGH), 0, m.page(HIGH + 1), 0, 8));
    refusedUnchanged(DiagnosticCode.STACK_OVERFLOW,
        () -> h.copyHighpage(m.page(HIGH), m.page(HIGH + 1)));
    refusedUnchanged(DiagnosticCode.STACK_OVERFLOW,
        () -> h.copyUserHighpage(m.page(HIGH), m.page(HIGH + 1), 0x8000));
    h.memsetPage(m.page(HIGH), 0, (byte) 3, 8); // one map still fits
    assertEquals(14, cpu0.current().kmapIdx());
  }

  /** A lowmem page takes no slot: with one slot left, a lowmem-to-highmem copy fits. */
  @Test
  void aLowmemPageNeedsNoSlot() {
    fillTheKmapStackButOne();
    h.copyHighpage(m.page(HIGH), m.page(0x100));
    h.memcpyPage(m.page(0x100), 0, m.page(HIGH), 0, 8);
    assertEquals(14, cpu0.current().kmapIdx());
  }

  @Test
  void zeroUserSegmentsMapsOnlyThePagesItsSegmentsTouch() {
    Folio f = m.folio(HIGH, 2);
    byte[] ones = new byte[4 * PAGE];
    Arrays.fill(ones, (byte) -1);
    h.memcpyToFolio(f, 0, ones, 0, ones.length);
    long maps = m.counters().localMaps();

    h.zeroUserSegments(f, PAGE - 1, PAGE + 1, 3 * PAGE, 3 * PAGE); // the second is empty
    assertEquals(maps + 2, m.counters().localMaps(), "pages 0 and 1, not 2 or 3");
    h.zeroUserSegments(f, 2 * PAGE, 3 * PAGE, 5, 5);
    assertEquals(maps + 3, m.counters().localMaps(), "page 2 only");
    h.zeroUserSegments(f, 9, 4, 4 * PAGE - 2, 4 * PAGE);
    assertEquals(maps + 4, m.counters().localMaps(), "an end before its start is empty: page 3");

    byte[] back = new byte[4 * PAGE];
    h.memcpyFromFolio(back, 0, f, 0, back.length);
    for (int i = 0; i < back.length; i++) {
      boolean zero = i == PAGE - 1 || i == PAGE || (i >= 2 * PAGE && i < 3 * PAGE)
          || i >= 4 * PAGE - 2;
      assertEquals(zero ? 0 : -1, back[i], "byte " + i);
    }
  }
}
