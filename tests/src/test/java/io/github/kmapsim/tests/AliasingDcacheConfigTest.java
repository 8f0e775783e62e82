// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Severity;
import io.github.kmapsim.core.KmapSim;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CPU whose D-cache aliases ({@code cpu_has_dc_aliases}) cannot run highmem: no variant builds
 * such a machine (BAD_CONFIG, nothing built), and the MIPS ports give the kernel's own reason,
 * {@code flush_cache_kmaps()}'s {@code BUG_ON(cpu_has_dc_aliases)} and {@code paging_init()}
 * ignoring highmem.
 */
class AliasingDcacheConfigTest {

  /** The MIPS variants; both page sizes must be there. */
  static Stream<String> mips() {
    List<String> names = Variants.all().filter(n -> n.startsWith("mips")).toList();
    assertEquals(List.of("mips", "mips-16k"), names);
    return names.stream();
  }

  /** Every variant refuses an aliasing D-cache, naming itself. */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.tests.Variants#all")
  void everyVariantRefusesAnAliasingDcache(String variant) {
    KmapException e = refuse(variant);

    assertEquals(DiagnosticCode.BAD_CONFIG, e.code(), e::getMessage);
    assertEquals(Severity.REFUSED, e.diagnostic().severity());
    assertTrue(e.diagnostic().message().startsWith(variant + ":"), e::getMessage);
    assertEquals(KmapSim.variant(variant).refuseAliasingDcache(), e.diagnostic().message());
  }

  /** MIPS cites the kernel: flush_cache_kmaps() BUGs on cpu_has_dc_aliases. */
  @ParameterizedTest
  @MethodSource("mips")
  void mipsCitesTheKernelsReason(String variant) {
    String message = refuse(variant).diagnostic().message();

    assertTrue(message.contains("cpu_has_dc_aliases"), message);
    assertTrue(message.contains("flush_cache_kmaps()"), message);
    assertTrue(message.contains("paging_init()"), message);
    assertTrue(message.contains("arch/mips/"), message);
  }

  /** nds32 cites its Kconfig: HIGHMEM depends on !CPU_CACHE_ALIASING. */
  @org.junit.jupiter.api.Test
  void nds32CitesItsKconfig() {
    String message = refuse("nds32").diagnostic().message();
    assertTrue(message.contains("HIGHMEM depends on MMU && !CPU_CACHE_ALIASING"), message);
    assertTrue(message.contains("arch/nds32/Kconfig.cpu"), message);
  }

  private static KmapException refuse(String variant) {
    MachineConfig config = Variants.preset(variant).toBuilder().dcacheAliases(true).build();
    return assertThrows(KmapException.class, () -> KmapSim.newMachine(config));
  }
}
