// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.Variants.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Aliases on a VIVT D-cache ({@code cache_is_vivt()}, arm-vivt): a line belongs to a virtual
 * address, so {@code arch_kmap_local_pre_unmap()} must write the page's lines back before the slot
 * goes, or the page read through its next mapping is wrong; and {@code arch_kmap_local_high_get()}
 * ({@code kmap_high_get}) hands back a page's existing pkmap address instead of making a second
 * alias, with kunmap_local of that address going back through {@code kunmap_high}.
 */
class VivtAliasTest {

  private static final long DATA = 0x5eed_f00d_cafe_d00dL;

  /** The discovered variants with a VIVT D-cache; arm-vivt must be one. */
  static Stream<String> vivt() {
    List<String> names = Variants.where(v -> v.cacheType() == CacheType.VIVT, "with a VIVT D-cache")
        .toList();
    assertTrue(names.contains("arm-vivt"), names::toString);
    return names.stream();
  }

  /**
   * The VIVT variants with ARCH_NEEDS_KMAP_HIGH_GET (arm-vivt); sparc's VIVT caches have no
   * {@code kmap_high_get} and rely on flushing the whole cache instead.
   */
  static Stream<String> vivtWithKmapHighGet() {
    List<String> names = vivt().filter(n -> KmapSim.variant(n).hooks().needsKmapHighGet())
        .toList();
    assertTrue(names.contains("arm-vivt"), names::toString);
    return names.stream();
  }

  /** With the real pre_unmap flush the page reads back correctly through another address. */
  @ParameterizedTest
  @MethodSource("vivt")
  void withThePreUnmapFlushThePageReadsBackThroughANewAddress(String variant) {
    Machine m = Variants.machine(variant);
    Page page = Variants.highPage(m, 1);

    assertEquals(hex(DATA), hex(writeUnmapRemapRead(m, page)));

    assertEquals(hex(DATA), hex(Variants.physicalLong(m, Variants.physical(m, page, 0))));
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }

  /**
   * A port whose pre_unmap does nothing leaves the data in a dirty line of the old address: the
   * new mapping reads what memory holds (not the data), and the checker reports the orphaned
   * dirty line.
   */
  @ParameterizedTest
  @MethodSource("vivt")
  void withoutThePreUnmapFlushTheDataIsVisiblyLost(String variant) {
    Machine m = DelegatingVariant.machine(MachineConfig.preset(variant), "no-dcache-flush",
        new DelegatingVariant.Hooks(variant) {
          @Override
          public void preUnmap(HardwareServices hw, long vaddr) {}
        });
    Page page = Variants.highPage(m, 1);

    long read = writeUnmapRemapRead(m, page);

    assertNotEquals(hex(DATA), hex(read), "the new alias misses the dirty line");
    assertEquals(0, read, "it reads the page's old (zero) contents from memory");
    assertEquals(0, Variants.physicalLong(m, Variants.physical(m, page, 0)));
    assertTrue(m.checkInvariants().stream()
        .anyMatch(v -> v.code() == InvariantViolation.Code.ORPHANED_DIRTY_LINE),
        () -> "invariants: " + m.checkInvariants());
  }

  /**
   * kmap() then kmap_local_page() of the same page: the pkmap address again (pinned by
   * kmap_high_get, pkmap_count rises, no slot pushed), and kunmap_local of it is kunmap_high.
   */
  @ParameterizedTest
  @MethodSource("vivtWithKmapHighGet")
  void kmapLocalOfAKmappedPageReusesThePkmapAddress(String variant) {
    Machine m = Variants.machine(variant);
    MemoryLayout layout = m.layout();
    Cpu cpu = m.cpu(0);
    Page page = Variants.highPage(m, 1);
    long pk = cpu.kmap(page).vaddr();
    int nr = (int) ((pk - layout.pkmapBase()) >>> layout.pageShift());
    assertTrue(nr >= 0 && nr < layout.lastPkmap(), () -> hex(pk) + " is a pkmap address");
    assertEquals(2, m.pkmapCount(nr), "kmap: in use once");

    long local = cpu.kmapLocalPage(page);

    assertEquals(hex(pk), hex(local), "kmap_high_get returned the pkmap address");
    assertEquals(3, m.pkmapCount(nr), "kmap_high_get pinned the entry");
    assertEquals(0, cpu.current().kmapIdx(), "no kmap_local slot was pushed");
    assertEquals(List.of(), cpu.current().liveMaps());
    assertEquals(0, m.counters().localMaps());
    cpu.writeLong(local + 8, DATA);

    cpu.kunmapLocal(local + 8);

    assertEquals(2, m.pkmapCount(nr), "kunmap_local went back through kunmap_high");
    assertEquals(1, m.counters().persistentUnmaps());
    assertEquals(DATA, cpu.readLong(pk + 8), "the kmap() mapping is still there");
    cpu.kunmap(page);
    assertEquals(1, m.pkmapCount(nr), "unused, kept until the next flush");
    assertEquals(List.of(), m.checkInvariants());
    assertEquals(List.of(), m.diagnostics());
  }

  /**
   * Writes {@link #DATA} through a local map, unmaps it, maps another page into that slot and the
   * page again one slot up, reads it there and unmaps both.
   */
  private static long writeUnmapRemapRead(Machine m, Page page) {
    Cpu cpu = m.cpu(0);
    long first = cpu.kmapLocalPage(page);
    cpu.writeLong(first, DATA);
    cpu.kunmapLocal(first);
    long other = cpu.kmapLocalPage(Variants.highPage(m, 2));
    long again = cpu.kmapLocalPage(page);
    assertEquals(hex(first), hex(other), "the other page takes the first slot");
    assertEquals(hex(Variants.slotAddress(m, 0, 1, page)), hex(again), "the page comes back elsewhere");
    long value = cpu.readLong(again);
    cpu.kunmapLocal(again);
    cpu.kunmapLocal(other);
    return value;
  }
}
