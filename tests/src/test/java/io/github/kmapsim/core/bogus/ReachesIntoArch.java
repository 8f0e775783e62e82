// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.bogus;

import io.github.kmapsim.arch.other.OtherArchHelper;

/** Deliberately broken core class (test sources only): it names a concrete architecture. */
public final class ReachesIntoArch {
  private ReachesIntoArch() {}

  /** A PTE the way only a plugin may make it. */
  public static long shortcut(long pfn) {
    return OtherArchHelper.pfnToPte(pfn);
  }
}
