// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.ping;

import io.github.kmapsim.core.pong.CorePong;

/** One half of a deliberate cycle between two core packages (test sources only). */
public final class CorePing {
  private CorePing() {}

  /** Calls into the other half. */
  public static int ping(int n) {
    return n <= 0 ? 0 : CorePong.pong(n - 1);
  }
}
