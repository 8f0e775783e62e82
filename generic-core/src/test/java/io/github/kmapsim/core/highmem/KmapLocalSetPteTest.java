// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code arch_kmap_local_set_pte} (a1dce7fd2ade, v5.11-rc5): {@code __kmap_local_pfn_prot()}
 * installs the slot PTE through the hook, {@code __kmap_local_sched_in()} through plain
 * {@code set_pte_at()}, and io_mapping and pkmap never call it.
 */
class KmapLocalSetPteTest {

  /** Hooks whose arch_kmap_local_set_pte records its call and marks the PTE it writes. */
  private static final class MarkingHooks extends ToyArch.FlushingHooks {
    static final long MARK = 0x100;
    final List<String> calls = new ArrayList<>();

    MarkingHooks() {
      super(true, true);
    }

    @Override
    public void setPte(PteCodec codec, PteTable table, long vaddr, long ptep, long pteval) {
      calls.add(String.format("%#x %#x", vaddr, pteval));
      codec.setPte(table, ptep, pteval | MARK);
    }
  }

  private final MarkingHooks hooks = new MarkingHooks();
  private final Machine m = Toy.machine(Toy.config(), hooks);

  @Test
  void aNewSlotIsSetThroughTheHookWithItsAddress() {
    long pfn = Toy.HIGH_PFN;
    long va = m.cpu(1).kmapLocalPage(m.page(pfn));
    long pteval = (pfn << 12) | ToyArch.PAGE_KERNEL;
    assertEquals(List.of(String.format("%#x %#x", va, pteval)), hooks.calls);
    assertEquals(pteval | MarkingHooks.MARK, m.kernelPte(va), "the hook's store is the slot PTE");
    m.cpu(1).writeLong(va, 42);
    assertEquals(42, m.cpu(1).readLong(va));
    assertEquals(pteval, m.cpu(1).current().pteval(0), "kmap_ctrl keeps pfn_pte(), not the store");
  }

  @Test
  void schedInRestoresWithPlainSetPteAt() {
    Cpu cpu = m.cpu(0);
    Task a = m.createTask("a", 0);
    Task b = m.createTask("b", 0);
    m.schedule(0, a);
    long va = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long pteval = a.pteval(0);
    m.schedule(0, b);
    m.schedule(0, a);
    assertEquals(1, hooks.calls.size(), "only the kmap_local map went through the hook");
    assertEquals(pteval, m.kernelPte(va), "__kmap_local_sched_in uses set_pte_at");
    cpu.kunmapLocal(va);
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics().toString());
  }

  @Test
  void pkmapDoesNotCallIt() {
    long va = m.cpu(0).kmap(m.page(Toy.HIGH_PFN + 3)).vaddr();
    assertTrue(hooks.calls.isEmpty(), hooks.calls.toString());
    assertEquals(((Toy.HIGH_PFN + 3) << 12) | ToyArch.PAGE_KERNEL, m.kernelPte(va));
  }
}
