// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core;

import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.machine.SimMachine;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;
import java.util.Objects;

/**
 * The plain factory, for users without Guice: discovers the architecture plugins on the class
 * path with {@link java.util.ServiceLoader} and builds machines.
 *
 * <pre>{@code
 * Machine m = KmapSim.newMachine(MachineConfig.preset("x86-pae"));
 * Cpu cpu0 = m.cpu(0);
 * long va = cpu0.kmapLocalPage(m.page(0x40000));
 * cpu0.writeLong(va, 42);
 * cpu0.kunmapLocal(va);
 * }</pre>
 */
public final class KmapSim {
  private KmapSim() {}

  /**
   * Builds a machine.
   *
   * @throws KmapException {@code BAD_CONFIG} for an unknown variant (the message names the known
   *     ones) or a configuration the variant cannot run (too many CPUs, no lowmem)
   */
  public static Machine newMachine(MachineConfig config) {
    Objects.requireNonNull(config, "config");
    return newMachine(config, variant(config.arch()));
  }

  /**
   * Builds a machine for an explicitly given variant, bypassing discovery (a plugin under
   * development, a test double). The variant given is the one simulated; {@code config.arch()}
   * is not looked up.
   *
   * @throws NullPointerException when {@code config} or {@code variant} is null
   * @throws KmapException {@code BAD_CONFIG} when the configuration does not fit the variant
   */
  public static Machine newMachine(MachineConfig config, ArchVariant variant) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(variant, "variant");
    return new SimMachine(config, variant);
  }

  /** The names of all discovered variants, sorted. */
  public static List<String> variantNames() {
    return ArchRegistry.discover().names();
  }

  /**
   * A discovered variant by name.
   *
   * @throws KmapException {@code BAD_CONFIG} naming the known variants when there is none
   */
  public static ArchVariant variant(String name) {
    Objects.requireNonNull(name, "name");
    return ArchRegistry.discover().variant(name);
  }
}
