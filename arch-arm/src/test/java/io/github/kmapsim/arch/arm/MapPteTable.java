// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.PteTable;
import java.util.HashMap;
import java.util.Map;

/** An in-memory {@link PteTable}: entries never written read as 0. */
final class MapPteTable implements PteTable {

  private final Map<Long, Long> entries = new HashMap<>();

  @Override
  public long get(long ptep) {
    return entries.getOrDefault(ptep, 0L);
  }

  @Override
  public void set(long ptep, long pte) {
    entries.put(ptep, pte);
  }
}
