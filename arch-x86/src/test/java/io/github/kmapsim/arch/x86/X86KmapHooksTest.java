// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the hook trace of the reference vectors does not show: the hooks x86 keeps at the generic
 * default, and HAVE_ATOMIC_IOMAP.
 */
class X86KmapHooksTest {

  // fix_to_virt(FIX_KMAP_BEGIN) = 0xfffff000 - (69 << 12): slot 0 of CPU 0.
  private static final long SLOT0 = 0xfffba000L;

  private final KmapHooks hooks = new X86Plugin().variants().get(0).hooks();
  private final RecordingHardwareServices hw = new RecordingHardwareServices(1, 16);

  @Test
  void everythingElseIsTheGenericDefault() {
    hooks.preUnmap(hw, SLOT0);
    assertEquals(List.of(), hw.calls());
    // kmap_local_calc_idx(idx) = idx + KM_MAX_IDX * smp_processor_id() = 2 + 16 * 1
    assertEquals(18, hooks.mapIdx(hw, 2, 0x40000));
    assertEquals(18, hooks.unmapIdx(hw, 2, SLOT0));
    // x86 does not define ARCH_NEEDS_KMAP_HIGH_GET: arch_kmap_local_high_get() is NULL.
    assertEquals(0, hooks.highGet(hw, 0x40000));
    // x86 does not select KMAP_LOCAL_NON_LINEAR_PTE_ARRAY.
    assertTrue(hooks.kmapPtesLinear());
    // x86-32 selects HAVE_ATOMIC_IOMAP: io_mapping maps through kmap_local slots.
    assertTrue(hooks.haveAtomicIomap());
    assertEquals(List.of(), hw.calls());
  }
}
