// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

/**
 * {@code kmap_high_get(page)} of the kernel's persistent kmap pool, which
 * {@link io.github.kmapsim.spi.HardwareServices#kmapHighGet} offers the hooks of architectures with
 * {@code ARCH_NEEDS_KMAP_HIGH_GET}. The hardware has no pool of its own: the wiring installs the
 * kernel's with {@link Hardware#install}.
 */
@FunctionalInterface
public interface KmapHighGet {

  /** Pins the page's persistent mapping for the task running on {@code cpu}; 0 when it has none. */
  long kmapHighGet(int cpu, long pfn);
}
