// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.ConformanceTests;
import io.github.kmapsim.conformance.Stage;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Discovery and the variant contract. */
class Nds32PluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new Nds32Plugin(), Stage.VECTORS);
  }

  private final ArchVariant v = new Nds32Plugin().variants().get(0);

  @Test
  void serviceLoaderFindsTheNds32Plugin() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    assertInstanceOf(Nds32Plugin.class, plugins.get(0));
    assertEquals("nds32", plugins.get(0).id());
    assertEquals(List.of("nds32"), plugins.get(0).variants().stream().map(ArchVariant::name)
        .toList());
  }

  @Test
  void itIsAUniprocessor() {
    // arch/nds32/Kconfig: config NR_CPUS int default 1, no SMP option.
    assertEquals(1, v.maxCpus());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> v.layout(2, 16));
    assertTrue(e.getMessage().contains("nds32 has no SMP"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> v.layout(1, 20));
  }

  @Test
  void anAliasingDcacheIsRefusedInTheKernelsWords() {
    assertEquals(CacheType.PHYSICAL, v.cacheType());
    assertTrue(v.refuseAliasingDcache().contains("HIGHMEM depends on MMU && !CPU_CACHE_ALIASING"));
    assertTrue(v.description().contains("v5.11-v5.17"), v.description());
  }
}
