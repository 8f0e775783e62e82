// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Snapshots share what did not change since the last one taken or restored, and a restore
 * rewrites only what may differ: random writes (lowmem and highmem, word and bulk), maps and
 * unmaps, snapshots, and restores of any earlier snapshot, in any order; after each restore
 * memory holds exactly the bytes it held when that snapshot was taken (read back byte by byte,
 * independently of the snapshot's own copies), and the machine's snapshot equals it.
 */
class IncrementalSnapshotTest {
  private static final int PAGE = 4096;
  private static final long[] PFNS = {3, 4, 5, Toy.HIGH_PFN, Toy.HIGH_PFN + 1, Toy.HIGH_PFN + 2,
      Toy.HIGH_PFN + 3};

  /** The bytes of every page the test touches, read through physical memory. */
  private static byte[] dump(Machine m) {
    byte[] out = new byte[PFNS.length * PAGE];
    for (int p = 0; p < PFNS.length; p++) {
      for (int i = 0; i < PAGE; i++) {
        out[p * PAGE + i] = m.readPhysical((PFNS[p] << 12) + i);
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> restoresAreExactInAnyOrder() {
    return IntStream.range(0, 12).mapToObj(i -> {
      long seed = 0xc0ffeeL + i;
      return DynamicTest.dynamicTest("seed " + seed, () -> run(seed));
    });
  }

  private static void run(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Machine m = Toy.machine();
    Task t = m.createTask("t", 0);
    m.schedule(0, t);
    Cpu cpu = m.cpu(0);
    List<MachineSnapshot> snaps = new ArrayList<>();
    List<byte[]> dumps = new ArrayList<>();
    StringBuilder log = new StringBuilder("seed " + seed + ":");
    for (int step = 0; step < 60; step++) {
      int what = r.nextInt(12);
      Page page = m.page(PFNS[r.nextInt(PFNS.length)]);
      if (what < 4) {
        long off = 8L * r.nextInt(PAGE / 8);
        long value = r.nextInt(3) == 0 ? 0 : r.nextLong();
        long va = cpu.kmapLocalPage(page);
        cpu.writeLong(va + off, value);
        cpu.kunmapLocal(va);
        log.append(" write ").append(page.pfn()).append('+').append(off);
      } else if (what < 5) {
        cpu.helpers().memsetPage(page, r.nextInt(PAGE / 2), (byte) r.nextInt(), r.nextInt(PAGE / 2));
        log.append(" memset ").append(page.pfn());
      } else if (what < 6) {
        cpu.helpers().clearHighpage(page);
        log.append(" clear ").append(page.pfn());
      } else if (what == 10 && t.kmapIdx() < 4) {
        cpu.kmapLocalPage(page); // held across snapshots: a live PTE and TLB entry
        log.append(" kmap ").append(page.pfn());
      } else if (what == 11 && !t.liveMaps().isEmpty()) {
        cpu.kunmapLocal(t.liveMaps().get(t.liveMaps().size() - 1).vaddr());
        log.append(" kunmap");
      } else if (what < 8 || snaps.isEmpty()) {
        snaps.add(m.snapshot());
        dumps.add(dump(m));
        log.append(" snap#").append(snaps.size() - 1);
      } else {
        int k = r.nextInt(snaps.size());
        log.append(" restore#").append(k);
        m.restore(snaps.get(k));
        assertArrayEquals(dumps.get(k), dump(m), log.toString());
        assertEquals(snaps.get(k), m.snapshot(), log.toString());
      }
    }
    for (int k = snaps.size() - 1; k >= 0; k--) {
      m.restore(snaps.get(k));
      assertArrayEquals(dumps.get(k), dump(m), log + " final restore#" + k);
      MachineSnapshot again = m.snapshot();
      assertEquals(snaps.get(k), again, log + " final restore#" + k);
      assertTrue(snaps.get(k).diff(again).isEmpty(), log.toString());
    }
  }
}
