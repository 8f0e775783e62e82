// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli.bogus;

import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.sched.bogus.SchedHelper;

/** Planted violation: a tool's class that uses a class of the core's inner packages. */
public final class CliReachesIntoCore {
  private CliReachesIntoCore() {}

  /** Uses the exported factory (fine) and an inner core class (not). */
  public static int reach() {
    return KmapSim.variantNames().size() + SchedHelper.cpu();
  }
}
