// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
class PowerpcPluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new PowerpcPlugin(), Stage.VECTORS);
  }

  private final List<ArchVariant> variants = new PowerpcPlugin().variants();

  @Test
  void serviceLoaderFindsThePowerpcPluginWithBothVariants() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    assertInstanceOf(PowerpcPlugin.class, plugins.get(0));
    assertEquals("powerpc", plugins.get(0).id());
    assertEquals(List.of("powerpc-book3s32", "powerpc-e500"),
        plugins.get(0).variants().stream().map(ArchVariant::name).toList());
  }

  @Test
  void layoutAcceptsOneToThirtyTwoCpus() {
    for (ArchVariant v : variants) {
      assertEquals(32, v.maxCpus(), v.name());
      assertEquals(47, v.layout(1, 16).fixKmapEnd(), "NR_CPUS 1 without SMP: 32 + 16 - 1");
      assertThrows(IllegalArgumentException.class, () -> v.layout(33, 16));
      assertThrows(IllegalArgumentException.class, () -> v.layout(0, 16));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> v.layout(4, 17));
      assertTrue(e.getMessage().contains("KM_MAX_IDX 17"), e.getMessage());
    }
  }

  @Test
  void descriptionsAreOneLineAndCachesPhysical() {
    for (ArchVariant v : variants) {
      assertFalse(v.description().contains("\n"), v.name());
      assertEquals(v.name(), v.toString());
      assertEquals(CacheType.PHYSICAL, v.cacheType());
      assertFalse(v.supportsKmapLocalForceMap());
    }
  }
}
