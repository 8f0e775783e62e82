// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Discovery and the variant table. */
class ArmPluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new ArmPlugin(), Stage.VECTORS);
  }

  @Test
  void serviceLoaderFindsTheArmPluginWithItsThreeVariants() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    ArchPlugin arm = plugins.get(0);
    assertTrue(arm instanceof ArmPlugin);
    assertEquals("arm", arm.id());
    assertEquals(
        List.of("arm", "arm-vivt", "arm-lpae"),
        arm.variants().stream().map(ArchVariant::name).toList());
  }

  @Test
  void cachesAndPteWidths() {
    // arm and arm-lpae: VIPT non-aliasing (ARMv7); arm-vivt: cache_is_vivt().
    assertEquals(CacheType.PHYSICAL, Variants.named("arm").cacheType());
    assertEquals(CacheType.VIVT, Variants.named("arm-vivt").cacheType());
    assertEquals(CacheType.PHYSICAL, Variants.named("arm-lpae").cacheType());
    // pgtable-2level-types.h: u32 pteval_t; pgtable-3level-types.h: u64 pteval_t.
    assertEquals(32, Variants.named("arm").pteCodec().pteBits());
    assertEquals(32, Variants.named("arm-vivt").pteCodec().pteBits());
    assertEquals(64, Variants.named("arm-lpae").pteCodec().pteBits());
  }

  @Test
  void everyVariantAllowsThirtyTwoCpusAndSaysWhyItRefusesAliasingCaches() {
    for (ArchVariant v : new ArmPlugin().variants()) {
      // config NR_CPUS: range 2 32 if !DEBUG_KMAP_LOCAL (arch/arm/Kconfig).
      assertEquals(32, v.maxCpus(), v.name());
      assertTrue(v.refuseAliasingDcache().startsWith(v.name() + ": "), v.name());
      assertTrue(v.refuseAliasingDcache().contains("cache_is_vipt_aliasing()"), v.name());
      assertTrue(v.description().contains("PAGE_OFFSET 0xc0000000"), v.name());
      // kmap_prot defaults to PAGE_KERNEL (highmem-internal.h); ARM no longer overrides it.
      assertEquals(v.pteCodec().pageKernel(), v.pteCodec().kmapProt(), v.name());
      assertEquals(v.name(), v.toString());
    }
  }
}
