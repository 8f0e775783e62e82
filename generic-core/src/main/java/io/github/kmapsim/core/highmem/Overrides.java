// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import java.lang.reflect.Method;

/**
 * Tells whether an SPI implementation overrides a default method, so the core can take the
 * kernel's default inline ("for any sane architecture this is optimized out") and call the hook
 * only where a port has one.
 */
final class Overrides {
  private Overrides() {}

  /** Whether {@code impl}'s class overrides any of the named interface default methods. */
  static boolean any(Object impl, String... names) {
    for (Method m : impl.getClass().getMethods()) {
      for (String name : names) {
        if (m.getName().equals(name) && !m.getDeclaringClass().isInterface()) {
          return true;
        }
      }
    }
    return false;
  }
}
