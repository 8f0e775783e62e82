// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;

/**
 * One Xtensa configuration: a core ({@link XtensaCore}) and what follows from its D-cache way,
 * DCACHE_N_COLORS and with it the hooks: the generic slot and pkmap arithmetic for one colour,
 * xtensa's colour-aware {@code kmap_idx} and per-colour pkmap for more. The cache itself is not
 * modelled ({@link ArchVariant#cacheType()} stays physical): the colour arithmetic is what keeps
 * an aliasing cache from seeing two colours of one page, and the kit checks it.
 */
final class XtensaVariant implements ArchVariant {

  /**
   * The end of {@code config NR_CPUS}'s {@code range 2 32} ({@code arch/xtensa/Kconfig}). SMP
   * depends on HAVE_SMP, which only XTENSA_VARIANT_CUSTOM offers; virt_defconfig itself is a
   * uniprocessor kernel (NR_CPUS 1).
   */
  private static final int NR_CPUS_RANGE_END = 32;

  private final String name;
  private final String description;
  private final XtensaCore core;
  private final PteCodec pteCodec = new XtensaPteCodec();
  private final KmapHooks hooks;
  private final List<ReferenceVectors> vectors;

  XtensaVariant(String name, String description, XtensaCore core) {
    this.name = name;
    this.description = description;
    this.core = core;
    int colours = core.dcacheColours();
    this.hooks = colours > 1 ? new XtensaColourKmapHooks(colours) : new XtensaKmapHooks();
    this.vectors = XtensaVectors.of(colours);
  }

  /** NR_CPUS 4, with and without DEBUG_KMAP_LOCAL ({@link XtensaVectors}). */
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
    return NR_CPUS_RANGE_END;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code nrCpus} is outside 1..32 (1 being a kernel
   *     without SMP), when {@code kmMaxIdx} is neither 16 nor 33, or when the fixmap would reach
   *     the TLBTEMP area
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus < 1 || nrCpus > NR_CPUS_RANGE_END) {
      throw new IllegalArgumentException(
          "NR_CPUS " + nrCpus + " outside 1.." + NR_CPUS_RANGE_END + " (arch/xtensa/Kconfig)");
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(
          "KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33 (include/asm-generic/kmap_size.h)");
    }
    return XtensaLayout.of(core, nrCpus, kmMaxIdx);
  }

  @Override
  public PteCodec pteCodec() {
    return pteCodec;
  }

  @Override
  public KmapHooks hooks() {
    return hooks;
  }

  /** DCACHE_N_COLORS: 1 on dc233c, 2 with 8 KiB D-cache ways. */
  @Override
  public int dcacheColours() {
    return core.dcacheColours();
  }

  @Override
  public String toString() {
    return name;
  }
}
