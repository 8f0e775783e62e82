// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.Variants.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kmap slot of every CPU on a 16-CPU machine (or as many CPUs as the variant builds: ARC's
 * fixmap is one PTE table, a uniprocessor has one CPU), where the kmap window spans more than one
 * PTE table. The real ports reach each slot's own PTE (ARM through a page-table walk,
 * KMAP_LOCAL_NON_LINEAR_PTE_ARRAY); an ARM port that claims the PTEs are one linear array
 * ({@code __kmap_pte - idx}) writes the PTEs of the slots beyond __kmap_pte's table outside any
 * page table, and those slots fault: ARM's "more than ~8 CPUs" bug, fixed by 825c43f50e3a.
 */
class KmapSlotsManyCpusTest {

  private static final int CPUS = 16;

  /** Every variant, without and with DEBUG_KMAP_LOCAL. */
  static Stream<Arguments> everyVariantBothDebugModes() {
    return Variants.all().flatMap(v -> Stream.of(Arguments.of(v, false), Arguments.of(v, true)));
  }

  /**
   * The variants whose real port walks the page table for kmap PTEs, paired with configurations
   * in which some slots lie outside __kmap_pte's PTE table: 16 CPUs with DEBUG_KMAP_LOCAL, and
   * the most CPUs the port allows without it.
   */
  static Stream<Arguments> nonLinearVariantsWithStraySlots() {
    List<String> names = Variants.where(v -> !v.hooks().kmapPtesLinear(),
        "with KMAP_LOCAL_NON_LINEAR_PTE_ARRAY").toList();
    assertTrue(names.containsAll(List.of("arm", "arm-vivt", "arm-lpae")), names::toString);
    return names.stream().flatMap(v -> Stream.of(
        Arguments.of(v, CPUS, true), Arguments.of(v, KmapSim.variant(v).maxCpus(), false)));
  }

  /**
   * Sixteen tasks, one per CPU (fewer on a smaller variant), each fill all their CPU's slots:
   * every slot's kernel PTE is that task's pteval for its page, and every page reads and writes
   * through its own slot only.
   */
  @ParameterizedTest(name = "{0} debugKmapLocal={1}")
  @MethodSource("everyVariantBothDebugModes")
  void everySlotOfEveryCpuMapsItsOwnPage(String variant, boolean debug) {
    int cpus = Variants.cpus(variant, CPUS, debug);
    Machine m = KmapSim.newMachine(
        MachineConfig.preset(variant).toBuilder().cpus(cpus).debugKmapLocal(debug).build());
    PteCodec codec = m.arch().pteCodec();
    int perCpu = (m.config().kmMaxIdx() - 1) / m.config().kmIncr();
    long[][] va = new long[cpus][perCpu];
    Task[] tasks = new Task[cpus];
    for (int c = 0; c < cpus; c++) {
      tasks[c] = m.createTask("filler-" + c, c);
      m.schedule(c, tasks[c]);
      Cpu cpu = m.cpu(c);
      for (int n = 0; n < perCpu; n++) {
        Page page = page(m, c, n, perCpu);
        int slot = (n + 1) * m.config().kmIncr() - 1;
        va[c][n] = cpu.kmapLocalPage(page);
        assertEquals(hex(Variants.slotAddress(m, c, slot, page)), hex(va[c][n]));
        long pte = m.kernelPte(va[c][n]);
        assertEquals(hex(tasks[c].pteval(slot)), hex(pte), "CPU" + c + " slot " + slot);
        assertEquals(page.pfn(), codec.ptePfn(pte), "CPU" + c + " slot " + slot);
        cpu.writeLong(va[c][n] + 8, Variants.pattern(c, n));
      }
    }
    for (int c = 0; c < cpus; c++) {
      for (int n = 0; n < perCpu; n++) {
        assertEquals(hex(Variants.pattern(c, n)), hex(m.cpu(c).readLong(va[c][n] + 8)),
            "CPU" + c + " map " + n + " after every CPU filled its slots");
      }
    }
    assertEquals(List.of(), m.checkInvariants());
    for (int c = 0; c < cpus; c++) {
      for (int n = perCpu - 1; n >= 0; n--) {
        m.cpu(c).kunmapLocal(va[c][n]);
      }
      for (int n = 0; n < perCpu; n++) {
        assertEquals(hex(Variants.pattern(c, n)),
            hex(Variants.physicalLong(m, Variants.physical(m, page(m, c, n, perCpu), 8))));
      }
    }
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }

