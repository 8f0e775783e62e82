// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;

/**
 * The sun4m SRMMU configuration: {@code arch/sparc/configs/sparc32_defconfig} (HIGHMEM by its
 * Kconfig default, {@code default y if SPARC32}) with SMP, so NR_CPUS up to 32. The D-cache is
 * modelled VIVT: the sun4m modules the hooks' whole-cache flushes are for (HyperSPARC, Cypress,
 * Swift) index and tag it by virtual address; kmapsim's machine then shows what a dropped {@code
 * flush_cache_all()} in pre_unmap loses.
 */
final class SparcVariant implements ArchVariant {

  /** The end of {@code config NR_CPUS}'s {@code range 2 32 if SPARC32} ({@code Kconfig}). */
  static final int MAX_CPUS = 32;

  private final PteCodec pteCodec = new SrmmuPteCodec();
  private final KmapHooks hooks = new SparcKmapHooks();
  private final List<ReferenceVectors> vectors = SparcVectors.of();

  @Override
  public String name() {
    return "sparc";
  }

  @Override
  public String description() {
    return "sparc32 sun4m SRMMU SMP (sparc32_defconfig + SMP), HIGHMEM: 4 KiB pages, 32-bit"
        + " SRMMU PTEs (36-bit PPN, RAM below 4 GiB), PAGE_OFFSET 0xf0000000, 192 MiB lowmem,"
        + " FIXADDR_TOP 0xfcfff000, PKMAP_BASE 0xfc500000, LAST_PKMAP 1024, vmalloc above the"
        + " fixmap, flush_cache_all/flush_tlb_all hooks, VIVT D-cache";
  }

  /** 32: NR_CPUS's range on sparc32 ({@code arch/sparc/Kconfig}); 1 is the UP kernel. */
  @Override
  public int maxCpus() {
    return MAX_CPUS;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code nrCpus} is outside 1..32 or {@code kmMaxIdx} is
   *     neither 16 nor 33 ({@code include/asm-generic/kmap_size.h})
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus < 1 || nrCpus > MAX_CPUS) {
      throw new IllegalArgumentException("NR_CPUS " + nrCpus + " outside 1.." + MAX_CPUS
          + " (config NR_CPUS: range 2 32 if SPARC32, arch/sparc/Kconfig)");
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(
          "KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33 (include/asm-generic/kmap_size.h)");
    }
    return SparcLayout.of(nrCpus, kmMaxIdx);
  }

  /** VIVT: HyperSPARC, Cypress and Swift caches, which the whole-cache flushes are for. */
  @Override
  public CacheType cacheType() {
    return CacheType.VIVT;
  }

  /** NR_CPUS 4, with and without DEBUG_KMAP_LOCAL ({@link SparcVectors}). */
  @Override
  public List<ReferenceVectors> referenceVectors() {
    return vectors;
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
    return name();
  }
}
