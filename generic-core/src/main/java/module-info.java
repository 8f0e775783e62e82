// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The generic core: the factory {@link io.github.kmapsim.core.KmapSim} and plugin discovery
 * ({@link io.github.kmapsim.core.ArchRegistry}) are exported; the mm/highmem.c code, the scheduler,
 * the simulated hardware and the wiring are in packages that are not. Architecture plugins are
 * found with {@link java.util.ServiceLoader}: modules that {@code provides
 * io.github.kmapsim.spi.ArchPlugin}, and jars on the class path with a {@code META-INF/services}
 * file.
 */
module io.github.kmapsim.core {
  requires transitive io.github.kmapsim.api;

  exports io.github.kmapsim.core;

  uses io.github.kmapsim.spi.ArchPlugin;
}
