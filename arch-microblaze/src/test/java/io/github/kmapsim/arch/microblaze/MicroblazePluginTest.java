// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

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
class MicroblazePluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new MicroblazePlugin(), Stage.VECTORS);
  }

  private final ArchVariant variant = new MicroblazePlugin().variants().get(0);

  @Test
  void serviceLoaderFindsTheMicroblazePlugin() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    assertInstanceOf(MicroblazePlugin.class, plugins.get(0));
    assertEquals("microblaze", plugins.get(0).id());
    assertEquals(List.of("microblaze"),
        plugins.get(0).variants().stream().map(ArchVariant::name).toList());
  }

  @Test
  void itIsAUniprocessor() {
    assertEquals(1, variant.maxCpus());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> variant.layout(2, 16));
    assertTrue(e.getMessage().contains("MicroBlaze has no SMP"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> variant.layout(1, 17));
  }

  @Test
  void theDescriptionIsOneLineAndTheCacheIsPhysical() {
    assertFalse(variant.description().contains("\n"));
    assertEquals("microblaze", variant.toString());
    assertEquals(CacheType.PHYSICAL, variant.cacheType());
    assertFalse(variant.supportsKmapLocalForceMap());
  }
}
