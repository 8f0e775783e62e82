// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

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
class CskyPluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new CskyPlugin(), Stage.VECTORS);
  }

  private final List<ArchVariant> variants = new CskyPlugin().variants();

  @Test
  void serviceLoaderFindsTheCskyPluginWithBothVariants() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    assertInstanceOf(CskyPlugin.class, plugins.get(0));
    assertEquals("csky", plugins.get(0).id());
    assertEquals(List.of("csky", "csky-ck860"),
        plugins.get(0).variants().stream().map(ArchVariant::name).toList());
  }

  @Test
  void descriptionsAreOneLine() {
    for (ArchVariant v : variants) {
      assertFalse(v.description().isBlank(), v.name());
      assertFalse(v.description().contains("\n"), v.name());
      assertEquals(v.name(), v.toString());
    }
  }

  @Test
  void onlyTheCk860HasSmp() {
    // config SMP depends on CPU_CK860; config NR_CPUS: range 2 32 (arch/csky/Kconfig).
    assertEquals(1, variants.get(0).maxCpus());
    assertEquals(32, variants.get(1).maxCpus());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> variants.get(0).layout(2, 16));
    assertTrue(e.getMessage().contains("config SMP depends on CPU_CK860"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> variants.get(1).layout(33, 16));
    assertEquals(15, variants.get(1).layout(1, 16).fixKmapEnd(), "NR_CPUS 1 without SMP");
  }

  @Test
  void layoutRejectsAnOddKmMaxIdx() {
    for (ArchVariant v : variants) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> v.layout(1, 20));
      assertTrue(e.getMessage().contains("KM_MAX_IDX 20"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> v.layout(0, 16));
    }
  }

  @Test
  void theDcacheIsPhysical() {
    for (ArchVariant v : variants) {
      assertEquals(CacheType.PHYSICAL, v.cacheType());
      assertEquals(1, v.dcacheColours());
      assertFalse(v.supportsKmapLocalForceMap());
      assertTrue(v.refuseAliasingDcache().startsWith(v.name() + ": "));
    }
  }
}
