// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;

/**
 * The nds32 configuration: a uniprocessor. {@code arch/nds32/Kconfig} has {@code config NR_CPUS
 * int default 1} and no SMP option, so every nds32 kernel has one CPU and one CPU's kmap slots.
 */
final class Nds32Variant implements ArchVariant {

  private final PteCodec pteCodec = new Nds32PteCodec();
  private final KmapHooks hooks = new Nds32KmapHooks();
  private final List<ReferenceVectors> vectors = Nds32Vectors.of();

  /** NR_CPUS 1, with and without DEBUG_KMAP_LOCAL ({@link Nds32Vectors}). */
  @Override
  public List<ReferenceVectors> referenceVectors() {
    return vectors;
  }

  @Override
  public String name() {
    return "nds32";
  }

  @Override
  public String description() {
    return "nds32 (Andes N15, PIPT D-cache), Kconfig defaults + HIGHMEM, v5.11-v5.17: UP only,"
        + " 4 KiB pages, 32-bit pte_t, PAGE_OFFSET 0xb0000000 (VMSPLIT_3G_OPT), FIXADDR_TOP"
        + " 0xffff0000, FIX_KMAP_BEGIN 2, PKMAP_BASE 0xff800000, LAST_PKMAP 1024";
  }

  /** {@code config NR_CPUS int default 1}: no SMP. */
  @Override
  public int maxCpus() {
    return 1;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code nrCpus} is not 1 or {@code kmMaxIdx} is neither
   *     16 nor 33
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus != 1) {
      throw new IllegalArgumentException("NR_CPUS " + nrCpus + ": nds32 has no SMP, NR_CPUS is"
          + " 1 (arch/nds32/Kconfig)");
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(
          "KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33 (include/asm-generic/kmap_size.h)");
    }
    return Nds32Layout.of(nrCpus, kmMaxIdx);
  }

  @Override
  public PteCodec pteCodec() {
    return pteCodec;
  }

  @Override
  public KmapHooks hooks() {
    return hooks;
  }

  /** The kernel's own refusal: HIGHMEM depends on !CPU_CACHE_ALIASING. */
  @Override
  public String refuseAliasingDcache() {
    return "nds32: HIGHMEM depends on MMU && !CPU_CACHE_ALIASING (arch/nds32/Kconfig.cpu): a"
        + " kernel for a CPU whose VIPT D-cache way is larger than a page has no highmem";
  }

  @Override
  public String toString() {
    return name();
  }
}
