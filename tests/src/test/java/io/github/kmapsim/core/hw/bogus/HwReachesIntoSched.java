// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw.bogus;

import io.github.kmapsim.core.sched.SchedCpu;

/** Deliberately broken hardware class (test sources only): it names the scheduler above it. */
public final class HwReachesIntoSched {
  private HwReachesIntoSched() {}

  /** Reads the CPU number the way only the scheduler's layer may. */
  public static int cpuOf(SchedCpu cpu) {
    return cpu.id();
  }
}
