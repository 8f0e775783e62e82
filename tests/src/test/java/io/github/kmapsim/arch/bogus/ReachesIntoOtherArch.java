// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.bogus;

import io.github.kmapsim.arch.other.OtherArchHelper;

/** Deliberately broken plugin class: it borrows a helper from another architecture. */
public final class ReachesIntoOtherArch {
  private ReachesIntoOtherArch() {}

  /** Uses another plugin's PTE helper. */
  public static long pte(long pfn) {
    return OtherArchHelper.pfnToPte(pfn);
  }
}
