// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;
import java.util.Set;

/** One x86-32 configuration: a name, its paging mode, and what follows from it. */
final class X86Variant implements ArchVariant {

  /**
   * NR_CPUS_RANGE_END for X86_32 with SMP and X86_BIGSMP ({@code arch/x86/Kconfig}, v5.11; 8
   * without X86_BIGSMP, and in kernels that dropped X86_BIGSMP). The fixmap fits: even 64 CPUs with
   * KM_MAX_IDX 33 leave MAXMEM above 860 MiB.
   */
  private static final int NR_CPUS_RANGE_END = 64;

  private final String name;
  private final String description;
  private final X86Paging paging;
  private final PteCodec pteCodec;
  private final KmapHooks hooks = new X86KmapHooks();
  private final List<ReferenceVectors> vectors;

  X86Variant(String name, String description, X86Paging paging) {
    this.name = name;
    this.description = description;
    this.paging = paging;
    this.pteCodec = new X86PteCodec(paging);
    this.vectors = X86Vectors.of(paging);
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

  /** {@code select ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP if NR_CPUS <= 4096} (arch/x86/Kconfig). */
  @Override
  public boolean supportsKmapLocalForceMap() {
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code nrCpus} is outside 1..{@link #maxCpus()} or
   *     {@code kmMaxIdx} is neither 16 nor 33 ({@code include/asm-generic/kmap_size.h})
   */
  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus < 1 || nrCpus > NR_CPUS_RANGE_END) {
      throw new IllegalArgumentException(
          name + ": NR_CPUS " + nrCpus + " outside 1.." + NR_CPUS_RANGE_END);
    }
    if (kmMaxIdx != 16 && kmMaxIdx != 33) {
      throw new IllegalArgumentException(name + ": KM_MAX_IDX " + kmMaxIdx + " is not 16 or 33");
    }
    return X86Layout.of(paging, nrCpus, kmMaxIdx);
  }

  /**
   * x86's MMU walks page tables speculatively (the SDM allows any present translation to be
   * cached at any time). Not {@link MmuBehaviour#LAZY_MMU_UPDATES}: the hooks'
   * {@code arch_flush_lazy_mmu_mode()} is a no-op in the modelled i386 configuration (no
   * PARAVIRT_XXL), so the reference vectors' hook trace checks that the hooks make the call.
   */
  @Override
  public Set<MmuBehaviour> mmuBehaviours() {
    return Set.of(MmuBehaviour.SPECULATIVE_WALKS);
  }

  /** NR_CPUS 4 and 8, with and without DEBUG_KMAP_LOCAL ({@link X86Vectors}). */
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
    return name;
  }
}
