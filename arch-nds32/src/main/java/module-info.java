// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The nds32 (Andes) architecture plugin. It depends on the SPI only and exports nothing: the core
 * finds it through {@code provides} (on the module path) or {@code META-INF/services} (on the class
 * path). The name follows {@code io.github.kmapsim.arch.<arch>} and ends in the architecture's own
 * digits.
 */
@SuppressWarnings("module")
module io.github.kmapsim.arch.nds32 {
  requires io.github.kmapsim.api;

  provides io.github.kmapsim.spi.ArchPlugin with io.github.kmapsim.arch.nds32.Nds32Plugin;
}
