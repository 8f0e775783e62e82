// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Architecture plugin jars named on the command line: one {@link URLClassLoader} per jar whose
 * parent is the application's, handed to the core's discovery ({@link ArchRegistry#discover(
 * ClassLoader, java.util.function.Predicate)}) for the providers the built-in discovery does not
 * see already; then one registry of the built-in variants and the jars'. A jar that cannot be
 * used is bad input, with the path and what was wrong.
 */
final class PluginJars implements AutoCloseable {

  /** The service file a plugin jar names its providers in. */
  static final String SERVICE_FILE = "META-INF/services/" + ArchPlugin.class.getName();

  private final List<URLClassLoader> loaders = new ArrayList<>();
  private final List<ArchPlugin> plugins = new ArrayList<>();
  private ArchRegistry registry;

  private PluginJars() {}

  /**
   * Loads every jar and builds the registry of the discovered variants and theirs.
   *
   * @throws BadPluginException naming the jar that cannot be used, or the variant offered twice
   */
  static PluginJars load(List<Path> jars) {
    PluginJars p = new PluginJars();
    try {
      ArchRegistry builtIn = ArchRegistry.discover();
      Set<Class<?>> known = builtIn.plugins().stream().map(Object::getClass)
          .collect(Collectors.toSet());
      for (Path jar : jars) {
        p.add(jar, known);
      }
      List<ArchPlugin> all = new ArrayList<>(builtIn.plugins());
      all.addAll(p.plugins);
      try {
        p.registry = ArchRegistry.of(all);
      } catch (KmapException e) {
        throw new BadPluginException(e.diagnostic().message());
      }
      return p;
    } catch (RuntimeException | LinkageError e) {
      p.close();
      throw e;
    }
  }

  /** The built-in variants and those of every jar. */
  ArchRegistry registry() {
    return registry;
  }

  /** The variants of the jars' plugins, in command-line order. */
  List<ArchVariant> pluginVariants() {
    return plugins.stream().flatMap(p -> p.variants().stream()).toList();
  }

  private void add(Path jar, Set<Class<?>> known) {
    checkJar(jar);
    URLClassLoader loader = new URLClassLoader(new URL[] {url(jar)},
        PluginJars.class.getClassLoader());
    loaders.add(loader);
    List<ArchPlugin> found;
    try {
      found = ArchRegistry.discover(loader, type -> !known.contains(type)).plugins();
    } catch (KmapException e) {
      throw new BadPluginException(jar + ": " + e.diagnostic().message());
    }
    if (found.isEmpty()) {
      throw new BadPluginException(jar + ": not an architecture plugin: it provides no "
          + ArchPlugin.class.getName() + " (" + SERVICE_FILE + ")");
    }
    plugins.addAll(found);
  }

  /** A regular file that opens as a jar. */
  private static void checkJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new BadPluginException(jar + ": no such plugin jar");
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      file.size();
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
