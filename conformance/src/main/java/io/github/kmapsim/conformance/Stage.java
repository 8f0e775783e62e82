// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A family of rules, and the stage of a port it checks, in the order a port is written
 * (docs/PORTING.md): the layout, then the PTE codec, then the hooks, then the behaviour of the
 * whole; the reference vectors check any stage against the kernel's own values. A rule id names
 * its stage: {@code required_layout_...}, {@code required_pte_...}.
 */
public enum Stage {
  /** {@code asm/fixmap.h} and friends: regions, the kmap window, slot addresses, fixmap arithmetic. */
  LAYOUT,
  /** {@code asm/pgtable*.h}: pfn encoding, the empty PTE, PAGE_KERNEL and its permissions. */
  PTE,
  /** {@code asm/highmem.h}: the hooks and what they do to the TLB and the caches. */
  HOOKS,
  /** The whole port on running machines: nesting, guard slots, context switches, pkmap. */
  BEHAVIOUR,
  /** The port against the kernel's values: {@link io.github.kmapsim.spi.ReferenceVectors}. */
  VECTORS;

  /** The stage's name as rule ids and {@code --stage} spell it: {@code layout}, {@code pte}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The stage a name ({@code layout}, {@code PTE}) stands for.
   *
   * @throws IllegalArgumentException naming the stages, for any other name
   */
  public static Stage of(String name) {
    for (Stage s : values()) {
      if (s.id().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no stage '" + name + "'; the stages are "
        + Arrays.stream(values()).map(Stage::id).collect(Collectors.joining(", ")));
  }
}
