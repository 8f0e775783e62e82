// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.highmem.PageHelpers;
import io.github.kmapsim.core.sched.SchedCpu;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The helpers' bulk accesses are checked once per mapping and call, with a byte access's
 * diagnostics: a helper whose kmap_local calls hand it a dead or a foreign mapping (a broken
 * helper, emulated by a CPU whose kmapLocalPage returns another address) is flagged; the real
 * ones are silent.
 */
class HelperAccessCheckTest {
  private final SimMachine m = (SimMachine) Toy.machine();
  private final Cpu cpu0 = m.cpu(0);
  private final Cpu cpu1 = m.cpu(1);

  /** The helpers of CPU0, their maps going through {@code map} (the address the helper gets). */
  private PageHelpers helpers(LongUnaryOperator map, boolean unmap) {
    InvocationHandler h = (proxy, method, args) -> {
      try {
        if (method.getName().equals("kmapLocalPage")) {
          return map.applyAsLong(cpu0.kmapLocalPage((Page) args[0]));
        }
        if (method.getName().equals("kunmapLocal") && !unmap) {
          return null;
        }
        return method.invoke(cpu0, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    Cpu cpu = (Cpu) Proxy.newProxyInstance(Cpu.class.getClassLoader(), new Class<?>[] {Cpu.class},
        h);
    SchedCpu site = m.scheduler().cpu(0);
    return new PageHelpers(cpu, site, m.kmap(), page -> m.checkPage(page, site), m.pageSize(),
        m.reporter(), m.events());
  }

  private List<DiagnosticCode> codes() {
    return m.diagnostics().stream().map(Diagnostic::code).toList();
  }

  @Test
  void theRealHelpersAreSilent() {
    cpu0.helpers().memcpyToPage(m.page(Toy.HIGH_PFN), 8, new byte[100], 0, 100);
    cpu0.helpers().memcpyPage(m.page(Toy.HIGH_PFN + 1), 0, m.page(Toy.HIGH_PFN), 8, 100);
    cpu0.helpers().memcpyToFolio(m.folio(Toy.HIGH_PFN + 4, 2), 4000, new byte[200], 0, 200);
    assertEquals(List.of(), codes());
  }

  /**
   * A helper handed a kmap() address already kunmapped (the pkmap entry still maps the page until
   * the next flush): KMAP-W014 once for the 100 bytes, not once per byte.
   */
  @Test
  void aHelperWritingThroughADeadMappingIsFlaggedOncePerCall() {
    Page page = m.page(Toy.HIGH_PFN);
    PageHelpers broken = helpers(va -> {
      cpu0.kunmapLocal(va);
      long dead = cpu0.kmap(page).vaddr();
      cpu0.kunmap(page);
      return dead;
    }, false);
    broken.memcpyToPage(page, 8, new byte[100], 0, 100);
    assertEquals(List.of(DiagnosticCode.USE_AFTER_UNMAP), codes());
    String msg = m.diagnostics().get(0).message();
    assertTrue(msg.startsWith("memcpy_to_page write of "), msg);
    assertTrue(msg.contains(String.format("the kmap() of pfn 0x%x there was kunmapped",
        page.pfn())), msg);
  }

  /**
   * A folio helper handed another CPU's kmap_local address reads through CPU1's fixmap slot:
   * KMAP-W016 for each page of the folio the copy crosses, once each.
   */
  @Test
  void aFolioHelperReadingThroughAForeignMappingIsFlagged() {
    long[] foreign = new long[2];
    int[] n = {0};
    foreign[0] = cpu1.kmapLocalPage(m.page(Toy.HIGH_PFN + 4));
    foreign[1] = cpu1.kmapLocalPage(m.page(Toy.HIGH_PFN + 5));
    PageHelpers broken = helpers(va -> {
      cpu0.kunmapLocal(va);
      return foreign[n[0]++];
    }, false);
    byte[] to = new byte[200];
    broken.memcpyFromFolio(to, 0, m.folio(Toy.HIGH_PFN + 4, 2), 4000, 200);
    assertEquals(List.of(DiagnosticCode.USE_ON_OTHER_CPU, DiagnosticCode.USE_ON_OTHER_CPU),
        codes());
    assertTrue(m.diagnostics().get(0).message().startsWith("memcpy_from_folio read of "),
        m.diagnostics().get(0).message());
    assertEquals(0, m.diagnostics().get(0).cpu());
  }
}
