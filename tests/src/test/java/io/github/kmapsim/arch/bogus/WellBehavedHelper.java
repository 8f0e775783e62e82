// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.bogus;

import io.github.kmapsim.spi.MemoryLayout;

/** A plugin class that keeps the rules: the API, the SPI, its own package and java.. only. */
public final class WellBehavedHelper {
  private WellBehavedHelper() {}

  /** The page size of a layout, through the SPI and the own package. */
  public static long pageSize(MemoryLayout layout) {
    return Math.max(layout.pageSize(), ReachesIntoOtherArch.pte(0));
  }
}
