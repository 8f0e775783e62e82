// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The {@code kmapsim} command. It runs from its shaded jar on the class path (./kmapsim); as a
 * module it reads the scenario library, the core, the conformance kit and picocli, which gets
 * reflective access to the command classes. Architecture plugins are found by the core's
 * discovery, jars named with {@code --plugin} in class loaders of their own.
 */
module io.github.kmapsim.cli {
  requires io.github.kmapsim.core;
  requires io.github.kmapsim.scenario;
  requires io.github.kmapsim.conformance;
  requires info.picocli;
  requires java.management;

  opens io.github.kmapsim.cli to info.picocli;
}
