// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call what {@code arch/microblaze/include/asm/highmem.h} calls. */
class MicroblazeKmapHooksTest {

  private static final long SLOT0 = 0xffffe000L; // fix_to_virt(FIX_KMAP_BEGIN = 1)

  private final KmapHooks hooks = new MicroblazePlugin().variants().get(0).hooks();
  private final RecordingHardwareServices hw = new RecordingHardwareServices(0, 16);

  @Test
  void everythingElseIsTheGenericDefault() {
    hooks.preUnmap(hw, SLOT0);
    hooks.kmapFlushTlb(hw, 0xff800000L); // no ARCH_HAS_KMAP_FLUSH_TLB
    assertEquals(2, hooks.mapIdx(hw, 2, 0x30000)); // 2 + 16 * 0
    assertEquals(2, hooks.unmapIdx(hw, 2, SLOT0));
    assertEquals(0, hooks.highGet(hw, 0x30000));
    assertFalse(hooks.needsKmapHighGet());
    assertFalse(hooks.haveAtomicIomap());
    assertTrue(hooks.kmapPtesLinear());
    assertEquals(List.of(), hw.calls());
  }
}
