// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core;

import io.github.kmapsim.arch.other.OtherArchHelper;

/** Deliberately broken core class (test sources only): it names a concrete architecture. */
final class ReachesIntoArch {
  private ReachesIntoArch() {}

  static long shortcut(long pfn) {
    return OtherArchHelper.pfnToPte(pfn);
  }
}
