// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** kunmap_local_indexed. */
class KunmapLocalTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);

  @Test
  void hooksRunInTheKernelsOrderAroundThePteClear() {
    KmapHooks hooks = spy(new ToyArch.FlushingHooks(true, true));
    Machine hm = Toy.machine(Toy.config(), hooks);
    KmapListener listener = mock(KmapListener.class);
    hm.addListener(listener);
    long va = hm.cpu(0).kmapLocalPage(hm.page(Toy.HIGH_PFN));
    long pte = hm.kernelPte(va);
    hm.cpu(0).kunmapLocal(va);

    InOrder order = inOrder(hooks, listener);
    order.verify(listener).pteWritten(0, va, 0L, pte);
    order.verify(hooks).postMap(any(HardwareServices.class), eq(va), eq(pte));
    order.verify(hooks).preUnmap(any(HardwareServices.class), eq(va));
    order.verify(listener).pteWritten(0, va, pte, 0L);
    order.verify(hooks).postUnmap(any(HardwareServices.class), eq(va));
    order.verify(listener).unmapped(eq(0), any(Task.class), eq(0), eq(va));
    order.verifyNoMoreInteractions();
  }

  @Test
  void unmapUndoesEverythingTheMapDid() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.readLong(va);
    cpu0.kunmapLocal(va + 123);
    Task t = cpu0.current();
    assertEquals(0, t.kmapIdx());
    assertEquals(0, t.pteval(0));
    assertEquals(0, t.migrationDisabled());
    assertEquals(0, m.kernelPte(va));
    assertTrue(!cpu0.tlbHolds(va), "post_unmap flushed the local TLB entry");
    assertEquals(-1, cpu0.translate(va));
    assertTrue(m.diagnostics().isEmpty());
  }

  @Test
  void wrongOrderUnmapWarnsAndClearsTheTopSlotOnALinearPteArray() {
    long a = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long b = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    cpu0.writeLong(b, 0xb);
    cpu0.kunmapLocal(a);

    Diagnostic d = single(m.diagnostics());
    assertEquals(DiagnosticCode.UNMAP_NOT_TOP, d.code());
    assertEquals(0, d.cpu());
    assertEquals("swapper/0", d.task());
    assertTrue(d.message().contains(String.format("0x%08x", b)), d.message());
    assertEquals(0, m.kernelPte(b), "__kmap_pte[-idx] is the top slot's PTE");
    assertNotEquals(0, m.kernelPte(a), "the given address keeps its PTE");
    assertEquals(1, cpu0.current().kmapIdx(), "the pop is always of the top slot");
    assertEquals(1, m.checkInvariants().size(), m.checkInvariants().toString());
    InvariantViolation stale = m.checkInvariants().get(0);
    assertEquals(InvariantViolation.Code.STALE_TLB, stale.code(),
        "the flush went to the given address, so the top slot's TLB entry is stale");
    assertEquals(0, stale.cpu());
    assertEquals(b, stale.address());
    assertTrue(stale.message().startsWith(String.format("CPU0 still translates 0x%08x", b)),
        stale.message());
    assertEquals(0xb, cpu0.readLong(b), "the stale TLB entry still reaches B's page");
    assertEquals(DiagnosticCode.STALE_TLB, m.diagnostics().get(1).code());
    assertEquals(DiagnosticCode.USE_AFTER_UNMAP, m.diagnostics().get(2).code(),
        "the checker: the kernel popped b's slot, so the read of b is a use after unmap");

    cpu0.kunmapLocal(b);
    assertEquals(DiagnosticCode.UNMAP_NOT_TOP, m.diagnostics().get(3).code(),
        "the second unmap is out of order too");
    assertEquals(0, m.kernelPte(a));
    assertEquals(0, cpu0.current().kmapIdx());
  }

  @Test
  void wrongOrderUnmapOnANonLinearPteArrayClearsTheGivenAddressAndTheNextMapBugs() {
    Machine nl = Toy.machine(Toy.config(), new ToyArch.FlushingHooks(true, false));
    Cpu c = nl.cpu(0);
    long a = c.kmapLocalPage(nl.page(Toy.HIGH_PFN));
    long b = c.kmapLocalPage(nl.page(Toy.HIGH_PFN + 1));
    c.kunmapLocal(a);
    assertEquals(0, nl.kernelPte(a), "virt_to_kpte(addr) is the given address's PTE");
    assertNotEquals(0, nl.kernelPte(b));

    KmapException e =
        assertThrows(KmapException.class, () -> c.kmapLocalPage(nl.page(Toy.HIGH_PFN + 2)));
    assertEquals(DiagnosticCode.PTE_NOT_NONE, e.code());
    assertTrue(e.getMessage().contains(String.format("0x%08x", b)), e.getMessage());
    assertEquals(1, c.current().kmapIdx(), "the BUG changed nothing");
  }

  @Test
  void unmapWithAnEmptyStackIsABugThatChangesNothing() {
    KmapException e = assertThrows(KmapException.class, () -> cpu0.kunmapLocal(Toy.slot(0, 0)));
    assertEquals(DiagnosticCode.STACK_UNDERFLOW, e.code());
    assertEquals(0, cpu0.current().kmapIdx());
    assertEquals(List.of(DiagnosticCode.STACK_UNDERFLOW),
        m.diagnostics().stream().map(Diagnostic::code).toList());
  }

  @Test
  void unmappingAnAddressNeverMappedIsRefusedAndChangesNothing() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long pte = m.kernelPte(va);
    KmapException e = assertThrows(KmapException.class, () -> cpu0.kunmapLocal(Toy.slot(1, 3)));
    assertEquals(DiagnosticCode.NOT_MAPPED, e.code());
    assertTrue(e.getMessage().contains("CPU: 0"), e.getMessage());
    assertTrue(e.diagnostic().heldMaps().get(0).contains(String.format("0x%08x", va)));
    assertEquals(1, cpu0.current().kmapIdx());
    assertEquals(pte, m.kernelPte(va));
    assertTrue(m.checkInvariants().isEmpty());
  }

  @Test
  void userAddressWarnsAndReturns() {
    long va = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu0.kunmapLocal(0x08048000L);
    assertEquals(DiagnosticCode.UNMAP_USER_ADDRESS, single(m.diagnostics()).code());
    assertEquals(1, cpu0.current().kmapIdx());
    assertNotEquals(0, m.kernelPte(va));
  }

  @Test
  void forceMapWarnsForAnyAddressOutsideTheWindow() {
    Machine fm = Toy.machine(Toy.config().toBuilder().forceMap(true).build());
    fm.cpu(0).kunmapLocal(ToyArch.PAGE_OFFSET + 0x5000);
    assertEquals(DiagnosticCode.UNMAP_OUTSIDE_WINDOW, single(fm.diagnostics()).code());
  }

  @Test
  void kunmapLocalTakesAnAddressNeverAPage() throws Exception {
    for (var method : Cpu.class.getMethods()) {
      if (method.getName().equals("kunmapLocal") || method.getName().equals("kunmapAtomic")) {
        assertEquals(List.of(long.class), List.of(method.getParameterTypes()),
            method + " must take the mapped address, as BUILD_BUG_ON(__same_type(addr, struct"
                + " page *)) demands");
      }
    }
    assertEquals(List.of(io.github.kmapsim.api.Page.class),
        List.of(Cpu.class.getMethod("kunmap", io.github.kmapsim.api.Page.class).getParameterTypes()),
        "the persistent kunmap() takes the page, as in the kernel");
  }

  private static Diagnostic single(List<Diagnostic> ds) {
    assertEquals(1, ds.size(), ds.toString());
    return ds.get(0);
  }
}
