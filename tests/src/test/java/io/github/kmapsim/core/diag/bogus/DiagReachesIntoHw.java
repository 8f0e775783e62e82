// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag.bogus;

import io.github.kmapsim.core.hw.bogus.HwReachesIntoSched;

/** Deliberately broken diagnostics class (test sources only): diag must name no other layer. */
public final class DiagReachesIntoHw {
  private DiagReachesIntoHw() {}

  /** Asks the hardware's layer. */
  public static int cpu() {
    return HwReachesIntoSched.cpu();
  }
}
