// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.core.KmapSim;

/**
 * The NR_CPUS a command builds when it is not told: its default, or the variant's NR_CPUS limit
 * ({@link io.github.kmapsim.spi.ArchVariant#maxCpus()}) where that is lower, so that a
 * uniprocessor (csky's CK807, microblaze, nds32) gets its one CPU instead of a refusal.
 */
final class NrCpus {
  private NrCpus() {}

  /**
   * {@code wanted}, or the variant's limit where lower.
   *
   * @throws io.github.kmapsim.api.KmapException for an unknown variant, naming the known ones
   */
  static int atMost(String variant, int wanted) {
    return Math.min(wanted, KmapSim.variant(variant).maxCpus());
  }
}
