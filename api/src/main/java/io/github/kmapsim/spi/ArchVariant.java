// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.util.List;
import java.util.Set;

/**
 * One configuration of an architecture (x86 non-PAE, x86 PAE, ...), with a stable name. Variants
 * are stateless: the core asks for a layout per machine and calls the hooks with that machine's
 * services.
 */
public interface ArchVariant {

  /** The stable name, such as {@code x86-pae}. */
  String name();

  /** One line in kernel terms: page size, PTE width, notable options. */
  String description();

  /** The largest NR_CPUS the variant's fixmap allows ({@code config NR_CPUS} range). */
  int maxCpus();

  /**
   * The virtual memory layout for a kernel built with {@code nrCpus} and {@code kmMaxIdx}.
   *
   * @param nrCpus NR_CPUS, 1..{@link #maxCpus()}
   * @param kmMaxIdx KM_MAX_IDX, 16 or 33
   * @throws IllegalArgumentException when the kernel could not be built so (the fixmap window
   *     cannot hold KM_MAX_IDX slots for that many CPUs); the message says why in kernel terms
   */
  MemoryLayout layout(int nrCpus, int kmMaxIdx);

  /** The PTE encoding. */
  PteCodec pteCodec();

  /** The kmap hooks of {@code asm/highmem.h}. */
  KmapHooks hooks();

  /** The data cache of the variant's CPUs; physical (nothing to model) by default. */
  default CacheType cacheType() {
    return CacheType.PHYSICAL;
  }

  /**
   * {@code DCACHE_N_COLORS}: the page colours of a D-cache whose way is larger than a page
   * (xtensa), a power of two; 1, the default, when there are none. With more than one, each CPU
   * owns {@code KM_MAX_IDX * DCACHE_N_COLORS} fixmap slots and {@code arch_kmap_local_map_idx}
   * must put every page at a virtual address of its own colour, the one its lowmem address would
   * have; the machine keeps one pkmap scan position and wait queue per colour for the pkmap colour
   * hooks ({@link KmapHooks#getPkmapColor} and its family). The conformance kit checks the slot
   * colours; kmapsim does not model the aliasing cache itself.
   */
  default int dcacheColours() {
    return 1;
  }

  /**
   * {@code ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP}: whether {@code CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP}
   * can be configured. Only x86 selects it (for NR_CPUS up to 4096; arch/x86/Kconfig). The
   * default is false, and the simulator refuses a forced-map machine for such a variant.
   */
  default boolean supportsKmapLocalForceMap() {
    return false;
  }

  /**
   * The behaviours of the variant's MMU that its hooks exist for (paired TLB entries, speculative
   * table walks, lazy MMU batching), which kmapsim's machine then models; none by default.
   */
  default Set<MmuBehaviour> mmuBehaviours() {
    return Set.of();
  }

  /**
   * The kernel's own values for this variant, one {@link ReferenceVectors} per configuration
   * (NR_CPUS, DEBUG_KMAP_LOCAL), each value citing the header and kernel version it comes from.
   * The conformance kit checks the port against them ({@code required_vectors_*}); a port without
   * them (the default, an empty list) is told how to derive them (docs/PORTING.md, "Deriving
   * reference vectors").
   */
  default List<ReferenceVectors> referenceVectors() {
    return List.of();
  }

  /**
   * Why the variant cannot run highmem on a CPU whose D-cache aliases
   * ({@code MachineConfig.dcacheAliases}). kmapsim models no aliasing VIPT cache, so every
   * variant refuses; an architecture whose kernel refuses too says so in its own words.
   */
  default String refuseAliasingDcache() {
    return name() + ": kmapsim does not model an aliasing VIPT D-cache";
  }
}
