// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.core.sched.SimTask;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The mm/highmem.c part of a machine snapshot, immutable: the persistent kmap pool ({@code
 * pkmap_count}, {@code last_pkmap_nr} per colour, {@code page_address} of the pkmapped pages,
 * who holds each entry, the wait queues) and the io_mappings (the live ones and the ioremap
 * cursor). The slots of kmap_local are in the tasks' {@code kmap_ctrl} and the page table. Tasks
 * are compared by name.
 */
public final class HighmemState {
  private final int[] count;
  private final int[] lastPkmapNr;
  /** {@code page_address()}: pairs of pfn and entry, in entry order. */
  private final long[] pageAddress;
  private final SimTask[][] holders;
  private final SimTask[][] waitQueues;
  private final long nextIoremap;
  private final IoMapping[] live;

  HighmemState(int[] count, int[] lastPkmapNr, long[] pageAddress, SimTask[][] holders,
      SimTask[][] waitQueues, long nextIoremap, IoMapping[] live) {
    this.count = count;
    this.lastPkmapNr = lastPkmapNr;
    this.pageAddress = pageAddress;
    this.holders = holders;
    this.waitQueues = waitQueues;
    this.nextIoremap = nextIoremap;
    this.live = live;
  }

  int[] count() {
    return count;
  }

  int[] lastPkmapNr() {
    return lastPkmapNr;
  }

  long[] pageAddress() {
    return pageAddress;
  }

  SimTask[][] holders() {
    return holders;
  }

  SimTask[][] waitQueues() {
    return waitQueues;
  }

  long nextIoremap() {
    return nextIoremap;
  }

  IoMapping[] live() {
    return live;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HighmemState h && Arrays.equals(h.count, count)
        && Arrays.equals(h.lastPkmapNr, lastPkmapNr) && Arrays.equals(h.pageAddress, pageAddress)
        && Arrays.deepEquals(names(h.holders), names(holders))
        && Arrays.deepEquals(names(h.waitQueues), names(waitQueues))
        && h.nextIoremap == nextIoremap && Arrays.equals(h.live, live);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(count), Arrays.hashCode(lastPkmapNr), nextIoremap,
        Arrays.hashCode(live));
  }

  private static String[][] names(SimTask[][] tasks) {
    String[][] n = new String[tasks.length][];
    for (int i = 0; i < tasks.length; i++) {
      n[i] = Arrays.stream(tasks[i]).map(SimTask::name).toArray(String[]::new);
    }
    return n;
  }

  /** Adds a line for each difference from {@code after}. */
  public void diff(HighmemState after, List<String> out) {
    for (int i = 0; i < Math.min(count.length, after.count.length); i++) {
      if (count[i] != after.count[i]) {
        out.add(String.format("pkmap_count[%d]: %d -> %d", i, count[i], after.count[i]));
      }
    }
    if (!Arrays.equals(lastPkmapNr, after.lastPkmapNr)) {
      out.add("last_pkmap_nr: " + Arrays.toString(lastPkmapNr) + " -> "
          + Arrays.toString(after.lastPkmapNr));
    }
    if (!Arrays.equals(pageAddress, after.pageAddress)) {
      out.add("page_address (pfn, pkmap entry): " + pairs(pageAddress) + " -> "
          + pairs(after.pageAddress));
    }
    String[][] h = names(holders);
    String[][] g = names(after.holders);
    for (int i = 0; i < Math.min(h.length, g.length); i++) {
      if (!Arrays.equals(h[i], g[i])) {
        out.add(String.format("pkmap entry %d holders: %s -> %s", i, Arrays.toString(h[i]),
            Arrays.toString(g[i])));
      }
    }
    if (!Arrays.deepEquals(names(waitQueues), names(after.waitQueues))) {
      out.add("pkmap wait queues: " + Arrays.deepToString(names(waitQueues)) + " -> "
          + Arrays.deepToString(names(after.waitQueues)));
    }
    if (nextIoremap != after.nextIoremap) {
      out.add(String.format("next ioremap address: 0x%x -> 0x%x", nextIoremap,
          after.nextIoremap));
    }
    if (!Arrays.equals(live, after.live)) {
      out.add("live io_mappings: " + Arrays.toString(live) + " -> "
          + Arrays.toString(after.live));
    }
  }

  private static String pairs(long[] p) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < p.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append(String.format("0x%x:%d", p[i], p[i + 1]));
    }
    return sb.append('}').toString();
  }
}
