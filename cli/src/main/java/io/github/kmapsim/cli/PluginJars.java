// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Architecture plugins loaded from jars named on the command line, found by the core's discovery
 * ({@link ArchRegistry#discover(ClassLoader, java.util.function.Predicate)}): one {@link
 * URLClassLoader} per jar whose parent is the application's, and only the providers the jar's own
 * {@code META-INF/services/io.github.kmapsim.spi.ArchPlugin} lists (not the built-in ones the
 * parent sees). A jar that cannot be used is bad input, with the path and what was missing.
 */
final class PluginJars implements AutoCloseable {

  /** The service file a plugin jar must have. */
  static final String SERVICE_FILE = "META-INF/services/" + ArchPlugin.class.getName();

  /** A plugin variant and the jar it came from. */
  record Loaded(Path jar, ArchVariant variant) {}

  private final List<URLClassLoader> loaders = new ArrayList<>();
  private final List<Loaded> variants = new ArrayList<>();

  private PluginJars() {}

  /**
   * Loads every jar.
   *
   * @throws BadPluginException naming the first jar that cannot be used
   */
  static PluginJars load(List<Path> jars) {
    PluginJars p = new PluginJars();
    try {
      for (Path jar : jars) {
        p.add(jar);
      }
      return p;
    } catch (RuntimeException | LinkageError e) {
      p.close();
      throw e;
    }
  }

  /** The variants of every plugin of every jar, in command-line and service-file order. */
  List<Loaded> variants() {
    return List.copyOf(variants);
  }

  private void add(Path jar) {
    Set<String> listed = listedProviders(jar);
    URLClassLoader loader = new URLClassLoader(new URL[] {url(jar)},
        PluginJars.class.getClassLoader());
    loaders.add(loader);
    try {
      ArchRegistry.discover(loader, type -> listed.contains(type.getName())).variants()
          .forEach(v -> variants.add(new Loaded(jar, v)));
    } catch (KmapException e) {
      throw new BadPluginException(jar + ": " + e.diagnostic().message());
    }
  }

  /** The provider class names of the jar's service file; checks the file is a usable jar. */
  private static Set<String> listedProviders(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new BadPluginException(jar + ": no such plugin jar");
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry(SERVICE_FILE);
      if (entry == null) {
        throw new BadPluginException(jar + ": not an architecture plugin, it has no "
            + SERVICE_FILE);
      }
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
        Set<String> names = r.lines()
            .map(line -> line.replaceFirst("#.*", "").strip())
            .filter(line -> !line.isEmpty())
            .collect(Collectors.toSet());
        if (names.isEmpty()) {
          throw new BadPluginException(jar + ": " + SERVICE_FILE + " names no provider");
        }
        return names;
      }
    } catch (IOException e) {
      throw new BadPluginException(jar + ": not a jar file (" + e.getMessage() + ")");
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new BadPluginException(jar + ": " + e.getMessage());
    }
  }

  /** Closes every loader; the first failure is thrown with the later ones suppressed. */
  @Override
  public void close() {
    UncheckedIOException failure = null;
    for (URLClassLoader loader : loaders) {
      try {
        loader.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = new UncheckedIOException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A plugin jar that cannot be used; the message names it. */
  static final class BadPluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadPluginException(String message) {
      super(message, null, false, false);
    }
  }
}
