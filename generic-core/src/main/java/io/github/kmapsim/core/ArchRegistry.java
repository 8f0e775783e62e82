// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.security.CodeSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The architecture variants of the {@link ArchPlugin}s that {@link ServiceLoader} finds: on the
 * module path through {@code provides}, on the class path through {@code
 * META-INF/services/io.github.kmapsim.spi.ArchPlugin}, or in a class loader of your own (plugin
 * jars loaded at run time). Discovery fails loudly, with a {@link KmapException} of code {@link
 * DiagnosticCode#BAD_CONFIG} that names the plugin class and where it came from: a provider that
 * cannot be loaded, a plugin whose {@code variants()} throws or is empty, a variant name offered
 * twice.
 *
 * <pre>{@code
 * ArchRegistry found = ArchRegistry.discover();
 * Machine m = KmapSim.newMachine(MachineConfig.preset("arm"), found.variant("arm"));
 * }</pre>
 */
public final class ArchRegistry {
  private final List<ArchPlugin> plugins;
  private final Map<String, ArchVariant> variants;

  private ArchRegistry(List<ArchPlugin> plugins, Map<String, ArchVariant> variants) {
    this.plugins = List.copyOf(plugins);
    this.variants = variants;
  }

  /** The plugins visible to kmapsim itself: its module layer and the context class path. */
  public static ArchRegistry discover() {
    return of(load(ServiceLoader.load(ArchPlugin.class), type -> true));
  }

  /** The plugins visible to {@code loader}, its parents included. */
  public static ArchRegistry discover(ClassLoader loader) {
    return discover(loader, type -> true);
  }

  /**
   * The plugins visible to {@code loader} whose provider class {@code accept} takes: for a jar
   * loaded at run time, the providers its own service file names (its loader's parents offer the
   * built-in ones too).
   */
  public static ArchRegistry discover(ClassLoader loader, Predicate<Class<?>> accept) {
    return of(load(ServiceLoader.load(ArchPlugin.class, loader), accept));
  }

  /** A registry of plugins given explicitly; their variants are checked as discovery does. */
  public static ArchRegistry of(List<ArchPlugin> plugins) {
    Map<String, ArchVariant> byName = new LinkedHashMap<>();
    Map<String, ArchPlugin> owner = new LinkedHashMap<>();
    for (ArchPlugin plugin : plugins) {
      for (ArchVariant v : variantsOf(plugin)) {
        ArchPlugin other = owner.putIfAbsent(v.name(), plugin);
        if (other != null) {
          throw badConfig("architecture variant '" + v.name() + "' is offered twice: by "
              + where(other) + " and by " + where(plugin));
        }
        byName.put(v.name(), v);
      }
    }
    return new ArchRegistry(plugins, byName);
  }

  /** The plugins, in the order they were found. */
  public List<ArchPlugin> plugins() {
    return plugins;
  }

  /** The variant names, sorted. */
  public List<String> names() {
    return List.copyOf(new TreeSet<>(variants.keySet()));
  }

  /** The variants, plugin by plugin in the order they were found, each in its plugin's order. */
  public List<ArchVariant> variants() {
    return List.copyOf(variants.values());
  }

  /**
   * A variant by name.
   *
   * @throws KmapException {@code BAD_CONFIG} naming the known variants when there is none
   */
  public ArchVariant variant(String name) {
    ArchVariant v = variants.get(name);
    if (v == null) {
      throw unknownVariant(name, variants.keySet());
    }
    return v;
  }

  /**
   * The error for an unknown variant name: {@code BAD_CONFIG}, listing the known names sorted, or
   * saying that no plugin was found.
   */
  public static KmapException unknownVariant(String name, Collection<String> known) {
    String message = known.isEmpty()
        ? "unknown architecture '" + name + "': no architecture plugin is on the class path"
        : "unknown architecture '" + name + "'; known: " + String.join(", ", new TreeSet<>(known));
    return badConfig(message);
  }

  private static List<ArchPlugin> load(ServiceLoader<ArchPlugin> loader,
      Predicate<Class<?>> accept) {
    try {
      return loader.stream()
          .filter(p -> accept.test(p.type()))
          .map(ServiceLoader.Provider::get)
          .toList();
    } catch (ServiceConfigurationError | LinkageError e) {
      throw badConfig("cannot load an ArchPlugin: " + e);
    }
  }

  private static List<ArchVariant> variantsOf(ArchPlugin plugin) {
    List<ArchVariant> offered;
    try {
      offered = plugin.variants();
    } catch (RuntimeException | LinkageError e) {
      throw badConfig("plugin " + where(plugin) + " failed to list its variants: " + e);
    }
    if (offered == null || offered.isEmpty()) {
      throw badConfig("plugin " + plugin.id() + " (" + where(plugin) + ") offers no variant");
    }
    return offered;
  }

  private static KmapException badConfig(String message) {
    return new KmapException(
        new Diagnostic(DiagnosticCode.BAD_CONFIG, -1, "", Context.TASK, message, List.of()));
  }

  private static String where(ArchPlugin plugin) {
    CodeSource src = plugin.getClass().getProtectionDomain().getCodeSource();
    return plugin.getClass().getName() + (src == null ? "" : " (" + src.getLocation() + ")");
  }
}
