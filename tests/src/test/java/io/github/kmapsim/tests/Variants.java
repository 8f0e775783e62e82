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

  /** The variants of arch-x86, arch-arm, arch-mips, arch-xtensa, arch-arc and arch-nds32. */
  static final List<String> SHIPPED = List.of("arc", "arc-pae40", "arm", "arm-lpae", "arm-vivt",
      "mips", "mips-16k", "nds32", "x86", "x86-pae", "xtensa", "xtensa-c2");

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

  /** The discovered variants with more than one CPU: what a cross-CPU test runs on. */
  static Stream<String> smp() {
    return where(v -> v.maxCpus() > 1, "with more than one CPU");
  }

  /** {@code wanted} CPUs, or as many as the variant has (nds32 is a uniprocessor). */
  static int cpus(String variant, int wanted) {
    return Math.min(wanted, KmapSim.variant(variant).maxCpus());
  }

  /**
   * The most CPUs up to {@code wanted} whose kernel the variant builds with (or without)
   * DEBUG_KMAP_LOCAL: ARC's fixmap is one PTE table, so 16 CPUs fit KM_MAX_IDX 16 and only 7
   * KM_MAX_IDX 33; nds32 has one CPU.
   */
  static int buildableCpus(String variant, int wanted, boolean debug) {
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

  /** The variant's preset (2 GiB) with its 4 CPUs, or as many as the variant has. */
  static MachineConfig config(String variant) {
    return MachineConfig.preset(variant).toBuilder()
        .cpus(cpus(variant, MachineConfig.DEFAULT_CPUS)).build();
  }

  /** A machine of {@link #config}. */
  static Machine machine(String variant) {
    return KmapSim.newMachine(config(variant));
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
