// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --plugin JAR}, repeatable, on every command: architecture plugins loaded at run time. */
final class Plugins {
  @Option(names = "--plugin", paramLabel = "JAR",
      description = "A jar with an architecture plugin (META-INF/services/"
          + "io.github.kmapsim.spi.ArchPlugin); its variants join the discovered ones."
          + " Repeatable.")
  private List<Path> jars = new ArrayList<>();

  /** Whether any jar was named. */
  boolean any() {
    return !jars.isEmpty();
  }

  /**
   * Loads the jars; close the result when the command is done with their variants.
   *
   * @throws ParameterException for a jar that cannot be used: bad input, naming it
   */
  PluginJars load(CommandSpec spec) {
    try {
      return PluginJars.load(jars);
    } catch (PluginJars.BadPluginException e) {
      throw new ParameterException(spec.commandLine(), "--plugin " + e.getMessage());
    }
  }
}
