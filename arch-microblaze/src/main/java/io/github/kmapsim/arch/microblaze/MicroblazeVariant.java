// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;

/**
 * The MicroBlaze configuration: a uniprocessor with 4 KiB pages. The D-cache is the {@link
 * ArchVariant#cacheType()} default, physical as far as kmap is concerned.
 */
final class MicroblazeVariant implements ArchVariant {

  private final PteCodec pteCodec = new MicroblazePteCodec();
  private final KmapHooks hooks = new MicroblazeKmapHooks();
  private final List<ReferenceVectors> vectors = MicroblazeVectors.of();

  /** NR_CPUS 1, with and without DEBUG_KMAP_LOCAL ({@link MicroblazeVectors}). */
  @Override
  public List<ReferenceVectors> referenceVectors() {
    return vectors;
  }

  @Override
  public String name() {
    return "microblaze";
  }

  @Override
  public String description() {
    return "MicroBlaze with MMU, UP (mmu_defconfig), HIGHMEM: 4 KiB pages, 32-bit pte_t,"
        + " PAGE_OFFSET 0xc0000000, 768 MiB lowmem, FIXADDR_TOP 0xfffff000, PKMAP_BASE from"
        + " FIXADDR_START, LAST_PKMAP 1024, vmalloc up to PKMAP_BASE";
  }

  /**
   * 1: {@code arch/microblaze/Kconfig} offers no SMP, so NR_CPUS is 1 ({@code
   * include/linux/threads.h}) and {@code num_possible_cpus()} in the fixmap enum is 1.
   */
  @Override
  public int maxCpus() {
    return 1;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code nrCpus} is not 1, or {@code kmMaxIdx} is neither
   *     16 nor 33 ({@code include/asm-generic/kmap_size.h})
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus != 1) {
      throw new IllegalArgumentException("NR_CPUS " + nrCpus + ": MicroBlaze has no SMP"
          + " (arch/microblaze/Kconfig), NR_CPUS is 1");
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(
          "KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33 (include/asm-generic/kmap_size.h)");
    }
    return MicroblazeLayout.of(kmMaxIdx);
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
