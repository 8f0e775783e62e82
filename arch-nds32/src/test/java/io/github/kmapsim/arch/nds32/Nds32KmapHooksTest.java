// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call what {@code arch/nds32/include/asm/highmem.h} calls. */
class Nds32KmapHooksTest {

  private final KmapHooks hooks = new Nds32Plugin().variants().get(0).hooks();
  private final RecordingHardwareServices hw = new RecordingHardwareServices(0, 16);

  @Test
  void everythingElseIsTheGenericDefault() {
    hooks.kmapFlushTlb(hw, 0xff800000L);
    assertEquals(2, hooks.mapIdx(hw, 2, 0x475ff));
    assertEquals(2, hooks.unmapIdx(hw, 2, 0xfffec000L));
    assertEquals(0, hooks.highGet(hw, 0x475ff));
    assertFalse(hooks.needsKmapHighGet());
    assertFalse(hooks.haveAtomicIomap());
    assertTrue(hooks.kmapPtesLinear());
    assertEquals(List.of(), hw.calls());
  }
}
