// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.other;

/** A clean class of another (fictitious) architecture plugin. */
public final class OtherArchHelper {
  private OtherArchHelper() {}

  /** A made-up PTE encoding. */
  public static long pfnToPte(long pfn) {
    return pfn << 12 | 0x3;
  }
}
