// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

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
class ArcPluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new ArcPlugin(), Stage.VECTORS);
  }

  private final List<ArchVariant> variants = new ArcPlugin().variants();

  @Test
  void serviceLoaderFindsTheArcPluginWithBothVariants() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    assertInstanceOf(ArcPlugin.class, plugins.get(0));
    assertEquals("arc", plugins.get(0).id());
    assertEquals(List.of("arc", "arc-pae40"),
        plugins.get(0).variants().stream().map(ArchVariant::name).toList());
  }

  @Test
  void theFixmapTableLimitsNrCpus() {
    for (ArchVariant v : variants) {
      assertEquals(16, v.maxCpus(), v.name()); // 256 slots / KM_MAX_IDX 16
      assertEquals(15, v.layout(1, 16).fixKmapEnd(), "NR_CPUS 1: a kernel without SMP");
      assertThrows(IllegalArgumentException.class, () -> v.layout(0, 16));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> v.layout(4, 20));
      assertTrue(e.getMessage().contains("KM_MAX_IDX 20"), e.getMessage());
    }
  }

  @Test
  void theVariantsDifferInThePteOnly() {
    assertEquals(32, variants.get(0).pteCodec().pteBits());
    assertEquals(64, variants.get(1).pteCodec().pteBits());
    for (ArchVariant v : variants) {
      assertEquals(CacheType.PHYSICAL, v.cacheType());
      assertEquals(1, v.dcacheColours());
      assertFalse(v.description().contains("\n"));
    }
  }
}
