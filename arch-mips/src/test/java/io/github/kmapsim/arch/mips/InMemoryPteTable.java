// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import io.github.kmapsim.spi.PteTable;

/** A zero-filled PTE table of a few entries, addressed by entry index as the SPI addresses it. */
final class InMemoryPteTable implements PteTable {

  private final long[] entries;

  InMemoryPteTable(int size) {
    entries = new long[size];
  }

  @Override
  public long get(long ptep) {
    return entries[Math.toIntExact(ptep)];
  }

  @Override
  public void set(long ptep, long pte) {
    entries[Math.toIntExact(ptep)] = pte;
  }
}
