// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cycleb;

import io.github.kmapsim.cyclea.Ping;

/** The other half of a deliberate package cycle (test sources only). */
public final class Pong {
  private Pong() {}

  /** Calls back into the first half. */
  public static int pong(int n) {
    return n <= 0 ? 1 : Ping.ping(n - 1);
  }
}
