// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code DEBUG_KMAP_LOCAL_FORCE_MAP} (lib/Kconfig.debug): it depends on
 * ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP, which only x86 selects, and it selects DEBUG_KMAP_LOCAL.
 */
class ForceMapConfigTest {

  @Test
  void onlyTheX86VariantsSelectIt() {
    assertEquals(List.of("x86", "x86-pae"), Variants.all()
        .filter(v -> KmapSim.variant(v).supportsKmapLocalForceMap()).toList());
  }

  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void aForcedMapMachineBuildsOnlyWhereTheArchitectureSelectsIt(String variant) {
    MachineConfig config = Variants.preset(variant).toBuilder().forceMap(true).build();
    if (KmapSim.variant(variant).supportsKmapLocalForceMap()) {
      Machine m = KmapSim.newMachine(config);
      long va = m.cpu(0).kmapLocalPage(m.page(5));
      assertTrue(va != m.layout().pageOffset() + (5L << m.layout().pageShift()),
          "a lowmem page goes through the fixmap");
      m.cpu(0).kunmapLocal(va);
    } else {
      KmapException e = assertThrows(KmapException.class, () -> KmapSim.newMachine(config));
      assertEquals(DiagnosticCode.BAD_CONFIG, e.code());
      assertTrue(e.getMessage().contains("ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP"), e.getMessage());
    }
  }

  @Test
  void itSelectsDebugKmapLocal() {
    MachineConfig c = MachineConfig.preset("x86").toBuilder().forceMap(true).build();
    assertTrue(c.debugKmapLocal());
    assertEquals(33, c.kmMaxIdx());
    assertEquals(2, c.kmIncr());
  }
}
