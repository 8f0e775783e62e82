// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The 32-bit SPARC (sparc32) architecture plugin. It depends on the SPI only and exports nothing:
 * the core finds it through {@code provides} (on the module path) or {@code META-INF/services} (on
 * the class path).
 */
module io.github.kmapsim.arch.sparc {
  requires io.github.kmapsim.api;

  provides io.github.kmapsim.spi.ArchPlugin with io.github.kmapsim.arch.sparc.SparcPlugin;
}
