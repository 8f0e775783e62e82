// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;

/**
 * One 32-bit powerpc configuration: its MMU family, which sets the PTE format (and so the pkmap
 * size and PMD) and what a local TLB flush reaches. The D-cache is the {@link
 * ArchVariant#cacheType()} default: physically addressed.
 */
final class PowerpcVariant implements ArchVariant {

  /**
   * The largest NR_CPUS kmapsim builds. {@code config NR_CPUS} allows 2..8192 with SMP ({@code
   * arch/powerpc/platforms/Kconfig.cputype}, shared with 64-bit kernels) and the 32-bit layout
   * holds well over a thousand, but the 32-bit SMP parts have a few cores (eight e500mc on a
   * P4080), and kmapsim stops at 32, where every region still has room.
   */
  static final int MAX_CPUS = 32;

  private final String name;
  private final String description;
  private final PteCodec pteCodec;
  private final KmapHooks hooks;
  private final List<ReferenceVectors> vectors;

  /** @param hash the book3s32 hash MMU with 32-bit PTEs; false for e500 with 64-bit PTEs */
  PowerpcVariant(String name, String description, boolean hash) {
    this.name = name;
    this.description = description;
    this.pteCodec = hash ? new Book3s32PteCodec() : new E500PteCodec();
    this.hooks = new PowerpcKmapHooks(hash);
    this.vectors = PowerpcVectors.of(hash);
  }

  /** NR_CPUS 4, with and without DEBUG_KMAP_LOCAL ({@link PowerpcVectors}). */
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

  /** {@value #MAX_CPUS}: see {@link #MAX_CPUS}. */
  @Override
  public int maxCpus() {
    return MAX_CPUS;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code nrCpus} is outside 1..{@link #maxCpus()} (1
   *     being a kernel without SMP), or {@code kmMaxIdx} is neither 16 nor 33 ({@code
   *     include/asm-generic/kmap_size.h})
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus < 1 || nrCpus > MAX_CPUS) {
      throw new IllegalArgumentException("NR_CPUS " + nrCpus + " outside 1.." + MAX_CPUS
          + " (kmapsim's bound for 32-bit powerpc)");
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(
          "KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33 (include/asm-generic/kmap_size.h)");
    }
    return PowerpcLayout.of(pteCodec.pteBits(), nrCpus, kmMaxIdx);
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
