// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.util.List;

/**
 * The layout {@link MemoryLayout.Builder} builds: plain values and every default of
 * {@link MemoryLayout} (x86's VMALLOC_START, asm-generic fixmap arithmetic), so it has no
 * {@link Capability}. A builder given its own VMALLOC_START wraps it in {@link
 * VmallocStartLayout}.
 */
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
