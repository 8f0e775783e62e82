// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

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
class XtensaPluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new XtensaPlugin(), Stage.VECTORS);
  }

  private final List<ArchVariant> variants = new XtensaPlugin().variants();

  @Test
  void serviceLoaderFindsTheXtensaPluginWithBothVariants() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    assertInstanceOf(XtensaPlugin.class, plugins.get(0));
    assertEquals("xtensa", plugins.get(0).id());
    assertEquals(List.of("xtensa", "xtensa-c2"),
        plugins.get(0).variants().stream().map(ArchVariant::name).toList());
  }

  @Test
  void coloursFollowTheDcacheWay() {
    // dc233c: 16 KiB / 4 ways = 4 KiB = PAGE_SIZE; the custom core: 16 KiB / 2 ways = 8 KiB.
    assertEquals(1, variants.get(0).dcacheColours());
    assertEquals(2, variants.get(1).dcacheColours());
    for (ArchVariant v : variants) {
      assertEquals(CacheType.PHYSICAL, v.cacheType(), "the aliasing cache is not modelled");
      assertFalse(v.supportsKmapLocalForceMap());
    }
  }

  @Test
  void descriptionsAreOneLine() {
    for (ArchVariant v : variants) {
      assertFalse(v.description().isBlank(), v.name());
      assertFalse(v.description().contains("\n"), v.name());
    }
  }

  @Test
  void maxCpusIsTheEndOfTheNrCpusRange() {
    // arch/xtensa/Kconfig: config NR_CPUS ... range 2 32.
    for (ArchVariant v : variants) {
      assertEquals(32, v.maxCpus(), v.name());
      assertEquals(16 * v.dcacheColours() - 1, v.layout(1, 16).fixKmapEnd(),
          v.name() + ": NR_CPUS 1 is a kernel without SMP");
    }
  }

  @Test
  void layoutRejectsKernelsThatCannotBeBuilt() {
    for (ArchVariant v : variants) {
      assertThrows(IllegalArgumentException.class, () -> v.layout(0, 16));
      assertThrows(IllegalArgumentException.class, () -> v.layout(33, 16));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> v.layout(4, 20));
      assertTrue(e.getMessage().contains("KM_MAX_IDX 20"), e.getMessage());
    }
  }
}
