// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.Capability;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;
import java.util.Set;

/**
 * The variant a run checks, with what the rules derive from it: its capabilities (the SPI
 * methods it overrides, {@link Capability#of(ArchVariant)}), its reference vectors, the NR_CPUS
 * values the kit builds, and the kit's machines.
 */
final class Subject {
  /** The largest NR_CPUS the kit builds. */
  static final int MAX_KIT_CPUS = 16;

  private final ArchVariant variant;
  private Set<Capability> capabilities;
  private int[] cpuCounts;

  Subject(ArchVariant variant) {
    this.variant = variant;
  }

  ArchVariant variant() {
    return variant;
  }

  /** The SPI default methods the port overrides: the kernel's default holds for the others. */
  Set<Capability> capabilities() {
    if (capabilities == null) {
      capabilities = Capability.of(variant);
    }
    return capabilities;
  }

  boolean has(Capability c) {
    return capabilities().contains(c);
  }

  /** The port's reference vectors, one per configuration; empty when it has none. */
  List<ReferenceVectors> vectors() {
    List<ReferenceVectors> v = variant.referenceVectors();
    return v == null ? List.of() : v;
  }

  /** DCACHE_N_COLORS. */
  int colours() {
    return variant.dcacheColours();
  }

  /** The fixmap slots each CPU owns: KM_MAX_IDX, times DCACHE_N_COLORS on a colour-aware arch. */
  int perCpu(int kmMaxIdx) {
    return kmMaxIdx * colours();
  }

  /**
   * NR_CPUS values the kit builds: 2 and the largest NR_CPUS up to the variant's limit capped at
   * {@value #MAX_KIT_CPUS} whose kernel builds with both KM_MAX_IDX values ({@link
   * ArchVariant#layout} refuses what the kernel's BUILD_BUG_ONs refuse: ARC's fixmap is one PTE
   * table, 16 CPUs of 16 slots but only 7 of 33); just 1 on a uniprocessor.
   */
  int[] cpuCounts() {
    if (cpuCounts == null) {
      int max = Math.min(variant.maxCpus(), MAX_KIT_CPUS);
      while (max > 2 && !builds(max, 33)) {
        max--;
      }
      cpuCounts = max <= 2 ? new int[] {Math.max(1, max)} : new int[] {2, max};
    }
    return cpuCounts.clone();
  }

  private boolean builds(int cpus, int kmMaxIdx) {
    try {
      variant.layout(cpus, kmMaxIdx);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The CPUs of the kit's small machines: 2, or 1 on a uniprocessor (csky's CK807, microblaze, nds32). */
  int smallCpus() {
    return Math.min(2, variant.maxCpus());
  }

  /** A machine of the variant with 2 GiB of memory. */
  Machine machine(int cpus, boolean debug) {
    return machine(variant, cpus, debug, MachineConfig.DEFAULT_MEMORY);
  }

  static Machine machine(ArchVariant v, int cpus, boolean debug, long memory) {
    return KmapSim.newMachine(MachineConfig.preset(v.name()).toBuilder()
        .cpus(cpus).debugKmapLocal(debug).memoryBytes(memory).build(), v);
  }

  /** The highmem page {@code n} pages above {@code max_low_pfn}. */
  static Page highPage(Machine m, long n) {
    return m.page(m.maxLowPfn() + n);
  }
}
