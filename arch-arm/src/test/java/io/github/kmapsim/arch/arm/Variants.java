// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.ArchVariant;

/** Looks a variant of {@link ArmPlugin} up by name. */
final class Variants {

  private Variants() {}

  static ArchVariant named(String name) {
    return new ArmPlugin().variants().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no variant " + name));
  }
}
