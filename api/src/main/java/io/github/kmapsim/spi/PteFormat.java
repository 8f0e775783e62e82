// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * How kmapsim writes a PTE word, everywhere it writes one (diagnostics, invariant violations,
 * the command's logs): in hex at the width of {@code pte_t}, as the kernel prints it; the flags
 * beside it are {@link PteCodec#describe}.
 */
public final class PteFormat {
  private PteFormat() {}

  /** {@code 0x%08x} for a 32-bit {@code pte_t} (the low 32 bits), {@code 0x%016x} for 64. */
  public static String hex(PteCodec codec, long pte) {
    return codec.pteBits() == 32
        ? String.format("0x%08x", pte & 0xffffffffL)
        : String.format("0x%016x", pte);
  }
}
