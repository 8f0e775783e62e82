// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The variants the cross-architecture tests run on: every one {@link KmapSim#variantNames()}
 * discovers. Each source checks that discovery found the variants this reactor ships, so that a
 * class path missing a plugin fails instead of quietly testing less.
 */
final class Variants {

  /** The variants of the arch modules of this reactor. */
  static final List<String> SHIPPED = List.of("arc", "arc-pae40", "arm", "arm-lpae", "arm-vivt",
      "csky", "csky-ck860", "microblaze", "mips", "mips-16k", "nds32", "powerpc-book3s32",
      "powerpc-e500", "sparc", "x86", "x86-pae", "xtensa", "xtensa-c2");

  private Variants() {}

  /** Every discovered variant name; the {@code @MethodSource} of the parameterised tests. */
  static Stream<String> all() {
    List<String> names = KmapSim.variantNames();
    assertFalse(names.isEmpty(), "no architecture plugin was discovered");
    assertTrue(names.containsAll(SHIPPED), () -> "discovered " + names + ", expected " + SHIPPED);
    return names.stream();
  }

  /** The discovered variants whose {@link ArchVariant} matches, failing when none does. */
  static Stream<String> where(Predicate<ArchVariant> property, String what) {
    List<String> names = all().filter(n -> property.test(KmapSim.variant(n))).toList();
    assertFalse(names.isEmpty(), () -> "no discovered variant " + what);
    return names.stream();
  }

  /**
   * The variant's preset (2 GiB) with {@link MachineConfig#DEFAULT_CPUS} CPUs, or as many as the
   * variant builds where that is fewer: one on a uniprocessor (csky's CK807, microblaze, nds32).
   */
  static MachineConfig preset(String variant) {
    return MachineConfig.preset(variant).toBuilder()
        .cpus(cpus(variant, MachineConfig.DEFAULT_CPUS)).build();
  }

  /** {@link #cpus(String, int, boolean)} without DEBUG_KMAP_LOCAL (KM_MAX_IDX 16). */
  static int cpus(String variant, int wanted) {
    return cpus(variant, wanted, false);
  }

  /**
   * The most CPUs up to {@code wanted} whose kernel the variant builds with (or without)
   * DEBUG_KMAP_LOCAL: at most its NR_CPUS limit ({@link ArchVariant#maxCpus()}, 1 on a
   * uniprocessor), and no more than its fixmap holds: ARC's is one PTE table, so 16 CPUs fit
   * KM_MAX_IDX 16 and only 7 KM_MAX_IDX 33.
   */
  static int cpus(String variant, int wanted, boolean debug) {
    ArchVariant v = KmapSim.variant(variant);
    for (int n = Math.min(wanted, v.maxCpus()); n > 1; n--) {
      try {
        v.layout(n, debug ? 33 : 16);
        return n;
      } catch (IllegalArgumentException tooMany) {
        // BUILD_BUG_ON: try one CPU less
      }
    }
    return 1;
  }

  /** A machine of {@link #preset}. */
  static Machine machine(String variant) {
    return KmapSim.newMachine(preset(variant));
  }

  /** The discovered variants with SMP ({@code maxCpus() > 1}), failing when there is none. */
  static Stream<String> smp() {
    return where(v -> v.maxCpus() > 1, "with SMP");
  }

  /** The {@code n}th highmem page ({@code max_low_pfn + n}). */
  static Page highPage(Machine machine, long n) {
    return machine.page(machine.maxLowPfn() + n);
  }

  /**
   * The address of kmap slot {@code slot} of CPU {@code cpu} for page {@code pfn}:
   * {@code __fix_to_virt(FIX_KMAP_BEGIN + idx)} with {@code idx = slot + KM_MAX_IDX * cpu}
   * ({@code kmap_local_calc_idx}), or, with N = DCACHE_N_COLORS > 1, xtensa's {@code kmap_idx}:
   * {@code (slot + KM_MAX_IDX * cpu) * N + N - 1 - colour}, the colour being {@code pfn & (N - 1)}.
   */
  static long slotAddress(Machine machine, int cpu, int slot, long pfn) {
    MemoryLayout layout = machine.layout();
    int n = machine.arch().dcacheColours();
    int idx = (slot + machine.config().kmMaxIdx() * cpu) * n + n - 1 - (int) (pfn & (n - 1));
    return layout.fixToVirt(layout.fixKmapBegin() + idx);
  }

  /** {@link #slotAddress(Machine, int, int, long)} for a page. */
  static long slotAddress(Machine machine, int cpu, int slot, Page page) {
    return slotAddress(machine, cpu, slot, page.pfn());
  }

  /** Every fixmap address slot {@code slot} of CPU {@code cpu} can take, one per colour. */
  static List<Long> slotAddresses(Machine machine, int cpu, int slot) {
    int n = machine.arch().dcacheColours();
    return java.util.stream.LongStream.range(0, n)
        .mapToObj(colour -> slotAddress(machine, cpu, slot, colour)).toList();
  }

  /** A physical address of a page. */
  static long physical(Machine machine, Page page, long offset) {
    return (page.pfn() << machine.layout().pageShift()) + offset;
  }

  /** An aligned little-endian long of physical memory, read without translation. */
  static long physicalLong(Machine machine, long physicalAddress) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = value << 8 | (machine.readPhysical(physicalAddress + i) & 0xffL);
    }
    return value;
  }

  /** A value unique to its arguments, mixed so that neighbours differ in many bits. */
  static long pattern(long... parts) {
    long h = 0x5851_F42D_4C95_7F2DL;
    for (long p : parts) {
      h = (h ^ p) * 0x9E37_79B9_7F4A_7C15L;
      h ^= h >>> 29;
    }
    return h == 0 ? 1 : h;
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
