// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cyclea;

import io.github.kmapsim.cycleb.Pong;

/** One half of a deliberate package cycle (test sources only). */
public final class Ping {
  private Ping() {}

  /** Calls into the other half. */
  public static int ping(int n) {
    return n <= 0 ? 0 : Pong.pong(n - 1);
  }
}
