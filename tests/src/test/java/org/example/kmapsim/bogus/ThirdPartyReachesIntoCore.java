// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.kmapsim.bogus;

import io.github.kmapsim.core.KmapSim;

/** Deliberately broken third-party plugin class (test sources only): it reaches into the core. */
public final class ThirdPartyReachesIntoCore {
  private ThirdPartyReachesIntoCore() {}

  /** The variant names the core knows. */
  public static int variants() {
    return KmapSim.variantNames().size();
  }
}
