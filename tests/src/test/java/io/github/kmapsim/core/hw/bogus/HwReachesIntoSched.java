// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw.bogus;

import io.github.kmapsim.core.sched.bogus.SchedHelper;

/** Deliberately broken hardware class (test sources only): it names the scheduler above it. */
public final class HwReachesIntoSched {
  private HwReachesIntoSched() {}

  /** Asks the scheduler's layer for a CPU, which only the layers above the scheduler may. */
  public static int cpu() {
    return SchedHelper.cpu();
  }
}
