// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The machine: the {@link io.github.kmapsim.api.Machine} and {@link io.github.kmapsim.api.Cpu}
 * facades, which check their arguments and hand each call to the layer that carries it out, and
 * the wiring that builds the layers and installs the calls between them.
 */
package io.github.kmapsim.core.machine;
