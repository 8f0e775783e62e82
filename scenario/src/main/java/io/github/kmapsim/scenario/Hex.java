// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

/** Hexadecimal formatting the way the kernel prints addresses, pfns and data words. */
public final class Hex {
  private Hex() {}

  /** A kernel virtual address: at least 8 hex digits ({@code 0x%08lx}). */
  public static String addr(long vaddr) {
    return String.format("0x%08x", vaddr);
  }

  /** A page frame number ({@code 0x%lx}). */
  public static String pfn(long pfn) {
    return String.format("0x%x", pfn);
  }

  /** A 64-bit data word, all 16 hex digits. */
  public static String u64(long value) {
    return String.format("0x%016x", value);
  }
}
