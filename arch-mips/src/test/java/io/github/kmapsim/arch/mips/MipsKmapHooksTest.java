// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call exactly what {@code arch/mips/include/asm/highmem.h} calls. */
class MipsKmapHooksTest {

  // fix_to_virt(FIX_KMAP_BEGIN) = 0xfffe0000 - (17 << 12): slot 0 of CPU 0 with 4 KiB pages.
  private static final long SLOT0 = 0xfffcf000L;

  private final KmapHooks hooks = new MipsPlugin().variants().get(0).hooks();
  private final RecordingHardwareServices hw = new RecordingHardwareServices(1, 16);

  @Test
  void everythingElseIsTheGenericDefault() {
    hooks.preUnmap(hw, SLOT0);
    // flush_cache_kmaps() is BUG_ON(cpu_has_dc_aliases): nothing to flush on a machine that runs.
    hooks.flushCacheKmaps(hw);
    // kmap_local_calc_idx(idx) = idx + KM_MAX_IDX * smp_processor_id() = 2 + 16 * 1.
    assertEquals(18, hooks.mapIdx(hw, 2, 0x40000));
    assertEquals(18, hooks.unmapIdx(hw, 2, SLOT0));
    // No ARCH_NEEDS_KMAP_HIGH_GET, no KMAP_LOCAL_NON_LINEAR_PTE_ARRAY.
    assertEquals(0, hooks.highGet(hw, 0x40000));
    assertFalse(hooks.needsKmapHighGet());
    assertTrue(hooks.kmapPtesLinear());
    assertEquals(List.of(), hw.calls());
  }
}
