// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.Variants.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel virtual memory layout of every variant, as a machine reports it: the lowmem direct
 * map, pkmap, vmalloc and the fixmap are disjoint, the kmap window lies inside the fixmap, and
 * {@code __fix_to_virt(FIX_KMAP_BEGIN + slot + KM_MAX_IDX * cpu)} gives every (CPU, slot) of
 * NR_CPUS x KM_MAX_IDX its own page in [FIXADDR_START, FIXADDR_TOP] (every (CPU, slot, colour)
 * with xtensa's colour-aware index), which {@code __virt_to_fix} maps back.
 */
class MemoryLayoutTest {

  /** Every variant with the preset's CPUs (with and without DEBUG_KMAP_LOCAL) and its maximum. */
  static Stream<Arguments> layouts() {
    return Variants.all().flatMap(v -> Stream.of(
        Arguments.of(v, Variants.cpus(v, MachineConfig.DEFAULT_CPUS), false),
        Arguments.of(v, Variants.cpus(v, MachineConfig.DEFAULT_CPUS), true),
        Arguments.of(v, KmapSim.variant(v).maxCpus(), false)));
  }

  /** A named range {@code [start, end)}. */
  private record Range(String name, long start, long end) {
    boolean overlaps(Range o) {
      return start < o.end && o.start < end;
    }

    boolean contains(Range o) {
      return start <= o.start && o.end <= end;
    }

    @Override
    public String toString() {
      return name + " [" + hex(start) + ", " + hex(end) + ")";
    }
  }

  /**
   * Lowmem, vmalloc, pkmap, the fixmap (and arch regions such as x86's cpu_entry) do not overlap;
   * the kmap window lies in the fixmap and FIX_KMAP_END has KM_MAX_IDX slots per CPU.
   */
  @ParameterizedTest(name = "{0} NR_CPUS={1} debugKmapLocal={2}")
  @MethodSource("layouts")
  void regionsAreDisjointAndTheKmapWindowSitsInTheFixmap(String variant, int cpus, boolean debug) {
    Machine m = machine(variant, cpus, debug);
    MemoryLayout l = m.layout();
    long ps = l.pageSize();
    long highMemory = l.pageOffset() + (m.maxLowPfn() << l.pageShift());
    Range lowmem = new Range("lowmem", l.pageOffset(), highMemory);
    Range vmalloc = new Range("vmalloc", l.vmallocStart(highMemory), l.vmallocEnd());
    Range pkmap = new Range("pkmap", l.pkmapBase(), l.pkmapBase() + l.lastPkmap() * ps);
    Range fixmap = new Range("fixmap", l.fixaddrStart(), l.fixaddrTop() + ps);
    KmapWindow window = KmapWindow.of(l);
    Range kmap = new Range("kmap window", window.start(), window.end());
    List<Range> regions = new ArrayList<>(List.of(lowmem, vmalloc, pkmap, fixmap));
    l.archRegions().forEach(r -> regions.add(new Range(r.name(), r.start(), r.end())));

    assertTrue(m.maxLowPfn() > 0 && m.maxLowPfn() < m.maxPfn(), "the preset has highmem");
    for (Range r : regions) {
      assertTrue(r.start < r.end, r + " is not empty");
      assertEquals(0, r.start % ps, r + " starts on a page");
    }
    for (int i = 0; i < regions.size(); i++) {
      for (int j = i + 1; j < regions.size(); j++) {
        Range r = regions.get(i);
        Range s = regions.get(j);
        assertFalse(r.overlaps(s), r + " overlaps " + s);
      }
    }
    assertTrue(fixmap.contains(kmap), kmap + " lies in " + fixmap);
    assertEquals(l.fixKmapBegin() + m.config().kmMaxIdx() * cpus * m.arch().dcacheColours() - 1,
        l.fixKmapEnd(), "FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS (* DCACHE_N_COLORS)"
            + " - 1");
  }

  /**
   * Each (CPU, slot) has a distinct page-aligned fixmap address in [FIXADDR_START, FIXADDR_TOP];
   * {@code __virt_to_fix} inverts {@code __fix_to_virt} for every index up to FIX_KMAP_END.
   */
  @ParameterizedTest(name = "{0} NR_CPUS={1} debugKmapLocal={2}")
  @MethodSource("layouts")
  void everyCpuSlotHasItsOwnFixmapPage(String variant, int cpus, boolean debug) {
    Machine m = machine(variant, cpus, debug);
    MemoryLayout l = m.layout();
    int kmMaxIdx = m.config().kmMaxIdx();
    int colours = m.arch().dcacheColours();
    Set<Long> seen = new HashSet<>();
    long windowBytes = 0;
    for (int cpu = 0; cpu < cpus; cpu++) {
      KmapWindow own = KmapWindow.ofCpu(l, cpu, kmMaxIdx * colours);
      assertEquals(kmMaxIdx * colours * l.pageSize(), own.size(), "CPU" + cpu + "'s window");
      assertTrue(own.start() >= KmapWindow.of(l).start() && own.end() <= KmapWindow.of(l).end(),
          "CPU" + cpu + "'s window lies in the kmap window");
      windowBytes += own.size();
      for (int slot = 0; slot < kmMaxIdx * colours; slot++) {
        int idx = l.fixKmapBegin() + (slot / colours + kmMaxIdx * cpu) * colours
            + colours - 1 - slot % colours;
        long va = Variants.slotAddress(m, cpu, slot / colours, slot % colours);
        String what = "CPU" + cpu + " slot " + slot / colours + " colour " + slot % colours
            + " at " + hex(va);
        assertEquals(va, l.fixToVirt(idx), what);
        assertEquals(0, va & (l.pageSize() - 1), what + " is page aligned");
        assertTrue(va >= l.fixaddrStart() && va <= l.fixaddrTop(),
            what + " lies in [FIXADDR_START " + hex(l.fixaddrStart()) + ", FIXADDR_TOP "
                + hex(l.fixaddrTop()) + "]");
        assertTrue(seen.add(va), what + " is shared");
        assertTrue(own.contains(va), what + " lies in its CPU's window");
        assertEquals(idx, l.virtToFix(va + l.pageSize() - 1), what + ": __virt_to_fix");
      }
    }
    assertEquals(KmapWindow.of(l).size(), windowBytes, "the CPUs' windows fill the kmap window");
    for (int idx = 0; idx <= l.fixKmapEnd(); idx++) {
      assertEquals(idx, l.virtToFix(l.fixToVirt(idx)), "__virt_to_fix(__fix_to_virt(" + idx + "))");
    }
  }

  private static Machine machine(String variant, int cpus, boolean debug) {
    return KmapSim.newMachine(
        MachineConfig.preset(variant).toBuilder().cpus(cpus).debugKmapLocal(debug).build());
  }
}
