// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.Variants.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.PteCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The depth of the kmap_local stack on every variant: {@code kmap_local_idx_push()} takes the
 * next slot at {@code __fix_to_virt(FIX_KMAP_BEGIN + slot + KM_MAX_IDX * cpu)}, and
 * {@code BUG_ON(idx >= KM_MAX_IDX)} stops the map one past the limit (15 maps with KM_MAX_IDX 16;
 * 16 at odd slots with DEBUG_KMAP_LOCAL's KM_MAX_IDX 33, whose even guard slots stay unmapped).
 */
class KmapLocalNestingTest {

  /**
   * On every CPU, a task nests kmap_local_page to exactly the kernel's limit, each map at the next
   * slot address with the page's PTE; one more is a BUG that changes nothing.
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void nestsToTheLimitAndTheNextMapIsAStackOverflow(String variant) {
    fillEveryCpu(Variants.machine(variant));
  }

  /**
   * With DEBUG_KMAP_LOCAL every map skips a guard slot: the maps sit at odd slots, the even ones
   * keep an empty PTE (so an overrun faults), and the 17th map BUGs.
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void debugKmapLocalUsesOddSlotsAndLeavesGuardsEmpty(String variant) {
    fillEveryCpu(KmapSim.newMachine(
        Variants.preset(variant).toBuilder().debugKmapLocal(true).build()));
  }

  private static void fillEveryCpu(Machine m) {
    PteCodec codec = m.arch().pteCodec();
    int kmMaxIdx = m.config().kmMaxIdx();
    int incr = m.config().kmIncr();
    int limit = (kmMaxIdx - 1) / incr;
    assertEquals(m.config().debugKmapLocal() ? 16 : 15, limit, "the kernel's nesting limit");
    for (int c = 0; c < m.nrCpus(); c++) {
      Cpu cpu = m.cpu(c);
      Task task = m.createTask("nest-" + c, c);
      m.schedule(c, task);
      List<Long> addresses = new ArrayList<>();
      List<LiveMap> expected = new ArrayList<>();
      for (int n = 0; n < limit; n++) {
        Page page = Variants.highPage(m, (long) limit * c + n);
        int slot = (n + 1) * incr - 1;
        long va = cpu.kmapLocalPage(page);
        assertEquals(hex(Variants.slotAddress(m, c, slot, page)), hex(va),
            "CPU" + c + " map " + n + " is slot " + slot);
        assertEquals(hex(codec.pfnPte(page.pfn(), codec.kmapProt())), hex(m.kernelPte(va)),
            "slot PTE maps " + page);
        assertEquals(m.kernelPte(va), task.pteval(slot), "kmap_ctrl.pteval records the PTE");
        cpu.writeLong(va, Variants.pattern(c, n));
        addresses.add(va);
        expected.add(new LiveMap(slot, va, page.pfn(), task.pteval(slot)));
      }
      assertEquals(expected, task.liveMaps());
      assertEquals(limit * incr, task.kmapIdx());
      for (int n = 0; n < limit; n++) {
        assertEquals(Variants.pattern(c, n), cpu.readLong(addresses.get(n)), "map " + n);
      }
      for (int slot = incr - 2; slot >= 0 && slot < kmMaxIdx; slot += incr) {
        for (long guard : Variants.slotAddresses(m, c, slot)) {
          assertTrue(codec.pteNone(m.kernelPte(guard)),
              "guard slot " + slot + " of CPU" + c + " at " + hex(guard) + " is none");
        }
      }
      assertOverflowChangesNothing(m, cpu, task, Variants.highPage(m, 10_000L + c));
      assertEquals(List.of(), m.checkInvariants());
      for (int n = limit - 1; n >= 0; n--) {
        cpu.kunmapLocal(addresses.get(n));
        assertTrue(codec.pteNone(m.kernelPte(addresses.get(n))), "slot cleared");
      }
      assertEquals(0, task.kmapIdx());
      assertEquals(0, task.migrationDisabled());
    }
    assertEquals(List.of(), m.checkInvariants());
  }

  private static void assertOverflowChangesNothing(Machine m, Cpu cpu, Task task, Page page) {
    Counters before = m.counters();
    List<LiveMap> live = task.liveMaps();
    int idx = task.kmapIdx();
    int migration = task.migrationDisabled();
    int preempt = task.preemptCount();
    int diagnostics = m.diagnostics().size();
    long nextSlot = Variants.slotAddress(m, cpu.id(), idx, page);
    long nextPte = m.kernelPte(nextSlot);

    KmapException e = assertThrows(KmapException.class, () -> cpu.kmapLocalPage(page));

    assertEquals(DiagnosticCode.STACK_OVERFLOW, e.code(), e::getMessage);
    assertEquals(diagnostics + 1, m.diagnostics().size(), "the BUG is reported once");
    assertEquals(before, m.counters(), "counters unchanged");
    assertEquals(live, task.liveMaps());
    assertEquals(idx, task.kmapIdx());
    assertEquals(migration, task.migrationDisabled());
    assertEquals(preempt, task.preemptCount());
    assertEquals(nextPte, m.kernelPte(nextSlot), "the slot after the top is untouched");
  }
}
