// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public call closes its bracket: a listener's exception is reported as LISTENER_FAILED
 * when the outermost call of the thread is over ({@code Events}), so after any call, successful
 * or refused, the next call that makes a listener throw has it reported by the time it returns.
 * A call that left its bracket open would hold every later failure back for good.
 */
class CallBracketTest {
  private static final long BAR = 0xe0000000L;
  private static final long HIGH = Toy.HIGH_PFN;

  /** Throws from {@code mapped} only, so that the calls under test run undisturbed. */
  private static final class MappedThrower implements KmapListener {
    @Override
    public void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {
      throw new IllegalStateException("boom");
    }
  }

  private static Map<String, Consumer<Machine>> calls() {
    Map<String, Consumer<Machine>> c = new LinkedHashMap<>();
    c.put("kmapLocalPage", m -> m.cpu(0).kunmapLocal(m.cpu(0).kmapLocalPage(m.page(HIGH))));
    c.put("kmapLocalPageProt", m -> m.cpu(0).kmapLocalPageProt(m.page(HIGH), ToyArch.PAGE_KERNEL));
    c.put("kmapLocalPfn", m -> m.cpu(0).kmapLocalPfn(HIGH));
    c.put("kmapAtomic/kunmapAtomic", m -> m.cpu(0).kunmapAtomic(m.cpu(0).kmapAtomic(m.page(HIGH))));
    c.put("kmapAtomicProt", m -> m.cpu(0).kmapAtomicProt(m.page(HIGH), ToyArch.PAGE_KERNEL));
    c.put("kmapAtomicPfn", m -> m.cpu(0).kmapAtomicPfn(HIGH));
    c.put("kmap/kunmap", m -> {
      m.cpu(0).kmap(m.page(HIGH));
      m.cpu(0).kunmap(m.page(HIGH));
    });
    c.put("kmapFlushUnused", m -> m.cpu(0).kmapFlushUnused());
    c.put("sleep/wakeUpProcess", m -> {
      Task t = m.createTask("t", 0);
      m.schedule(0, t);
      m.cpu(0).sleep();
      m.wakeUpProcess(t);
    });
    c.put("ioMapping", m -> {
      IoMapping io = m.ioMappingCreateWc(BAR, 0x2000);
      m.cpu(0).ioMappingUnmapLocal(m.cpu(0).ioMappingMapLocalWc(io, 0x1000));
      m.cpu(0).ioMappingUnmapAtomic(m.cpu(0).ioMappingMapAtomicWc(io, 0));
      m.ioMappingFree(io);
    });
    c.put("readByte/writeByte", m -> {
      long va = ToyArch.PAGE_OFFSET + 0x5000;
      m.cpu(0).writeByte(va, (byte) 5);
      m.cpu(0).readByte(va);
    });
    c.put("readLong/writeLong", m -> {
      long va = ToyArch.PAGE_OFFSET + 0x5000;
      m.cpu(0).writeLong(va, 5);
      m.cpu(0).readLong(va);
    });
    c.put("irqEnter/irqExit", m -> {
      m.cpu(0).irqEnter();
      m.cpu(0).irqExit();
    });
    c.put("softirqEnter/softirqExit", m -> {
      m.cpu(0).softirqEnter();
      m.cpu(0).softirqExit();
    });
    c.put("nmiEnter/nmiExit", m -> {
      m.cpu(0).nmiEnter();
      m.cpu(0).nmiExit();
    });
    c.put("localIrqDisable/Enable", m -> {
      m.cpu(0).localIrqDisable();
      m.cpu(0).localIrqEnable();
    });
    c.put("preemptDisable/Enable", m -> {
      m.cpu(0).preemptDisable();
      m.cpu(0).preemptEnable();
    });
    c.put("pagefaultDisable/Enable", m -> {
      m.cpu(0).pagefaultDisable();
      m.cpu(0).pagefaultEnable();
    });
    c.put("migrateDisable/Enable", m -> {
      m.cpu(0).migrateDisable();
      m.cpu(0).migrateEnable();
    });
    c.put("fork/exit/migrate", m -> {
      Task p = m.createTask("p", 1);
      Task child = m.fork(p, "child");
      m.migrate(child, 0);
      m.exit(child);
    });
    c.put("a refused call", m -> {
      try {
        m.cpu(0).kunmapLocal(Toy.slot(0, 3));
      } catch (KmapException expected) {
        // refused: its bracket closes all the same
      }
    });
    c.put("highmem.h helpers", m -> {
      HighmemHelpers h = m.cpu(0).helpers();
      byte[] buf = new byte[16];
      h.memcpyToPage(m.page(HIGH), 8, buf, 0, 16);
      h.memcpyFromPage(buf, 0, m.page(HIGH), 8, 16);
      h.memcpyPage(m.page(HIGH + 1), 0, m.page(HIGH), 0, 64);
      h.memsetPage(m.page(HIGH), 0, (byte) 1, 32);
      h.memzeroPage(m.page(HIGH), 0, 32);
      h.copyHighpage(m.page(HIGH + 2), m.page(HIGH));
      h.copyUserHighpage(m.page(HIGH + 3), m.page(HIGH), 0x8000);
      h.clearHighpage(m.page(HIGH + 3));
      h.zeroUserSegments(m.folio(HIGH + 4, 1), 0, 16, 4096, 4200);
      h.memcpyToFolio(m.folio(HIGH + 4, 1), 4090, buf, 0, 16);
      h.memcpyFromFolio(buf, 0, m.folio(HIGH + 4, 1), 4090, 16);
      m.cpu(0).kunmapLocal(h.kmapLocalFolio(m.folio(HIGH + 4, 1), 4096));
    });
    return c;
  }

  @TestFactory
  Stream<DynamicTest> aListenerFailureAfterAnyCallIsReportedWhenItsCallReturns() {
    return calls().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Machine m = Toy.machine();
      m.addListener(new MappedThrower());
      e.getValue().accept(m);
      long before = failures(m);

      m.cpu(1).kunmapLocal(m.cpu(1).kmapLocalPage(m.page(HIGH + 9)));

      assertEquals(before + 1, failures(m), () -> e.getKey() + " left its bracket open: "
          + m.diagnostics());
      Diagnostic last = m.diagnostics().get(m.diagnostics().size() - 1);
      assertTrue(last.message().contains("mapped threw"), last::message);
    }));
  }

  private static long failures(Machine m) {
    List<Diagnostic> d = m.diagnostics();
    return d.stream().filter(x -> x.code() == DiagnosticCode.LISTENER_FAILED).count();
  }
}
