// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.Objects;

/**
 * A {@code struct page}: a physical page frame of one machine, named by its page frame number.
 *
 * <p>{@link Machine#page(long)} hands pages out; a page belongs to the machine it names, and every
 * call of another machine refuses it ({@link DiagnosticCode#BAD_ARGUMENT}), whatever its pfn. The
 * constructor checks the pfn against that machine's memory, so a page always names a frame that
 * has a {@code struct page}. Page is a distinct type so that {@link Cpu#kunmapLocal(long)} can
 * never be given a page: the kernel enforces the same with {@code BUILD_BUG_ON(__same_type((__addr),
 * struct page *))} in {@code kunmap_local()}.
 *
 * @param machine the machine whose frame this is (compared by identity)
 * @param pfn the page frame number, {@code 0 <= pfn < machine.maxPfn()}
 */
public record Page(Machine machine, long pfn) {
  /**
   * Checks the page.
   *
   * @throws NullPointerException when {@code machine} is null
   * @throws IllegalArgumentException when {@code pfn} is not a frame of the machine's memory
   */
  public Page {
    Objects.requireNonNull(machine, "machine");
    if (pfn < 0 || pfn >= machine.maxPfn()) {
      throw new IllegalArgumentException(String.format(
          "pfn 0x%x is not a page of %s: pfns are 0..0x%x", pfn, machine, machine.maxPfn() - 1));
    }
  }

  /** Two pages are equal when they are the same frame of the same machine. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Page p && p.machine == machine && p.pfn == pfn;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(machine) * 31 + Long.hashCode(pfn);
  }

  @Override
  public String toString() {
    return "page(pfn=0x" + Long.toHexString(pfn) + ")";
  }
}
