// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call what {@code arch/arc/include/asm/highmem.h} calls. */
class ArcKmapHooksTest {

  private final KmapHooks hooks = new ArcPlugin().variants().get(1).hooks();
  private final RecordingHardwareServices hw = new RecordingHardwareServices(1, 16);

  @Test
  void everythingElseIsTheGenericDefault() {
    hooks.postMap(hw, 0x7fc5e000L, 0x4000030fL);
    hooks.preUnmap(hw, 0x7fc5e000L);
    hooks.kmapFlushTlb(hw, 0x7fe00000L);
    assertEquals(18, hooks.mapIdx(hw, 2, 0x20000)); // 2 + 16 * 1
    assertEquals(18, hooks.unmapIdx(hw, 2, 0x7fc5a000L));
    assertEquals(0, hooks.highGet(hw, 0x20000));
    assertFalse(hooks.needsKmapHighGet());
    assertFalse(hooks.haveAtomicIomap());
    assertTrue(hooks.kmapPtesLinear());
    assertEquals(0, hooks.getPkmapColor(0x20001));
    assertEquals(List.of(), hw.calls());
    assertEquals(new ArcPlugin().variants().get(0).hooks().getClass(), hooks.getClass());
  }
}
