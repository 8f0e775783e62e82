// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ArchRegistry}: discovery through {@link java.util.ServiceLoader} (a service file in a
 * class loader of the test's own), the filter on provider classes, the checks on what a plugin
 * offers, and the {@code BAD_CONFIG} errors naming what is wrong. generic-core has no plugin on its
 * own class path, so the built-in discovery finds none.
 */
class ArchRegistryTest {
  /** A plugin with the variants {@code toy-b} and {@code toy-a}, found by its service file. */
  public static final class TwoToys implements ArchPlugin {
    @Override
    public String id() {
      return "two-toys";
    }

    @Override
    public List<ArchVariant> variants() {
      return List.of(named("toy-b"), named("toy-a"));
    }
  }

  /** A plugin offering {@code toy-a} again. */
  public static final class AnotherToyA implements ArchPlugin {
    @Override
    public String id() {
      return "another";
    }

    @Override
    public List<ArchVariant> variants() {
      return List.of(named("toy-a"));
    }
  }

  private static ArchVariant named(String name) {
    return new ToyArch() {
      @Override
      public String name() {
        return name;
      }
    };
  }

  private static ArchPlugin plugin(String id, List<ArchVariant> variants) {
    return new ArchPlugin() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public List<ArchVariant> variants() {
        return variants;
      }
    };
  }

  private static URLClassLoader withServiceFile(Path dir, String... providers) throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(ArchPlugin.class.getName()),
        String.join("\n", providers) + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()},
        ArchRegistryTest.class.getClassLoader());
  }

  private static String badConfig(Runnable call) {
    KmapException e = assertThrows(KmapException.class, call::run);
    assertEquals(DiagnosticCode.BAD_CONFIG, e.code());
    return e.getMessage();
  }

  @Test
  void builtInDiscoveryFindsNoPluginInGenericCoreAndSaysSo() {
    ArchRegistry found = ArchRegistry.discover();
    assertEquals(List.of(), found.names());
    assertEquals(List.of(), found.plugins());
    String message = badConfig(() -> found.variant("x86"));
    assertTrue(message.contains("unknown architecture 'x86': no architecture plugin is on the"
        + " class path"), message);
  }

  @Test
  void serviceFileInALoaderIsDiscoveredWithItsVariantsInOrder(@TempDir Path dir)
      throws IOException {
    try (URLClassLoader loader = withServiceFile(dir, TwoToys.class.getName())) {
      ArchRegistry found = ArchRegistry.discover(loader);
      assertEquals(1, found.plugins().size());
      assertEquals(TwoToys.class, found.plugins().get(0).getClass());
      assertEquals(List.of("toy-a", "toy-b"), found.names(), "names sorted");
      assertEquals(List.of("toy-b", "toy-a"),
          found.variants().stream().map(ArchVariant::name).toList(), "variants in plugin order");
      assertEquals("toy-a", found.variant("toy-a").name());
      assertSame(found.variants().get(0), found.variant("toy-b"));
    }
  }

  @Test
  void builtInDiscoveryUsesTheContextClassLoader(@TempDir Path dir) throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    try (URLClassLoader loader = withServiceFile(dir, TwoToys.class.getName())) {
      thread.setContextClassLoader(loader);
      assertEquals(List.of("toy-a", "toy-b"), ArchRegistry.discover().names());
    } finally {
      thread.setContextClassLoader(saved);
    }
  }

  @Test
  void theFilterKeepsOnlyTheProvidersItAccepts(@TempDir Path dir) throws IOException {
    try (URLClassLoader loader = withServiceFile(dir, TwoToys.class.getName(),
        AnotherToyA.class.getName())) {
      ArchRegistry onlyTwo = ArchRegistry.discover(loader, type -> type == TwoToys.class);
      assertEquals(List.of("toy-a", "toy-b"), onlyTwo.names());
      ArchRegistry onlyOther = ArchRegistry.discover(loader, type -> type == AnotherToyA.class);
      assertEquals(List.of("toy-a"), onlyOther.names());
      assertEquals("another", onlyOther.plugins().get(0).id());
      ArchRegistry none = ArchRegistry.discover(loader, type -> false);
      assertEquals(List.of(), none.plugins());
      // both together offer toy-a twice: discovery refuses, naming both classes
      String message = badConfig(() -> ArchRegistry.discover(loader));
      assertTrue(message.contains("architecture variant 'toy-a' is offered twice: by "
          + TwoToys.class.getName()), message);
      assertTrue(message.contains(" and by " + AnotherToyA.class.getName()), message);
    }
  }

  @Test
  void aProviderThatCannotBeLoadedIsBadConfig(@TempDir Path dir) throws IOException {
    try (URLClassLoader loader = withServiceFile(dir, "io.github.kmapsim.NoSuchPlugin")) {
      String message = badConfig(() -> ArchRegistry.discover(loader));
      assertTrue(message.contains("cannot load an ArchPlugin: "), message);
      assertTrue(message.contains("NoSuchPlugin"), message);
    }
  }

  @Test
  void anUnknownNameListsTheKnownOnesSorted() {
    ArchRegistry reg =
        ArchRegistry.of(List.of(plugin("p", List.of(named("zeta"), named("alpha")))));
    String message = badConfig(() -> reg.variant("beta"));
    assertTrue(message.contains("unknown architecture 'beta'; known: alpha, zeta"), message);
    assertEquals(DiagnosticCode.BAD_CONFIG,
        ArchRegistry.unknownVariant("q", List.of("b", "a")).code());
    assertTrue(ArchRegistry.unknownVariant("q", List.of("b", "a")).getMessage()
        .contains("known: a, b"));
  }

  @Test
  void explicitPluginsAreCheckedAsDiscoveryChecksThem() {
    ArchPlugin empty = plugin("empty", List.of());
    String message = badConfig(() -> ArchRegistry.of(List.of(empty)));
    assertTrue(message.contains("plugin empty (" + empty.getClass().getName()), message);
    assertTrue(message.contains("offers no variant"), message);
    ArchPlugin nothing = plugin("nothing", null);
    assertTrue(badConfig(() -> ArchRegistry.of(List.of(nothing))).contains("offers no variant"));
    ArchPlugin throwing = new ArchPlugin() {
      @Override
      public String id() {
        return "throwing";
      }

      @Override
      public List<ArchVariant> variants() {
        throw new IllegalStateException("boom");
      }
    };
    message = badConfig(() -> ArchRegistry.of(List.of(throwing)));
    assertTrue(message.contains(
        "failed to list its variants: java.lang.IllegalStateException: boom"), message);
    ArchPlugin a = plugin("a", List.of(named("same")));
    ArchPlugin b = plugin("b", List.of(named("same")));
    message = badConfig(() -> ArchRegistry.of(List.of(a, b)));
    assertTrue(message.contains("'same' is offered twice: by " + a.getClass().getName()), message);
    // the class path location of the test classes is named after the class
    assertTrue(message.contains(" (file:"), message);
  }
}
