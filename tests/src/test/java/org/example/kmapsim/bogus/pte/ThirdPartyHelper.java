// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.kmapsim.bogus.pte;

import io.github.kmapsim.spi.PteFormat;

/** A well-behaved third-party plugin class (test sources only): the SPI and its own package. */
public final class ThirdPartyHelper {
  private ThirdPartyHelper() {}

  /** A PTE word as the SPI writes one. */
  public static String hex(long pte) {
    return PteFormat.hex(null, pte);
  }
}
