// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.core.KmapSim;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the kmapsim version, the discovered variants and the JVM. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "kmapsim " + version(),
      "variants: " + String.join(", ", KmapSim.variantNames()),
      "JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version()
    };
  }

  /** The project version the build wrote into {@code version.properties}. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String v = p.getProperty("version", "");
    return v.isEmpty() || v.contains("${") ? "(unknown version)" : v;
  }
}
