// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

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
import io.github.kmapsim.spi.MmuBehaviour;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Discovery and the variant contract. */
class SparcPluginTest {

  /** The variant against the kernel's values it declares (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new SparcPlugin(), Stage.VECTORS);
  }

  private final ArchVariant sparc = new SparcPlugin().variants().get(0);

  @Test
  void serviceLoaderFindsTheSparcPluginWithItsVariant() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    assertInstanceOf(SparcPlugin.class, plugins.get(0));
    assertEquals("sparc", plugins.get(0).id());
    assertEquals(List.of("sparc"),
        plugins.get(0).variants().stream().map(ArchVariant::name).toList());
    assertFalse(sparc.description().isBlank());
    assertFalse(sparc.description().contains("\n"));
    assertEquals("sparc", sparc.toString());
  }

  @Test
  void nrCpusIsSparc32sKconfigRange() {
    // config NR_CPUS: range 2 32 if SPARC32 (arch/sparc/Kconfig); 1 is the UP kernel.
    assertEquals(32, sparc.maxCpus());
    assertEquals(16, sparc.layout(1, 16).fixKmapEnd());
    assertEquals(33 * 32, sparc.layout(32, 33).fixKmapEnd());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> sparc.layout(33, 16));
    assertTrue(e.getMessage().contains("range 2 32 if SPARC32"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sparc.layout(0, 16));
    e = assertThrows(IllegalArgumentException.class, () -> sparc.layout(4, 20));
    assertTrue(e.getMessage().contains("KM_MAX_IDX 20"), e.getMessage());
  }

  @Test
  void theDcacheIsVivtWithoutColoursAndTheMmuHasNoModelledQuirk() {
    assertEquals(CacheType.VIVT, sparc.cacheType());
    assertEquals(1, sparc.dcacheColours());
    assertFalse(sparc.supportsKmapLocalForceMap());
    assertEquals(Set.<MmuBehaviour>of(), sparc.mmuBehaviours());
    assertTrue(sparc.refuseAliasingDcache().startsWith("sparc: "));
  }

  @Test
  void vectorsAreNrCpus4WithAndWithoutDebug() {
    assertEquals(2, sparc.referenceVectors().size());
    assertEquals(4, sparc.referenceVectors().get(0).nrCpus());
    assertFalse(sparc.referenceVectors().get(0).debugKmapLocal());
    assertTrue(sparc.referenceVectors().get(1).debugKmapLocal());
  }
}
