// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The simulated hardware: sparse physical memory, the kernel page table every CPU walks, and each
 * CPU's MMU, TLB (no capacity misses: a translation stays until flushed) and, on VIVT variants,
 * D-cache, with the {@link io.github.kmapsim.spi.HardwareServices} that architecture hooks act
 * through. It knows nothing of tasks or kmaps and depends on nothing else in the core but
 * {@code diag}.
 */
package io.github.kmapsim.core.hw;
