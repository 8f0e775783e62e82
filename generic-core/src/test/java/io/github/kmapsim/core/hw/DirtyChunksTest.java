// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's incremental snapshots against a plain model: {@link PhysicalMemory} marks the pages
 * written since the last capture or restore (RAM by chunk bitmaps, frames above RAM as a whole),
 * and {@link KernelPageTable} the 512-entry chunks; whatever the order of writes, captures and
 * restores, a capture holds exactly the non-zero pages (the entries) and a restore brings back
 * exactly a capture's contents. Seeded: a failure prints the seed and the operations that led to
 * it.
 */
class DirtyChunksTest {
  private static final long RAM = 3 * 1024 + 77; // three full 1024-page chunks and a partial one
  private static final int WORDS = 512;

  @TestFactory
  Stream<DynamicTest> memoryCapturesAndRestoresFollowTheModel() {
    return LongStream.rangeClosed(1, 40).mapToObj(seed -> DynamicTest.dynamicTest(
        "seed " + seed, () -> memoryRun(seed)));
  }

  private static void memoryRun(long seed) {
    Random r = new Random(seed);
    PhysicalMemory mem = new PhysicalMemory(RAM, 12);
    Map<Long, long[]> model = new TreeMap<>();
    List<HardwareState.MemoryPages> snaps = new ArrayList<>();
    List<Map<Long, long[]>> snapModels = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    long[] hot = {0, 63, 64, 1023, 1024, RAM - 1, RAM, RAM + 5, 2048 + r.nextInt(1000)};
    try {
      for (int step = 0; step < 300; step++) {
        int op = r.nextInt(10);
        if (op < 6) {
          long pfn = r.nextBoolean() ? hot[r.nextInt(hot.length)] : r.nextInt((int) RAM + 8);
          int w = r.nextInt(WORDS);
          long v = r.nextInt(4) == 0 ? 0 : r.nextLong();
          ops.add("write pfn " + pfn + " word " + w + " = " + v);
          mem.pageForWrite(pfn)[w] = v;
          model.computeIfAbsent(pfn, p -> new long[WORDS])[w] = v;
        } else if (op < 8) {
          ops.add("capture #" + snaps.size());
          HardwareState.MemoryPages s = mem.capture();
          check(model, s);
          snaps.add(s);
          snapModels.add(copy(model));
        } else if (!snaps.isEmpty()) {
          int k = r.nextInt(snaps.size());
          ops.add("restore #" + k);
          mem.restore(snaps.get(k));
          model = copy(snapModels.get(k));
          for (long pfn : touched(model, mem)) {
            long[] want = model.getOrDefault(pfn, new long[WORDS]);
            assertArrayEquals(want, mem.page(pfn), "pfn " + pfn);
          }
          check(model, mem.capture());
        }
      }
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ", operations:\n  " + String.join("\n  ", ops),
          e);
    }
  }

  private static List<Long> touched(Map<Long, long[]> model, PhysicalMemory mem) {
    List<Long> pfns = new ArrayList<>(model.keySet());
    for (long pfn = 0; pfn < RAM + 8; pfn += 1) {
      if (!model.containsKey(pfn) && (pfn % 61 == 0 || pfn >= RAM)) {
        pfns.add(pfn);
      }
    }
    return pfns;
  }

  private static Map<Long, long[]> copy(Map<Long, long[]> m) {
    Map<Long, long[]> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** The capture holds exactly the model's non-zero pages, in pfn order. */
  private static void check(Map<Long, long[]> model, HardwareState.MemoryPages s) {
    List<Long> want = new ArrayList<>();
    model.forEach((pfn, page) -> {
      if (Arrays.stream(page).anyMatch(x -> x != 0)) {
        want.add(pfn);
      }
    });
    assertEquals(want, Arrays.stream(s.pfns()).boxed().toList(), "captured pfns");
    for (int i = 0; i < s.pfns().length; i++) {
      assertArrayEquals(model.get(s.pfns()[i]), s.data()[i], "captured pfn " + s.pfns()[i]);
    }
  }

  @Test
  void aCaptureWithNothingWrittenIsTheLastOneAndARewrittenEqualPageKeepsItsCopy() {
    PhysicalMemory mem = new PhysicalMemory(RAM, 12);
    mem.pageForWrite(5)[0] = 7;
    mem.pageForWrite(RAM + 1)[1] = 9;
    HardwareState.MemoryPages first = mem.capture();
    assertSame(first, mem.capture(), "nothing written: the same snapshot");
    mem.pageForWrite(5)[0] = 7;
    HardwareState.MemoryPages again = mem.capture();
    assertSame(first.data()[0], again.data()[0], "an equal page shares the earlier copy");
    mem.pageForWrite(6)[0] = 1;
    HardwareState.MemoryPages third = mem.capture();
    assertSame(first.data()[0], third.data()[0], "pfn 5, not written, is shared");
    assertArrayEquals(new long[] {5, 6, RAM + 1}, third.pfns());
  }

  @TestFactory
  Stream<DynamicTest> pageTableCopiesAndRestoresFollowTheModel() {
    return LongStream.rangeClosed(1, 40).mapToObj(seed -> DynamicTest.dynamicTest(
        "seed " + seed, () -> pageTableRun(seed)));
  }

  private static void pageTableRun(long seed) {
    Random r = new Random(seed);
    int main = 1300;
    int extra = 600;
    KernelPageTable pt = new KernelPageTable(0x1000, main, 0x8000, extra, 0);
    long[] model = new long[main + extra];
    List<long[][]> copies = new ArrayList<>();
    List<long[]> copyModels = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    try {
      for (int step = 0; step < 300; step++) {
        int op = r.nextInt(10);
        if (op < 6) {
          int e = r.nextBoolean() ? new int[] {0, 511, 512, 1023, 1024, main - 1, main,
              main + extra - 1}[r.nextInt(8)] : r.nextInt(main + extra);
          long v = r.nextInt(4) == 0 ? 0 : r.nextLong();
          ops.add("set " + e + " = " + v);
          pt.set(e, v);
          model[e] = v;
        } else if (op < 8) {
          ops.add("copy #" + copies.size());
          long[][] c = pt.copy();
          for (int e = 0; e < model.length; e++) {
            assertEquals(model[e], KernelPageTable.entry(c, e), "entry " + e);
          }
          copies.add(c);
          copyModels.add(model.clone());
        } else if (!copies.isEmpty()) {
          int k = r.nextInt(copies.size());
          ops.add("restore #" + k);
          pt.restore(copies.get(k));
          model = copyModels.get(k).clone();
          for (int e = 0; e < model.length; e++) {
            assertEquals(model[e], pt.get(e), "entry " + e);
          }
          assertEquals(true, KernelPageTable.same(copies.get(k), pt.copy()));
        }
      }
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ", operations:\n  " + String.join("\n  ", ops),
          e);
    }
  }

  @Test
  void aCopySharesTheChunksNotWrittenSinceTheLastAndSameComparesEntries() {
    KernelPageTable pt = new KernelPageTable(0x1000, 1300, 0x8000, 0, 0);
    long[][] a = pt.copy();
    pt.set(700, 5);
    long[][] b = pt.copy();
    assertSame(a[0], b[0]);
    assertSame(a[2], b[2]);
    assertEquals(5, KernelPageTable.entry(b, 700));
    assertEquals(false, KernelPageTable.same(a, b));
    pt.set(700, 0);
    long[][] c = pt.copy();
    assertEquals(true, KernelPageTable.same(a, c), "equal entries, other arrays");
    assertEquals(false, KernelPageTable.same(a, new long[][] {a[0]}), "another length");
    assertEquals(276, a[2].length, "the last chunk is the rest of the table");
    assertSame(c[1], pt.copy()[1], "nothing written since: the same chunk");
    pt.set(600, 9);
    pt.restore(a);
    assertSame(a[1], pt.copy()[1], "restored: the chunk is the restored copy's again");
  }
}
