// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.pong;

import io.github.kmapsim.core.ping.CorePing;

/** The other half of a deliberate cycle between two core packages (test sources only). */
public final class CorePong {
  private CorePong() {}

  /** Calls back into the first half. */
  public static int pong(int n) {
    return n <= 0 ? 0 : CorePing.ping(n - 1);
  }
}
