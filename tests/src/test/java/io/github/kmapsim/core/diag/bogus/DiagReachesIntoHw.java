// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag.bogus;

import io.github.kmapsim.core.hw.Hardware;

/** Deliberately broken diagnostics class (test sources only): diag must name no other layer. */
public final class DiagReachesIntoHw {
  private DiagReachesIntoHw() {}

  /** Formats a PTE through the hardware. */
  public static String pte(Hardware hw, long pte) {
    return hw.formatPte(pte);
  }
}
