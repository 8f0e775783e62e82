// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A built layout whose VMALLOC_START is the architecture's own ({@link
 * MemoryLayout.Builder#vmallocStart}): the one override, so its capability is
 * {@link Capability#VMALLOC_START}; everything else is the standard layout's.
 */
record VmallocStartLayout(StandardLayout base, LongUnaryOperator vmallocStartOf)
    implements MemoryLayout {

  @Override
  public long vmallocStart(long highMemory) {
    return vmallocStartOf.applyAsLong(highMemory);
  }

  @Override
  public int pageShift() {
    return base.pageShift();
  }

  @Override
  public long pageOffset() {
    return base.pageOffset();
  }

  @Override
  public long maxLowmemBytes() {
    return base.maxLowmemBytes();
  }

  @Override
  public long vmallocOffset() {
    return base.vmallocOffset();
  }

  @Override
  public long vmallocEnd() {
    return base.vmallocEnd();
  }

  @Override
  public long pkmapBase() {
    return base.pkmapBase();
  }

  @Override
  public int lastPkmap() {
    return base.lastPkmap();
  }

  @Override
  public long fixaddrTop() {
    return base.fixaddrTop();
  }

  @Override
  public long fixaddrStart() {
    return base.fixaddrStart();
  }

  @Override
  public int fixKmapBegin() {
    return base.fixKmapBegin();
  }

  @Override
  public int fixKmapEnd() {
    return base.fixKmapEnd();
  }

  @Override
  public List<Region> archRegions() {
    return base.archRegions();
  }

  @Override
  public int ptrsPerPte() {
    return base.ptrsPerPte();
  }

  @Override
  public boolean kmapPteTablesContiguous() {
    return base.kmapPteTablesContiguous();
  }
}
