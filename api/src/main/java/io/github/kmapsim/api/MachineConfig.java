// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.Objects;

/**
 * The configuration of a simulated machine: the kernel's build options that matter for highmem
 * and the size of the machine. Immutable; start from {@link #preset(String)} and adjust with
 * {@link #toBuilder()}:
 *
 * <pre>{@code
 * MachineConfig cfg = MachineConfig.preset("x86-pae").toBuilder().cpus(2).debugKmapLocal(true).build();
 * }</pre>
 *
 * @param arch the architecture variant name, such as {@code x86} or {@code x86-pae}
 * @param cpus {@code NR_CPUS}: the number of simulated CPUs, all online (it also sizes the fixmap,
 *     {@code FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1})
 * @param memoryBytes the size of physical memory, starting at physical address 0; memory beyond the
 *     architecture's lowmem limit is highmem
 * @param debugKmapLocal {@code CONFIG_DEBUG_KMAP_LOCAL}: KM_MAX_IDX 33 and a guard slot between
 *     maps
 * @param forceMap {@code CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP}: lowmem pages get real fixmap mappings
 *     too. It selects DEBUG_KMAP_LOCAL, so {@code debugKmapLocal} is then true whatever was
 *     asked (and stays true in a {@code toBuilder()} copy that turns FORCE_MAP off); only variants
 *     that select ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP (x86) accept it
 * @param dcacheAliases the CPUs' D-cache aliases ({@code cpu_has_dc_aliases}); architectures
 *     whose kernel cannot run highmem then refuse the configuration
 * @param preemptRt {@code CONFIG_PREEMPT_RT}: {@code kmap_atomic()} and {@code kmap_atomic_pfn()}
 *     disable migration instead of preemption (page faults stay disabled), and {@code
 *     kunmap_atomic()} undoes that (include/linux/highmem-internal.h, {@code
 *     IS_ENABLED(CONFIG_PREEMPT_RT)} in {@code kmap_atomic_prot} and {@code __kunmap_atomic}); a
 *     kmap_atomic section is then preemptible. {@code io_mapping_map_atomic_wc()} keeps v5.11's
 *     preempt_disable
 * @param checks the checker: every access through a mapping is checked against its owner and
 *     life (KMAP-W014 to W017); on by default
 * @param recordCallSites each map and unmap records the caller's frame (the first outside
 *     kmapsim) for the diagnostics' {@link Site sites}; a stack walk is not free, so off by
 *     default. Scenarios give their {@code FILE:LINE} whatever this says ({@link Cpu#callSite})
 */
public record MachineConfig(
    String arch,
    int cpus,
    long memoryBytes,
    boolean debugKmapLocal,
    boolean forceMap,
    boolean dcacheAliases,
    boolean preemptRt,
    boolean checks,
    boolean recordCallSites) {

  /** The default number of CPUs of a preset. */
  public static final int DEFAULT_CPUS = 4;

  /** The default physical memory of a preset: 2 GiB, so that every architecture has highmem. */
  public static final long DEFAULT_MEMORY = 2L << 30;

  /** Checks the values. */
  public MachineConfig {
    Objects.requireNonNull(arch, "arch");
    if (arch.isBlank()) {
      throw new IllegalArgumentException("arch must name a variant");
    }
    if (cpus < 1) {
      throw new IllegalArgumentException("cpus must be at least 1, got " + cpus);
    }
    if (memoryBytes <= 0) {
      throw new IllegalArgumentException("memoryBytes must be positive, got " + memoryBytes);
    }
    debugKmapLocal |= forceMap; // DEBUG_KMAP_LOCAL_FORCE_MAP: select DEBUG_KMAP_LOCAL
  }

  /**
   * The preset for a variant: {@value #DEFAULT_CPUS} CPUs, 2 GiB of memory, no debug options.
   *
   * @param arch the variant name; it is checked against the discovered plugins when a machine is
   *     built
   */
  public static MachineConfig preset(String arch) {
    return new MachineConfig(arch, DEFAULT_CPUS, DEFAULT_MEMORY, false, false, false, false,
        true, false);
  }

  /** The checker on, no call sites recorded, no PREEMPT_RT (the defaults). */
  public MachineConfig(String arch, int cpus, long memoryBytes, boolean debugKmapLocal,
      boolean forceMap, boolean dcacheAliases) {
    this(arch, cpus, memoryBytes, debugKmapLocal, forceMap, dcacheAliases, false, true, false);
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link MachineConfig}; every setter returns the builder. */
  public static final class Builder {
    private String arch;
    private int cpus;
    private long memoryBytes;
    private boolean debugKmapLocal;
    private boolean forceMap;
    private boolean dcacheAliases;
    private boolean preemptRt;
    private boolean checks;
    private boolean recordCallSites;

    private Builder(MachineConfig from) {
      arch = from.arch;
      cpus = from.cpus;
      memoryBytes = from.memoryBytes;
      debugKmapLocal = from.debugKmapLocal;
      forceMap = from.forceMap;
      dcacheAliases = from.dcacheAliases;
      preemptRt = from.preemptRt;
      checks = from.checks;
      recordCallSites = from.recordCallSites;
    }

    /** Sets the architecture variant. */
    public Builder arch(String value) {
      arch = value;
      return this;
    }

    /** Sets NR_CPUS. */
    public Builder cpus(int value) {
      cpus = value;
      return this;
    }

    /** Sets the physical memory size in bytes. */
    public Builder memoryBytes(long value) {
      memoryBytes = value;
      return this;
    }

    /** Sets CONFIG_DEBUG_KMAP_LOCAL. */
    public Builder debugKmapLocal(boolean value) {
      debugKmapLocal = value;
      return this;
    }

    /** Sets CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP. */
    public Builder forceMap(boolean value) {
      forceMap = value;
      return this;
    }

    /** Declares that the CPUs' D-cache aliases ({@code cpu_has_dc_aliases}). */
    public Builder dcacheAliases(boolean value) {
      dcacheAliases = value;
      return this;
    }

    /** Sets CONFIG_PREEMPT_RT. */
    public Builder preemptRt(boolean value) {
      preemptRt = value;
      return this;
    }

    /** Turns the checker's access checks on or off. */
    public Builder checks(boolean value) {
      checks = value;
      return this;
    }

    /** Records the caller's frame at each map and unmap (a stack walk each). */
    public Builder recordCallSites(boolean value) {
      recordCallSites = value;
      return this;
    }

    /** Builds the configuration, checking it. */
    public MachineConfig build() {
      return new MachineConfig(arch, cpus, memoryBytes, debugKmapLocal, forceMap, dcacheAliases,
          preemptRt, checks, recordCallSites);
    }
  }

  /** {@code KM_MAX_IDX} for this configuration: 33 with DEBUG_KMAP_LOCAL, else 16. */
  public int kmMaxIdx() {
    return debugKmapLocal ? 33 : 16;
  }

  /** {@code KM_INCR}: 2 with DEBUG_KMAP_LOCAL (every other slot is a guard), else 1. */
  public int kmIncr() {
    return debugKmapLocal ? 2 : 1;
  }
}
