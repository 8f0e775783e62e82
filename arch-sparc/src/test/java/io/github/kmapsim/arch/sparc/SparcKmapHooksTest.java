// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call what {@code arch/sparc/include/asm/highmem.h} (v5.11) calls, on any slot. */
class SparcKmapHooksTest {

  private final KmapHooks hooks = new SparcPlugin().variants().get(0).hooks();
  private final RecordingHardwareServices hw = new RecordingHardwareServices(1, 16);

  @Test
  void mapFlushesTheWholeTlbAndNothingElse() {
    hooks.postMap(hw, 0xfcfee000L, 0x00c0009eL);
    assertEquals(List.of(ServiceCall.flushTlbAll()), hw.calls());
  }

  @Test
  void unmapFlushesTheWholeCacheBeforeAndTheWholeTlbAfter() {
    hooks.preUnmap(hw, 0xfcfee000L);
    hooks.postUnmap(hw, 0xfcfee000L);
    assertEquals(List.of(ServiceCall.flushCacheAll(), ServiceCall.flushTlbAll()), hw.calls());
  }

  @Test
  void flushCacheKmapsIsFlushCacheAll() {
    hooks.flushCacheKmaps(hw);
    assertEquals(List.of(ServiceCall.flushCacheAll()), hw.calls());
  }

  @Test
  void everythingElseIsTheGenericDefault() {
    hooks.kmapFlushTlb(hw, 0xfc500000L); // no ARCH_HAS_KMAP_FLUSH_TLB
    assertEquals(18, hooks.mapIdx(hw, 2, 0xc000)); // 2 + 16 * 1
    assertEquals(18, hooks.unmapIdx(hw, 2, 0xfcfee000L));
    assertEquals(0, hooks.highGet(hw, 0xc000));
    assertFalse(hooks.needsKmapHighGet());
    assertFalse(hooks.haveAtomicIomap());
    assertTrue(hooks.kmapPtesLinear());
    assertEquals(List.of(), hw.calls());
  }
}