  /**
   * A port claiming linear kmap PTEs on page tables that are not contiguous: slots inside
   * __kmap_pte's table work, each slot beyond it gets a STRAY_PTE_WRITE, keeps an empty PTE and
   * faults on access.
   */
  @ParameterizedTest(name = "{0} NR_CPUS={1} debugKmapLocal={2}")
  @MethodSource("nonLinearVariantsWithStraySlots")
  void linearPteArithmeticOnSeparateTablesWritesStrayPtes(String variant, int cpus, boolean debug) {
    Machine m = DelegatingVariant.machine(
        MachineConfig.preset(variant).toBuilder().cpus(cpus).debugKmapLocal(debug).build(),
        "linear-ptes", new DelegatingVariant.Hooks(variant) {
          @Override
          public boolean kmapPtesLinear() {
            return true;
          }
        });
    MemoryLayout layout = m.layout();
    assertFalse(layout.kmapPteTablesContiguous(), "the kmap PTE tables are separate");
    PteCodec codec = m.arch().pteCodec();
    int kmMaxIdx = m.config().kmMaxIdx();
    int perCpu = (kmMaxIdx - 1) / m.config().kmIncr();
    // __kmap_pte - idx stays in the PTE table of FIX_KMAP_BEGIN for idx up to this many.
    long room = (layout.fixToVirt(layout.fixKmapBegin()) >>> layout.pageShift())
        & (layout.ptrsPerPte() - 1);
    int stray = 0;
    int good = 0;
    for (int c = 0; c < cpus; c++) {
      Task task = m.createTask("filler-" + c, c);
      m.schedule(c, task);
      Cpu cpu = m.cpu(c);
      long[] va = new long[perCpu];
      for (int n = 0; n < perCpu; n++) {
        int slot = (n + 1) * m.config().kmIncr() - 1;
        boolean outside = slot + (long) kmMaxIdx * c > room;
        int diagnostics = m.diagnostics().size();
        va[n] = cpu.kmapLocalPage(page(m, c, n, perCpu));
        assertEquals(hex(Variants.slotAddress(m, c, slot, page(m, c, n, perCpu))), hex(va[n]));
        List<Diagnostic> fresh = m.diagnostics().subList(diagnostics, m.diagnostics().size());
        String where = "CPU" + c + " slot " + slot + " at " + hex(va[n]);
        if (outside) {
          stray++;
          assertEquals(1, fresh.size(), where + ": " + fresh);
          assertEquals(DiagnosticCode.STRAY_PTE_WRITE, fresh.get(0).code(), where);
          assertTrue(codec.pteNone(m.kernelPte(va[n])), where + ": its own PTE stays empty");
          long addr = va[n];
          KmapException e = assertThrows(KmapException.class, () -> cpu.readLong(addr), where);
          assertEquals(DiagnosticCode.PAGE_FAULT, e.code(), where);
        } else {
          good++;
          assertEquals(List.of(), fresh, where);
          assertEquals(hex(task.pteval(slot)), hex(m.kernelPte(va[n])), where);
          cpu.writeLong(va[n], Variants.pattern(c, n));
          assertEquals(Variants.pattern(c, n), cpu.readLong(va[n]), where);
        }
      }
      for (int n = perCpu - 1; n >= 0; n--) {
        cpu.kunmapLocal(va[n]);
      }
    }
    assertTrue(stray > 0, "the configuration puts some slots beyond __kmap_pte's table");
    assertTrue(good > 0, "and some inside it");
  }

  /** A page unique to (cpu, n). */
  private static Page page(Machine m, int cpu, int n, int perCpu) {
    return Variants.highPage(m, (long) cpu * perCpu + n);
  }
}
