// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * The kernel page table as the PTE accessors of {@code asm/pgtable.h} see it: entries addressed
 * by a PTE pointer, here an entry index. Entries {@code 2n} and {@code 2n + 1} of a table are
 * neighbours in memory (MIPS's {@code ptep_buddy()} is {@code ptep ^ 1}).
 */
public interface PteTable {

  /** Reads the entry at {@code ptep}. */
  long get(long ptep);

  /** Writes the entry at {@code ptep}. */
  void set(long ptep, long pte);
}
