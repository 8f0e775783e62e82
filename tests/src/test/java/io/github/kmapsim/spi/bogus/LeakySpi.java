// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi.bogus;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;

/** Deliberately broken SPI type (test sources only): a default method that reaches the core. */
public interface LeakySpi {

  /** Builds a machine through the core's factory, which the SPI must not know. */
  default Machine build(MachineConfig config) {
    return KmapSim.newMachine(config);
  }
}
