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
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.spi.HardwareServices;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unmap hooks must drop the slot's translation from the local TLB, on every variant (in
 * {@code arch_kmap_local_post_unmap()}, or before the PTE is cleared in {@code _pre_unmap()} on
 * nds32; sparc flushes every CPU's whole TLB): with the real hooks an access after kunmap_local
 * faults; with a port whose hooks make no TLB flush the CPU keeps translating the slot to the old
 * page, so after the slot is remapped a read returns the old page's bytes, and kmapsim says a
 * flush is missing.
 */
class KunmapLocalTlbFlushTest {

  private static final long OLD = 0x0ddc_0ffe_eba5_eba1L;

  /** The real hooks: after kunmap_local the TLB no longer holds the slot and a read faults. */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void afterKunmapLocalTheSlotFaults(String variant) {
    Machine m = Variants.machine(variant);
    Cpu cpu = m.cpu(0);
    long va = mapWriteRead(m, cpu, Variants.highPage(m, 1));
    assertTrue(cpu.tlbHolds(va), "the read filled the TLB");

    cpu.kunmapLocal(va);

    assertFalse(cpu.tlbHolds(va), "post_unmap flushed the slot from the local TLB");
    assertEquals(-1, cpu.translate(va));
    KmapException e = assertThrows(KmapException.class, () -> cpu.readLong(va));
    assertEquals(DiagnosticCode.PAGE_FAULT, e.code(), e::getMessage);
    assertEquals(List.of(DiagnosticCode.PAGE_FAULT), codes(m), "only the oops is reported");
    assertEquals(List.of(), m.checkInvariants());
  }

  /**
   * Without the local TLB flushes of the map and unmap hooks: the translation survives
   * kunmap_local, and once the slot maps another page a read through it still reaches the old
   * page (STALE_TLB), and the invariant check names the missing flush.
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void withoutThePostUnmapFlushARemappedSlotReadsTheOldPage(String variant) {
    Machine m = DelegatingVariant.machine(Variants.preset(variant), "no-tlb-flush",
        new DelegatingVariant.Hooks(variant) {
          @Override
          public void postMap(HardwareServices hw, long vaddr, long pteval) {
            super.postMap(DelegatingVariant.withoutSlotTlbFlushes(hw), vaddr, pteval);
          }

          @Override
          public void preUnmap(HardwareServices hw, long vaddr) {
            super.preUnmap(DelegatingVariant.withoutSlotTlbFlushes(hw), vaddr);
          }

          @Override
          public void postUnmap(HardwareServices hw, long vaddr) {
            super.postUnmap(DelegatingVariant.withoutSlotTlbFlushes(hw), vaddr);
          }
        });
    assertEquals(variant + "-no-tlb-flush", m.arch().name());
    Cpu cpu = m.cpu(0);
    Page oldPage = Variants.highPage(m, 1);
    Page newPage = Variants.highPage(m, 1 + m.arch().dcacheColours()); // of oldPage's colour
    long va = mapWriteRead(m, cpu, oldPage);

    cpu.kunmapLocal(va);
    assertTrue(cpu.tlbHolds(va), "nothing flushed the slot from the TLB");
    assertTrue(m.arch().pteCodec().pteNone(m.kernelPte(va)), "although its PTE is cleared");
    long again = cpu.kmapLocalPage(newPage);
    assertEquals(hex(va), hex(again), "the slot is reused for the new page");
    assertEquals(m.arch().pteCodec().pfnPte(newPage.pfn(), m.arch().pteCodec().kmapProt()),
        m.kernelPte(va), "the page table maps the new page");
    assertTrue(m.checkInvariants().stream().anyMatch(v ->
            v.code() == InvariantViolation.Code.STALE_TLB && v.cpu() == cpu.id() && v.address() == va),
        () -> "invariants: " + m.checkInvariants());

    long read = cpu.readLong(va);

    assertEquals(hex(OLD), hex(read), "the stale translation reaches the old page");
    assertEquals(0, Variants.physicalLong(m, Variants.physical(m, newPage, 0)),
        "the new page holds something else");
    Diagnostic stale = m.diagnostics().stream()
        .filter(d -> d.code() == DiagnosticCode.STALE_TLB)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no STALE_TLB in " + m.diagnostics()));
    assertEquals(0, stale.cpu());
    assertTrue(stale.message().contains("a flush is missing"), stale::format);
    cpu.kunmapLocal(again);
  }

  /**
   * Two unmaps in the wrong order (examples/19-wrong-order-twice.ksim). x86 clears the top slot's
   * PTE (a linear kmap PTE array) but flushes the given address: the first unmap flushes a's slot
   * while its PTE is still present, so the speculating walker may load it again, and the second
   * clears that PTE and flushes b's address. a's translation outlives its PTE until the slot's
   * next unmap flushes it. ARM walks the page table (not linear): each unmap clears and flushes
   * the address it is given, and nothing is left.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"x86", "x86-pae", "arm"})
  void twoWrongOrderUnmapsLeaveASpeculativeTranslationOnlyWhereThePtesAreLinear(String variant) {
    Machine m = Variants.machine(variant);
    Cpu cpu = m.cpu(0);
    long a = mapWriteRead(m, cpu, Variants.highPage(m, 1));
    long b = cpu.kmapLocalPage(Variants.highPage(m, 2));
    cpu.kunmapLocal(a);
    cpu.kunmapLocal(b);
    assertEquals(List.of(DiagnosticCode.UNMAP_NOT_TOP, DiagnosticCode.UNMAP_NOT_TOP), codes(m));
    boolean linear = !variant.equals("arm");
    assertEquals(linear, cpu.tlbHolds(a), "a's slot in the TLB after both unmaps");
    assertEquals(linear ? List.of(InvariantViolation.Code.STALE_TLB) : List.of(),
        m.checkInvariants().stream().map(InvariantViolation::code).toList());

    long c = cpu.kmapLocalPage(Variants.highPage(m, 3));
    assertEquals(hex(a), hex(c), "the slot's next use");
    cpu.kunmapLocal(c);
    assertFalse(cpu.tlbHolds(a), "its post_unmap flush dropped a's old translation");
    assertEquals(List.of(), m.checkInvariants());
  }

  /** kmap_local_page, a write of {@link #OLD} and a read back (which fills the TLB). */
  private static long mapWriteRead(Machine m, Cpu cpu, Page page) {
    long va = cpu.kmapLocalPage(page);
    assertEquals(hex(Variants.slotAddress(m, 0, 0, page)), hex(va));
    cpu.writeLong(va, OLD);
    assertEquals(OLD, cpu.readLong(va));
    return va;
  }

  private static List<DiagnosticCode> codes(Machine m) {
    return m.diagnostics().stream().map(Diagnostic::code).toList();
  }
}
