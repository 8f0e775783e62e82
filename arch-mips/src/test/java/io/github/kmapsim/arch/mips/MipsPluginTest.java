// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

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
class MipsPluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new MipsPlugin(), Stage.VECTORS);
  }

  private final List<ArchVariant> variants = new MipsPlugin().variants();

  @Test
  void serviceLoaderFindsTheMipsPluginWithBothVariants() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    ArchPlugin plugin = plugins.get(0);
    assertInstanceOf(MipsPlugin.class, plugin);
    assertEquals("mips", plugin.id());
    assertEquals(
        List.of("mips", "mips-16k"), plugin.variants().stream().map(ArchVariant::name).toList());
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
    // arch/mips/Kconfig: config NR_CPUS ... range 2 256.
    for (ArchVariant v : variants) {
      assertEquals(256, v.maxCpus(), v.name());
    }
  }

  @Test
  void layoutRejectsKernelsThatCannotBeBuilt() {
    for (ArchVariant v : variants) {
      assertThrows(IllegalArgumentException.class, () -> v.layout(0, 16));
      assertThrows(IllegalArgumentException.class, () -> v.layout(257, 16));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> v.layout(4, 20));
      assertTrue(e.getMessage().contains("KM_MAX_IDX 20"), e.getMessage());
      // NR_CPUS 1 is a kernel without SMP: FIX_KMAP_END = 17 + 16 * 1 - 1.
      assertEquals(32, v.layout(1, 16).fixKmapEnd());
    }
  }

  @Test
  void theDcacheIsPhysicalAndAnAliasingOneIsRefusedInTheKernelsWords() {
    for (ArchVariant v : variants) {
      assertEquals(CacheType.PHYSICAL, v.cacheType());
      String why = v.refuseAliasingDcache();
      assertTrue(why.startsWith(v.name() + ": "), why);
      assertTrue(why.contains("\"This processor doesn't support highmem.\""), why);
      assertTrue(why.contains("paging_init() (arch/mips/mm/init.c)"), why);
      assertTrue(why.contains("flush_cache_kmaps() is BUG_ON(cpu_has_dc_aliases)"), why);
      assertTrue(why.contains("arch/mips/include/asm/highmem.h"), why);
    }
  }
}
