// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * Guice support for kmapsim, in an artifact of its own ({@code kmapsim-guice}) so that a plain
 * user of {@code kmapsim-generic-core} needs no Guice: {@link
 * io.github.kmapsim.guice.KmapSimModule} binds the discovered architecture variants by name and
 * provides the {@link io.github.kmapsim.api.Machine} for a bound {@link
 * io.github.kmapsim.api.MachineConfig}.
 */
package io.github.kmapsim.guice;
