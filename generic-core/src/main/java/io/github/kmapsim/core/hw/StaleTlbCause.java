// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

/**
 * Who caused a stale TLB translation (KMAP-W009), when a caller did rather than a missing flush
 * in the port: installed by the machine's wiring ({@link Hardware#installStaleTlbCause}) from
 * the checker, which knows whose mapping an address is. The hardware itself has no policy.
 */
@FunctionalInterface
public interface StaleTlbCause {

  /**
   * Why CPU {@code cpu} holds a stale translation of {@code vaddr} when a caller caused it, as a
   * clause; null when nothing says so (then the hint is a missing flush).
   */
  String cause(int cpu, long vaddr);
}
