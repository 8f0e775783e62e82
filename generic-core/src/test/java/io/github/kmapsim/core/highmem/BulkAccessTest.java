// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.Toy;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The helpers move their bytes in bulk (one translation per page); each must leave memory and
 * every counter (TLB hits and misses included) exactly as the kernel's loop of byte or word
 * accesses through the same local maps, written here on the CPU's single accesses.
 */
class BulkAccessTest {
  private static final int PAGE = 4096;

  private static byte[] contents(Machine m, long pfn) {
    byte[] b = new byte[PAGE];
    for (int i = 0; i < PAGE; i++) {
      b[i] = m.readPhysical((pfn << 12) + i);
    }
    return b;
  }

  /** Two machines with the same random contents in three pages (two highmem, one lowmem). */
  private static Machine filled(long seed) {
    Machine m = Toy.machine();
    byte[] data = new byte[PAGE];
    SplittableRandom r = new SplittableRandom(seed);
    for (long pfn : new long[] {Toy.HIGH_PFN, Toy.HIGH_PFN + 1, 3}) {
      r.nextBytes(data);
      m.cpu(0).helpers().memcpyToPage(m.page(pfn), 0, data, 0, PAGE);
    }
    return m;
  }

  @TestFactory
  Stream<DynamicTest> helpersMatchTheirAccessLoops() {
    return IntStream.range(0, 40).mapToObj(i -> {
      long seed = 0x5eedL + i;
      return DynamicTest.dynamicTest("seed " + seed, () -> check(seed));
    });
  }

  private static void check(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] pfns = {Toy.HIGH_PFN, Toy.HIGH_PFN + 1, 3};
    long dst = pfns[r.nextInt(3)];
    long src = r.nextInt(4) == 0 ? dst : pfns[r.nextInt(3)];
    int len = r.nextInt(4) == 0 ? r.nextInt(16) : r.nextInt(PAGE + 1);
    int dstOff = r.nextInt(PAGE - len + 1);
    int srcOff = r.nextInt(4) == 0 ? dstOff : r.nextInt(PAGE - len + 1);
    byte val = (byte) r.nextInt();
    String repro = String.format("seed %d: dst pfn %d +%d, src pfn %d +%d, len %d", seed, dst,
        dstOff, src, srcOff, len);

    Machine bulk = filled(seed);
    Machine loop = filled(seed);
    Page bd = bulk.page(dst);
    Page bs = bulk.page(src);
    bulk.cpu(0).helpers().memcpyPage(bd, dstOff, bs, srcOff, len);
    Cpu c = loop.cpu(0);
    long vd = c.kmapLocalPage(loop.page(dst));
    long vs = c.kmapLocalPage(loop.page(src));
    for (int i = 0; i < len; i++) {
      c.writeByte(vd + dstOff + i, c.readByte(vs + srcOff + i));
    }
    c.kunmapLocal(vs);
    c.kunmapLocal(vd);
    same(bulk, loop, dst, "memcpy_page " + repro);

    bulk.cpu(0).helpers().memsetPage(bd, dstOff, val, len);
    vd = c.kmapLocalPage(loop.page(dst));
    for (int i = 0; i < len; i++) {
      c.writeByte(vd + dstOff + i, val);
    }
    c.kunmapLocal(vd);
    same(bulk, loop, dst, "memset_page " + repro);

    byte[] got = new byte[len];
    byte[] want = new byte[len];
    bulk.cpu(0).helpers().memcpyFromPage(got, 0, bs, srcOff, len);
    vs = c.kmapLocalPage(loop.page(src));
    for (int i = 0; i < len; i++) {
      want[i] = c.readByte(vs + srcOff + i);
    }
    c.kunmapLocal(vs);
    assertArrayEquals(want, got, "memcpy_from_page " + repro);
    same(bulk, loop, src, "memcpy_from_page " + repro);

    bulk.cpu(0).helpers().copyHighpage(bd, bs);
    vs = c.kmapLocalPage(loop.page(src));
    vd = c.kmapLocalPage(loop.page(dst));
    for (int i = 0; i < PAGE; i += 8) {
      c.writeLong(vd + i, c.readLong(vs + i));
    }
    c.kunmapLocal(vd);
    c.kunmapLocal(vs);
    same(bulk, loop, dst, "copy_highpage " + repro);

    bulk.cpu(0).helpers().clearHighpage(bs);
    vs = c.kmapLocalPage(loop.page(src));
    for (int i = 0; i < PAGE; i += 8) {
      c.writeLong(vs + i, 0);
    }
    c.kunmapLocal(vs);
    same(bulk, loop, src, "clear_highpage " + repro);
  }

  private static void same(Machine bulk, Machine loop, long pfn, String what) {
    assertArrayEquals(contents(loop, pfn), contents(bulk, pfn), what + ": memory");
    assertEquals(loop.counters(), bulk.counters(), what + ": counters");
  }
}
