// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;
import java.util.Set;

/**
 * One ARM configuration: a name, its D-cache and PTE format, and what follows from them. Every
 * variant shares the layout of {@link ArmLayout} (PMD_SIZE and PTRS_PER_PTE are the same with and
 * without LPAE) and the Kconfig limits of {@link ArmFixmap}.
 *
 * <p>Assumed Kconfig: ARCH_MULTI_V7, SMP, HIGHMEM (which selects KMAP_LOCAL and
 * KMAP_LOCAL_NON_LINEAR_PTE_ARRAY), VMSPLIT_3G, CPU_TLB_V7, ARM_ERRATA_798181 off (so
 * {@code ARCH_NEEDS_KMAP_HIGH_GET} stays defined), DEBUG_HIGHMEM off, no {@code vmalloc=}.
 */
final class ArmVariant implements ArchVariant {

  private final String name;
  private final String description;
  private final CacheType cacheType;
  private final PteCodec pteCodec;
  private final KmapHooks hooks;
  private final List<ReferenceVectors> vectors;

  ArmVariant(String name, String description, CacheType cacheType, PteCodec pteCodec) {
    this.name = name;
    this.description = description;
    this.cacheType = cacheType;
    this.pteCodec = pteCodec;
    this.hooks = new ArmKmapHooks(cacheType);
    this.vectors = ArmVectors.of(cacheType, pteCodec instanceof ArmLpaePteCodec);
  }

  /** NR_CPUS 4, with and without DEBUG_KMAP_LOCAL ({@link ArmVectors}). */
  @Override
  public List<ReferenceVectors> referenceVectors() {
    return vectors;
  }

  /**
   * ARMv7's table walker loads translations speculatively (ARM ARM B3.10.1: any translation
   * table entry may be cached at any time); the VIVT model stands for ARMv5 and older cores,
   * which do not.
   */
  @Override
  public Set<MmuBehaviour> mmuBehaviours() {
    return cacheType == CacheType.VIVT ? Set.of() : Set.of(MmuBehaviour.SPECULATIVE_WALKS);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  /** {@code config NR_CPUS}: range 2 32 without DEBUG_KMAP_LOCAL ({@code arch/arm/Kconfig}). */
  @Override
  public int maxCpus() {
    return ArmFixmap.NR_CPUS_MAX;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code kmMaxIdx} is neither 16 nor 33, or
   *     {@code nrCpus} is outside the Kconfig range, which keeps the fixmap inside
   *     FIXADDR_START..FIXADDR_END (see {@link ArmFixmap#of})
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    return ArmLayout.of(ArmFixmap.of(name, nrCpus, kmMaxIdx));
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
  public CacheType cacheType() {
    return cacheType;
  }

  /**
   * ARM refuses too: {@code adjust_lowmem_bounds()} ({@code arch/arm/mm/mmu.c}) removes all RAM
   * above the lowmem limit when {@code cache_is_vipt_aliasing()}, as if HIGHMEM were off.
   */
  @Override
  public String refuseAliasingDcache() {
    return name
        + ": an ARM kernel runs no highmem on an aliasing VIPT D-cache: adjust_lowmem_bounds()"
        + " (arch/arm/mm/mmu.c) ignores all RAM above the lowmem limit when"
        + " cache_is_vipt_aliasing(), and kmapsim does not model that cache either";
  }

  @Override
  public String toString() {
    return name;
  }
}
