// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;
import java.util.Set;

/**
 * One MIPS32 configuration: a name and its page size, and what follows from them. The D-cache is
 * physical as far as kmap is concerned (the {@link ArchVariant#cacheType()} default): the kernel
 * runs highmem only where the D-cache does not alias.
 */
final class MipsVariant implements ArchVariant {

  /**
   * The end of {@code config NR_CPUS}'s {@code range 2 256} ({@code arch/mips/Kconfig}). Its help
   * text calls 32 "the maximum supported value" for 32-bit kernels, but Kconfig enforces only the
   * range, and the fixmap holds 256 CPUs with KM_MAX_IDX 33 at either page size.
   */
  private static final int NR_CPUS_RANGE_END = 256;

  private final String name;
  private final String description;
  private final int pageShift;
  private final PteCodec pteCodec;
  private final KmapHooks hooks;
  private final List<ReferenceVectors> vectors;

  /**
   * @param pageShift PAGE_SHIFT, from CONFIG_PAGE_SIZE_4KB (12) or CONFIG_PAGE_SIZE_16KB (14)
   */
  MipsVariant(String name, String description, int pageShift) {
    this.name = name;
    this.description = description;
    this.pageShift = pageShift;
    this.pteCodec = new MipsPteCodec(pageShift);
    this.hooks = new MipsKmapHooks(1L << pageShift);
    this.vectors = MipsVectors.of(pageShift);
  }

  /** NR_CPUS 4, with and without DEBUG_KMAP_LOCAL ({@link MipsVectors}). */
  @Override
  public List<ReferenceVectors> referenceVectors() {
    return vectors;
  }

  /**
   * A R4K TLB entry maps an even/odd page pair (EntryLo0 and EntryLo1 under one EntryHi VPN2), and
   * {@code local_flush_tlb_one()} invalidates the entry.
   */
  @Override
  public Set<MmuBehaviour> mmuBehaviours() {
    return Set.of(MmuBehaviour.PAIRED_TLB_ENTRIES);
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
   * @throws IllegalArgumentException when {@code nrCpus} is outside 1..{@link #maxCpus()} (1 being
   *     a kernel without SMP), when {@code kmMaxIdx} is neither 16 nor 33 ({@code
   *     include/asm-generic/kmap_size.h}), or when the fixmap would push pkmap below VMALLOC_START
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus < 1 || nrCpus > NR_CPUS_RANGE_END) {
      throw new IllegalArgumentException(
          "NR_CPUS " + nrCpus + " outside 1.." + NR_CPUS_RANGE_END + " (arch/mips/Kconfig)");
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(
          "KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33 (include/asm-generic/kmap_size.h)");
    }
    return MipsLayout.of(pageShift, nrCpus, kmMaxIdx);
  }

  @Override
  public PteCodec pteCodec() {
    return pteCodec;
  }

  @Override
  public KmapHooks hooks() {
    return hooks;
  }

  /**
   * The kernel's own refusal: {@code flush_cache_kmaps()} is {@code BUG_ON(cpu_has_dc_aliases)}
   * ({@code arch/mips/include/asm/highmem.h}), and {@code paging_init()} ({@code
   * arch/mips/mm/init.c}) shrinks ZONE_HIGHMEM to nothing on such a CPU.
   */
  @Override
  public String refuseAliasingDcache() {
    return name
        + ": MIPS runs highmem only on a D-cache that does not alias: paging_init()"
        + " (arch/mips/mm/init.c) warns \"This processor doesn't support highmem.\" and ignores"
        + " all highmem when cpu_has_dc_aliases, and flush_cache_kmaps() is"
        + " BUG_ON(cpu_has_dc_aliases) (arch/mips/include/asm/highmem.h)";
  }

  @Override
  public String toString() {
    return name;
  }
}
