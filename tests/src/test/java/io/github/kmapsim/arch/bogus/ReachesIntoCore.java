// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.bogus;

import io.github.kmapsim.core.KmapSim;
import java.util.List;

/** Deliberately broken plugin class: it reaches into the generic core. */
public final class ReachesIntoCore {
  private ReachesIntoCore() {}

  /** Asks the core's factory for the variants, which a plugin must never do. */
  public static List<String> knownVariants() {
    return KmapSim.variantNames();
  }
}
