// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The {@code kmapsim} command. It runs from its shaded jar on the class path (./kmapsim); as a
 * module it reads the core, the conformance kit and picocli, which gets reflective access to the
 * command classes. Architecture plugins are found by the core's discovery.
 */
module io.github.kmapsim.cli {
  requires io.github.kmapsim.core;
  requires io.github.kmapsim.conformance;
  requires info.picocli;
  requires java.management;

  opens io.github.kmapsim.cli to info.picocli;
}
