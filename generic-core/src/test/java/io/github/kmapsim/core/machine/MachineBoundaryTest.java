// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each side of each boundary the machine's own checks draw, and the exact values on the good side. */
class MachineBoundaryTest {
  private final Machine m = Toy.machine();

  private static DiagnosticCode refused(Runnable call) {
    return assertThrows(KmapException.class, call::run).code();
  }

  @Test
  void pagesEndAtMaxPfn() {
    assertEquals(m.maxPfn() - 1, m.page(m.maxPfn() - 1).pfn());
    assertEquals(DiagnosticCode.BAD_PFN, refused(() -> m.page(m.maxPfn())));
  }

  @Test
  void kmapLocalPfnTakesEveryPfnAPteHoldsAndMapsExactlyIt() {
    long last = m.arch().pteCodec().maxPfn() - 1;
    long va = m.cpu(0).kmapLocalPfn(last);
    assertEquals(last, m.arch().pteCodec().ptePfn(m.kernelPte(va)));
    assertEquals(last << 12, m.cpu(0).translate(va));
    KmapException e = assertThrows(KmapException.class, () -> m.cpu(0).kmapLocalPfn(last + 1));
    assertEquals(DiagnosticCode.BAD_PFN, e.code());
    assertTrue(e.diagnostic().message().endsWith("(0..0x" + Long.toHexString(last) + ")"),
        e.getMessage());
  }

  @Test
  void highmemStartsAtMaxLowPfnAndOnlyLowmemHasADirectMapAddress() {
    assertFalse(m.isHighMem(m.page(m.maxLowPfn() - 1)));
    assertTrue(m.isHighMem(m.page(m.maxLowPfn())));
    long pageOffset = m.layout().pageOffset();
    assertEquals(pageOffset + (5L << 12), m.lowmemAddress(m.page(5)));
    assertEquals(pageOffset + ((m.maxLowPfn() - 1) << 12),
        m.lowmemAddress(m.page(m.maxLowPfn() - 1)));
    assertEquals(DiagnosticCode.BAD_PFN, refused(() -> m.lowmemAddress(m.page(m.maxLowPfn()))));
    assertEquals(pageOffset + (5L << 12), m.pageAddress(m.page(5)));
    assertEquals(pageOffset + ((m.maxLowPfn() - 1) << 12),
        m.pageAddress(m.page(m.maxLowPfn() - 1)));
    assertEquals(0, m.pageAddress(m.page(m.maxLowPfn())));
    long pk = m.cpu(0).kmap(m.page(m.maxLowPfn())).vaddr();
    assertEquals(pk, m.pageAddress(m.page(m.maxLowPfn())));
  }

  @Test
  void foliosUpToMaxPageOrderThatFitAndAreAligned() {
    assertEquals(10, m.folio(0, Folio.MAX_PAGE_ORDER).order());
    assertEquals(DiagnosticCode.BAD_ARGUMENT, refused(() -> m.folio(0, 11)));
    assertEquals(DiagnosticCode.BAD_ARGUMENT, refused(() -> m.folio(0, -1)));
    assertEquals(m.maxPfn() - 4, m.folio(m.maxPfn() - 4, 2).head().pfn());
    assertEquals(m.maxPfn() - 1, m.folio(m.maxPfn() - 1, 0).head().pfn());
    assertEquals(DiagnosticCode.BAD_PFN, refused(() -> m.folio(m.maxPfn(), 0)));
    assertEquals(DiagnosticCode.BAD_PFN, refused(() -> m.folio(m.maxPfn() - 2, 2)));
    assertEquals(DiagnosticCode.BAD_PFN, refused(() -> m.folio(2, 2)));
    assertEquals(DiagnosticCode.BAD_PFN, refused(() -> m.folio(-4, 2)));
  }

  @Test
  void pkmapEntriesAreZeroToLastPkmapMinusOne() {
    int last = m.layout().lastPkmap();
    assertEquals(0, m.pkmapCount(last - 1));
    assertEquals(0, m.pkmapCount(0));
    KmapException e = assertThrows(KmapException.class, () -> m.pkmapCount(last));
    assertEquals(DiagnosticCode.BAD_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("(" + (last - 1) + ")"), e.getMessage());
    assertEquals(DiagnosticCode.BAD_ARGUMENT, refused(() -> m.pkmapCount(-1)));
  }

  @Test
  void theMachineNamesItselfAndListsItsIdleTasksFirst() {
    assertEquals("Machine[toy, 2 CPUs]", m.toString());
    assertEquals(List.of("swapper/0", "swapper/1"),
        m.tasks().stream().map(Task::name).toList());
  }

  /**
   * Every machine-level call that can report closes its listener bracket: a listener failure
   * during it is reported right after it, not at some later call.
   */
  @Test
  void aListenerFailureDuringAMachineCallIsReportedWhenThatCallReturns() {
    Machine x = Toy.machine();
    x.addListener(new KmapListener() {
      @Override
      public void diagnosed(Diagnostic d) {
        if (d.code() != DiagnosticCode.LISTENER_FAILED) {
          throw new IllegalStateException("boom");
        }
      }

      @Override
      public void migrated(Task task, int fromCpu, int toCpu) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void pteWritten(int cpu, long vaddr, long oldPte, long newPte) {
        throw new IllegalStateException("boom");
      }
    });
    Task t = x.createTask("t", 0);
    x.schedule(0, t);
    x.cpu(0).kmapLocalPage(x.page(Toy.HIGH_PFN));
    long base = failures(x); // the kmap_local_page's PTE write
    x.fork(t, "child"); // FORK_WITH_MAPS: diagnosed() throws
    assertEquals(base + 1, failures(x));
    x.migrate(x.task("child"), 1); // migrated() throws
    assertEquals(base + 2, failures(x));
    x.exit(x.task("child")); // nothing to hear
    assertEquals(base + 2, failures(x));
    x.ioMappingFree(x.ioMappingCreateWc(0x40000L << 12, 4096)); // pteWritten() throws, if any
    assertEquals(base + (x.arch().hooks().haveAtomicIomap() ? 2 : 4), failures(x));
    assertEquals(DiagnosticCode.LISTENER_FAILED,
        x.diagnostics().get(x.diagnostics().size() - 1).code());
    IoMapping io = x.ioMappingCreateWc(0x40000L << 12, 4096);
    int n = x.diagnostics().size();
    x.wakeUpProcess(t);
    assertEquals(n, x.diagnostics().size());
    assertTrue(io.size() == 4096);
  }

  private static long failures(Machine x) {
    return x.diagnostics().stream().filter(d -> d.code() == DiagnosticCode.LISTENER_FAILED)
        .count();
  }

  @Test
  void theToyLayoutIsWhatTheBoundaryTestsAssume() {
    assertEquals(ToyArch.MAX_LOW_PFN, m.maxLowPfn());
  }
}
