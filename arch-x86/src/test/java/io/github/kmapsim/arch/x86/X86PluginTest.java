// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kmapsim.conformance.ConformanceTests;
import io.github.kmapsim.conformance.Stage;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Discovery and the variant contract. */
class X86PluginTest {

  /** The variants against the kernel's values they declare (the kit's vector rules). */
  @TestFactory
  Stream<DynamicNode> referenceVectors() {
    return ConformanceTests.dynamicTests(new X86Plugin(), Stage.VECTORS);
  }

  @Test
  void serviceLoaderFindsTheX86PluginWithBothVariants() {
    List<ArchPlugin> plugins =
        ServiceLoader.load(ArchPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertEquals(1, plugins.size());
    ArchPlugin plugin = plugins.get(0);
    assertInstanceOf(X86Plugin.class, plugin);
    assertEquals("x86", plugin.id());
    assertEquals(
        List.of("x86", "x86-pae"), plugin.variants().stream().map(ArchVariant::name).toList());
  }

  @Test
  void descriptionsAreOneLine() {
    for (ArchVariant v : new X86Plugin().variants()) {
      assertFalse(v.description().isBlank(), v.name());
      assertFalse(v.description().contains("\n"), v.name());
    }
  }

  @Test
  void pteWidthFollowsThePagingMode() {
    List<ArchVariant> variants = new X86Plugin().variants();
    assertEquals(32, variants.get(0).pteCodec().pteBits());
    assertEquals(64, variants.get(1).pteCodec().pteBits());
  }

  @Test
  void maxCpusIsNrCpusRangeEndOfX86BigSmp() {
    // arch/x86/Kconfig: NR_CPUS_RANGE_END (X86_32) = 64 if SMP && X86_BIGSMP.
    for (ArchVariant v : new X86Plugin().variants()) {
      assertEquals(64, v.maxCpus(), v.name());
    }
  }

  @Test
  void layoutRejectsImpossibleKernels() {
    ArchVariant x86 = new X86Plugin().variants().get(0);
    assertThrows(IllegalArgumentException.class, () -> x86.layout(0, 16));
    assertThrows(IllegalArgumentException.class, () -> x86.layout(65, 16));
    assertThrows(IllegalArgumentException.class, () -> x86.layout(4, 20));
  }
}
