// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance.bogus;

import io.github.kmapsim.arch.other.OtherArchHelper;

/** Deliberately broken kit class (test sources only): it checks against a built-in port. */
public final class KitReachesIntoArch {
  private KitReachesIntoArch() {}

  /** The expected PTE taken from a plugin rather than the kernel. */
  public static long expectedPte(long pfn) {
    return OtherArchHelper.pfnToPte(pfn);
  }
}
