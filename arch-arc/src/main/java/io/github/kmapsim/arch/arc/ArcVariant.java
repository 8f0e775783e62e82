// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;

/**
 * One ARC configuration: with or without CONFIG_ARC_HAS_PAE40. The layout and the hooks are the
 * same; the PTE is 64 bits wide with PAE40 and the physical address reaches 1 TiB.
 */
final class ArcVariant implements ArchVariant {

  /**
   * The most CPUs whose kmap slots fit the fixmap's one PTE table: {@code
   * BUILD_BUG_ON(FIX_KMAP_SLOTS > PTRS_PER_PTE)} allows 256 / KM_MAX_IDX 16 = 16 CPUs (7 with
   * DEBUG_KMAP_LOCAL, which {@link #layout} refuses beyond). hsdk_defconfig builds 4.
   */
  private static final int MAX_CPUS = ArcLayout.PTRS_PER_PTE / 16;

  private final String name;
  private final String description;
  private final PteCodec pteCodec;
  private final KmapHooks hooks = new ArcKmapHooks();
  private final List<ReferenceVectors> vectors;

  ArcVariant(String name, String description, boolean pae40) {
    this.name = name;
    this.description = description;
    this.pteCodec = new ArcPteCodec(pae40);
    this.vectors = ArcVectors.of(pae40);
  }

  /** NR_CPUS 4, with and without DEBUG_KMAP_LOCAL ({@link ArcVectors}). */
  @Override
  public List<ReferenceVectors> referenceVectors() {
    return vectors;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public int maxCpus() {
    return MAX_CPUS;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code nrCpus} is below 1, when {@code kmMaxIdx} is
   *     neither 16 nor 33, or when KM_MAX_IDX * NR_CPUS slots exceed the fixmap's PTE table
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus < 1) {
      throw new IllegalArgumentException("NR_CPUS " + nrCpus + " is below 1");
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(
          "KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33 (include/asm-generic/kmap_size.h)");
    }
    return ArcLayout.of(nrCpus, kmMaxIdx);
  }

  @Override
  public PteCodec pteCodec() {
    return pteCodec;
  }

  @Override
  public KmapHooks hooks() {
    return hooks;
  }

  @Override
  public String toString() {
    return name;
  }
}
