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

  /** The variants of arch-x86, arch-arm and arch-mips. */
  static final List<String> SHIPPED =
      List.of("arm", "arm-lpae", "arm-vivt", "mips", "mips-16k", "x86", "x86-pae");

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

  /** A machine of the variant's preset (4 CPUs, 2 GiB). */
  static Machine machine(String variant) {
    return KmapSim.newMachine(MachineConfig.preset(variant));
  }

  /** The {@code n}th highmem page ({@code max_low_pfn + n}). */
  static Page highPage(Machine machine, long n) {
    return machine.page(machine.maxLowPfn() + n);
  }

  /** {@code __fix_to_virt(FIX_KMAP_BEGIN + slot + KM_MAX_IDX * cpu)}: a kmap slot's address. */
  static long slotAddress(Machine machine, int cpu, int slot) {
    MemoryLayout layout = machine.layout();
    return layout.fixToVirt(layout.fixKmapBegin() + slot + machine.config().kmMaxIdx() * cpu);
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
