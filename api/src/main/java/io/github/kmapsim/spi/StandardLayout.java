// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.util.List;
import java.util.function.LongUnaryOperator;

/** The layout {@link MemoryLayout.Builder} builds: plain values, asm-generic fixmap arithmetic. */
record StandardLayout(
    int pageShift,
    long pageOffset,
    long maxLowmemBytes,
    long vmallocOffset,
    long vmallocEnd,
    long pkmapBase,
    int lastPkmap,
    long fixaddrTop,
    long fixaddrStart,
    int fixKmapBegin,
    int fixKmapEnd,
    List<Region> archRegions,
    int ptrsPerPte,
    boolean kmapPteTablesContiguous,
    LongUnaryOperator vmallocStartOf)
    implements MemoryLayout {

  @Override
  public long vmallocStart(long highMemory) {
    return vmallocStartOf == null ? MemoryLayout.super.vmallocStart(highMemory)
        : vmallocStartOf.applyAsLong(highMemory);
  }
}
