// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * kmapsim's public API ({@code io.github.kmapsim.api}: the machine, its CPUs and tasks, the
 * configuration, listeners and diagnostics) and the SPI an architecture plugin implements
 * ({@code io.github.kmapsim.spi}). It depends on the JDK only.
 */
module io.github.kmapsim.api {
  exports io.github.kmapsim.api;
  exports io.github.kmapsim.spi;
}
