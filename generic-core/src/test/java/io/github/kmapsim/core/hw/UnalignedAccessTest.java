// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.core.Toy;
import org.junit.jupiter.api.Test;

/**
 * 8-byte loads and stores are little-endian at any alignment; an unaligned one that spans into
 * a page with no translation faults before it loads or stores a byte, as the hardware does.
 */
class UnalignedAccessTest {
  private final Machine m = Toy.machine();
  private final Cpu cpu0 = m.cpu(0);

  @Test
  void unalignedAccessesAreLittleEndianWithinAndAcrossPages() {
    long a = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN));
    long b = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN + 1)); // the page below a
    assertEquals(a - 4096, b);
    cpu0.writeLong(b + 4093, 0x0807060504030201L); // 3 bytes in b's page, 5 in a's
    assertEquals(0x03, cpu0.readByte(b + 4095));
    assertEquals(0x04, cpu0.readByte(a));
    assertEquals(0x08, cpu0.readByte(a + 4));
    assertEquals(0x0807060504030201L, cpu0.readLong(b + 4093));
    cpu0.writeLong(a + 9, -2L);
    assertEquals((byte) 0xfe, cpu0.readByte(a + 9));
    assertEquals(-1L >>> 8, cpu0.readLong(a + 10), "seven 0xff bytes, then a zero");
    assertEquals(0x0605040302010000L, cpu0.readLong(b + 4091), "two zero bytes, then six");
  }

  @Test
  void aSpanIntoAnUnmappedPageFaultsBeforeAnyByte() {
    long a = cpu0.kmapLocalPage(m.page(Toy.HIGH_PFN)); // the page below a has no PTE
    long below = a - 4096;
    cpu0.writeLong(a, 0x1111111111111111L);
    KmapException w = assertThrows(KmapException.class, () -> cpu0.writeLong(a - 3, -1L));
    assertEquals(DiagnosticCode.PAGE_FAULT, w.code());
    assertEquals(0x1111111111111111L, cpu0.readLong(a), "no byte of the store landed");
    KmapException r = assertThrows(KmapException.class, () -> cpu0.readLong(a - 3));
    assertEquals(DiagnosticCode.PAGE_FAULT, r.code());
    assertEquals(-1, cpu0.translate(below));
  }
}
