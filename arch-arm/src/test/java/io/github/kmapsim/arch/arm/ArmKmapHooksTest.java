// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hooks call exactly what {@code arch/arm/include/asm/highmem.h} calls, in that order. */
class ArmKmapHooksTest {

  // fix_to_virt(FIX_KMAP_BEGIN) = 0xffeff000 - (1 << 12): slot 0 of CPU 0.
  private static final long SLOT0 = 0xffefe000L;

  // PKMAP_ADDR(1) = 0xbfe00000 + 0x1000: where kmap_high_get() finds the page.
  private static final long PKMAP1 = 0xbfe01000L;

  private final RecordingHardwareServices hw = new RecordingHardwareServices(1, 16, PKMAP1);

  /** map, then unmap, as mm/highmem.c calls the hooks. */
  private void mapThenUnmap(KmapHooks hooks) {
    hooks.postMap(hw, SLOT0, 0x4000065fL);
    hooks.preUnmap(hw, SLOT0);
    hooks.postUnmap(hw, SLOT0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void highGetReusesAPinnedPkmapMapping(String variant) {
    // ARCH_NEEDS_KMAP_HIGH_GET without DEBUG_HIGHMEM: arch_kmap_local_high_get = kmap_high_get.
    assertEquals(PKMAP1, Variants.named(variant).hooks().highGet(hw, 0x40000));
    assertEquals(List.of("kmapHighGet(0x40000)"), hw.calls().stream().map(Object::toString).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void indicesAreTheGenericDefaultAndPtesNonLinear(String variant) {
    KmapHooks hooks = Variants.named(variant).hooks();
    // kmap_local_calc_idx(idx) = idx + KM_MAX_IDX * smp_processor_id() = 2 + 16 * 1.
    assertEquals(18, hooks.mapIdx(hw, 2, 0x40000));
    assertEquals(18, hooks.unmapIdx(hw, 2, SLOT0));
    // config HIGHMEM selects KMAP_LOCAL_NON_LINEAR_PTE_ARRAY (arch/arm/Kconfig).
    assertFalse(hooks.kmapPtesLinear());
    assertEquals(List.of(), hw.calls());
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm", "arm-vivt", "arm-lpae"})
  void kunmapLocalOfAPkmapAddressGoesBackThroughKunmapHigh(String variant) {
    // ARCH_NEEDS_KMAP_HIGH_GET is defined for ARMv7 SMP without ARM_ERRATA_798181.
    assertEquals(true, Variants.named(variant).hooks().needsKmapHighGet());
  }
}
