// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.spi.ArchPlugin;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Plugin jars as a third party ships them, built from the test plugins in {@code testplugin}. */
final class PluginJar {
  private PluginJar() {}

  /** A jar in {@code dir}: the compiled test-plugin classes and a service file naming {@code plugin}. */
  static Path of(Path dir, String name, Class<? extends ArchPlugin> plugin)
      throws IOException, URISyntaxException {
    Path classes = Path.of(plugin.getResource(plugin.getSimpleName() + ".class").toURI())
        .getParent();
    String pkg = plugin.getPackageName().replace('.', '/') + "/";
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(classes)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        add(out, pkg + f.getFileName(), Files.readAllBytes(f));
      }
      add(out, PluginJars.SERVICE_FILE,
          (plugin.getName() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  private static void add(JarOutputStream out, String entry, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(entry));
    out.write(bytes);
    out.closeEntry();
  }
}
