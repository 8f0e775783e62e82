// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The public API of kmapsim: a simulated machine ({@link io.github.kmapsim.api.Machine}) whose CPUs
 * ({@link io.github.kmapsim.api.Cpu}) offer the kernel's highmem calls ({@code kmap_local_page},
 * {@code kunmap_local}, {@code kmap_atomic}, ...) in the context of the task that runs on them, its
 * configuration ({@link io.github.kmapsim.api.MachineConfig}), events
 * ({@link io.github.kmapsim.api.KmapListener}) and diagnostics with stable codes
 * ({@link io.github.kmapsim.api.DiagnosticCode}). Addresses, page frame numbers and PTE words are
 * primitive {@code long}s with the architecture's real values.
 */
package io.github.kmapsim.api;
