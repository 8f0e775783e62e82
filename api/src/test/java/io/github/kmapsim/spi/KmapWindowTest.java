// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The kmap window and each CPU's part of it, for a fixmap that grows down from FIXADDR_TOP
 * (asm-generic {@code __fix_to_virt}) and for one that grows up: two CPUs of 16 slots each,
 * FIX_KMAP_BEGIN 1, FIX_KMAP_END 32.
 */
class KmapWindowTest {
  private static final long TOP = 0xfffff000L;
  private static final long START = 0xff000000L;

  private static final MemoryLayout DOWN = MemoryLayout.builder().pageShift(12)
      .pageOffset(0xc0000000L).maxLowmemBytes(1L << 28).vmallocOffset(8L << 20)
      .vmallocEnd(0xfe000000L).pkmapBase(0xfe800000L).lastPkmap(512).fixaddrTop(TOP)
      .fixaddrStart(START).fixKmapBegin(1).fixKmapEnd(32).build();

  /** The same layout with {@code __fix_to_virt(idx) = FIXADDR_START + (idx << PAGE_SHIFT)}. */
  private static final MemoryLayout UP = (MemoryLayout) Proxy.newProxyInstance(
      MemoryLayout.class.getClassLoader(), new Class<?>[] {MemoryLayout.class},
      (proxy, method, args) -> method.getName().equals("fixToVirt")
          ? START + ((long) (int) args[0] << 12)
          : method.invoke(DOWN, args));

  @Test
  void aDownwardFixmapHasItsWindowBelowFixaddrTopWithCpu0AtTheTop() {
    assertEquals(new KmapWindow(TOP - 32 * 0x1000L, TOP), KmapWindow.of(DOWN));
    assertEquals(new KmapWindow(TOP - 16 * 0x1000L, TOP), KmapWindow.ofCpu(DOWN, 0, 16));
    assertEquals(new KmapWindow(TOP - 32 * 0x1000L, TOP - 16 * 0x1000L),
        KmapWindow.ofCpu(DOWN, 1, 16));
    assertEquals(0x20000, KmapWindow.of(DOWN).size());
  }

  @Test
  void anUpwardFixmapHasItsWindowAboveFixaddrStartWithCpu0AtTheBottom() {
    assertEquals(new KmapWindow(START + 0x1000, START + 33 * 0x1000L), KmapWindow.of(UP));
    assertEquals(new KmapWindow(START + 0x1000, START + 17 * 0x1000L), KmapWindow.ofCpu(UP, 0, 16));
    assertEquals(new KmapWindow(START + 17 * 0x1000L, START + 33 * 0x1000L),
        KmapWindow.ofCpu(UP, 1, 16));
  }

  @Test
  void containsEveryByteOfItsSlotPagesAndNothingElse() {
    KmapWindow cpu1 = KmapWindow.ofCpu(DOWN, 1, 16);
    assertTrue(cpu1.contains(DOWN.fixToVirt(17)), "CPU1's first slot");
    assertTrue(cpu1.contains(DOWN.fixToVirt(32) + 0xfff), "the last byte of its last slot");
    assertFalse(cpu1.contains(DOWN.fixToVirt(16)), "CPU0's last slot");
    assertFalse(cpu1.contains(DOWN.fixToVirt(32) - 1), "below the window");
  }
}
