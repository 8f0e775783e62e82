// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;
import java.util.Set;

/**
 * One C-SKY abiv2 configuration: which CPU, and so whether SMP exists. The layout, the PTE format
 * and the hooks are the same for both; the D-cache is the {@link ArchVariant#cacheType()}
 * default, physical as far as kmap is concerned.
 */
final class CskyVariant implements ArchVariant {

  private final String name;
  private final String description;
  private final int maxCpus;
  private final PteCodec pteCodec = new CskyPteCodec();
  private final KmapHooks hooks;
  private final List<ReferenceVectors> vectors;

  /**
   * @param maxCpus 1 for a CPU without SMP, else the end of {@code config NR_CPUS}'s range
   * @param tlbi CONFIG_CPU_HAS_TLBI (CPU_CK860)
   */
  CskyVariant(String name, String description, int maxCpus, boolean tlbi) {
    this.name = name;
    this.description = description;
    this.maxCpus = maxCpus;
    this.hooks = new CskyKmapHooks(tlbi);
    this.vectors = CskyVectors.of(tlbi);
  }

  /** NR_CPUS 1 (CK807) or 4 (CK860), with and without DEBUG_KMAP_LOCAL ({@link CskyVectors}). */
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

  /**
   * 1 where {@code config SMP} is unavailable ({@code depends on CPU_CK860}, {@code
   * arch/csky/Kconfig}): NR_CPUS is then 1 ({@code include/linux/threads.h}); 32, the end of
   * {@code config NR_CPUS}'s {@code range 2 32}, for CPU_CK860.
   */
  @Override
  public int maxCpus() {
    return maxCpus;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code nrCpus} is outside 1..{@link #maxCpus()}, when
   *     {@code kmMaxIdx} is neither 16 nor 33 ({@code include/asm-generic/kmap_size.h}), or when
   *     the fixmap would reach into pkmap (more than 1020 pages: KM_MAX_IDX 33 with 31 or 32 CPUs)
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus < 1 || nrCpus > maxCpus) {
      throw new IllegalArgumentException("NR_CPUS " + nrCpus + " outside 1.." + maxCpus
          + (maxCpus == 1 ? ": config SMP depends on CPU_CK860" : "") + " (arch/csky/Kconfig)");
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(
          "KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33 (include/asm-generic/kmap_size.h)");
    }
    return CskyLayout.of(nrCpus, kmMaxIdx);
  }

  /** A JTLB entry maps an even/odd page pair ({@code arch/csky/mm/tlb.c}). */
  @Override
  public Set<MmuBehaviour> mmuBehaviours() {
    return Set.of(MmuBehaviour.PAIRED_TLB_ENTRIES);
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
