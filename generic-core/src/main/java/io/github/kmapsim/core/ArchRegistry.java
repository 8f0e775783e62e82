package io.github.kmapsim.core;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The architecture variants found on the class path with {@link ServiceLoader}. Two variants with
 * one name are an error naming both jars.
 */
final class ArchRegistry {
  private final Map<String, ArchVariant> variants;

  private ArchRegistry(Map<String, ArchVariant> variants) {
    this.variants = variants;
  }

  /** The plugins registered in {@code META-INF/services/io.github.kmapsim.spi.ArchPlugin}. */
  static List<ArchPlugin> plugins() {
    List<ArchPlugin> plugins = new ArrayList<>();
    ServiceLoader.load(ArchPlugin.class).forEach(plugins::add);
    return plugins;
  }

  static ArchRegistry discover() {
    Map<String, ArchVariant> byName = new TreeMap<>();
    Map<String, ArchPlugin> owner = new TreeMap<>();
    for (ArchPlugin plugin : plugins()) {
      for (ArchVariant v : plugin.variants()) {
        ArchPlugin other = owner.putIfAbsent(v.name(), plugin);
        if (other != null) {
          throw new IllegalStateException("architecture variant '" + v.name()
              + "' is offered twice: by " + where(other) + " and by " + where(plugin));
        }
        byName.put(v.name(), v);
      }
    }
    return new ArchRegistry(byName);
  }

  List<String> names() {
    return List.copyOf(variants.keySet());
  }

  List<ArchVariant> all() {
    return List.copyOf(variants.values());
  }

  ArchVariant variant(String name) {
    ArchVariant v = variants.get(name);
    if (v == null) {
      throw unknown(name, variants.keySet());
    }
    return v;
  }

  /** The error for an unknown variant name, listing the known ones. */
  static KmapException unknown(String name, java.util.Collection<String> known) {
    String message = known.isEmpty()
        ? "unknown architecture '" + name + "': no architecture plugin is on the class path"
        : "unknown architecture '" + name + "'; known: "
            + String.join(", ", new java.util.TreeSet<>(known));
    return new KmapException(
        new Diagnostic(DiagnosticCode.BAD_CONFIG, -1, "", Context.TASK, message, List.of()));
  }

  private static String where(ArchPlugin plugin) {
    CodeSource src = plugin.getClass().getProtectionDomain().getCodeSource();
    return plugin.getClass().getName() + (src == null ? "" : " (" + src.getLocation() + ")");
  }
}
