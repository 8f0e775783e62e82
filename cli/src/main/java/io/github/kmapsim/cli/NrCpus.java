// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.spi.ArchVariant;

/**
 * The NR_CPUS a command builds when it is not told: its default, or the variant's NR_CPUS limit
 * ({@link ArchVariant#maxCpus()}) where that is lower, so that a uniprocessor (csky's CK807,
 * microblaze, nds32) gets its one CPU instead of a refusal.
 */
final class NrCpus {
  private NrCpus() {}

  /** {@code wanted}, or the variant's limit where lower. */
  static int atMost(ArchVariant variant, int wanted) {
    return Math.min(wanted, variant.maxCpus());
  }
}
