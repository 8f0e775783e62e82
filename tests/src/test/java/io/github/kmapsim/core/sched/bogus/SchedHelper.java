// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched.bogus;

/** A class of the scheduler's layer (test sources only), for the hardware layer to misuse. */
public final class SchedHelper {
  private SchedHelper() {}

  /** Any value. */
  public static int cpu() {
    return 0;
  }
}
