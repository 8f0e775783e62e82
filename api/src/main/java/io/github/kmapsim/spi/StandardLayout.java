package io.github.kmapsim.spi;

import java.util.List;

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
    boolean kmapPteTablesContiguous)
    implements MemoryLayout {}
