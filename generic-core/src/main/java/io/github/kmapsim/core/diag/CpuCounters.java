// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import io.github.kmapsim.api.Counters;
import java.util.List;

/**
 * One CPU's counters. Each is written only by the thread driving that CPU (or under the scheduler
 * lock); {@link #sum} reads them all into an immutable {@link Counters}.
 */
public final class CpuCounters {
  public long localMaps;
  public long localUnmaps;
  public long atomicMaps;
  public long lowmemShortcuts;
  public long pteWrites;
  public long pteClears;
  public long tlbLocalFlushes;
  public long tlbRangeFlushes;
  public long tlbFullFlushes;
  public long ipis;
  public long lazyMmuFlushes;
  public long cacheFlushes;
  public long contextSwitches;
  public long switchesWithMaps;
  public long slotsSaved;
  public long slotsRestored;
  public long tlbHits;
  public long tlbMisses;
  public long warnings;
  public long persistentMaps;
  public long persistentUnmaps;
  public long pkmapFlushes;
  public long pkmapSleeps;
  public long ioMaps;

  /** The counters' names, in the order of {@link #toArray()} and of {@link Counters}. */
  public static final List<String> NAMES = List.of("localMaps", "localUnmaps", "atomicMaps",
      "lowmemShortcuts", "pteWrites", "pteClears", "tlbLocalFlushes", "tlbRangeFlushes",
      "tlbFullFlushes", "ipis", "lazyMmuFlushes", "cacheFlushes", "contextSwitches",
      "switchesWithMaps", "slotsSavedOnSwitch", "slotsRestoredOnSwitch", "tlbHits", "tlbMisses",
      "warnings", "persistentMaps", "persistentUnmaps", "pkmapFlushes", "pkmapSleeps", "ioMaps");

  /** The counters as an array, in the order of {@link #NAMES}. */
  public long[] toArray() {
    return new long[] {localMaps, localUnmaps, atomicMaps, lowmemShortcuts, pteWrites, pteClears,
        tlbLocalFlushes, tlbRangeFlushes, tlbFullFlushes, ipis, lazyMmuFlushes, cacheFlushes,
        contextSwitches, switchesWithMaps, slotsSaved, slotsRestored, tlbHits, tlbMisses, warnings,
        persistentMaps, persistentUnmaps, pkmapFlushes, pkmapSleeps, ioMaps};
  }

  /** Sets every counter from an array in the order of {@link #NAMES}. */
  public void set(long[] s) {
    localMaps = s[0];
    localUnmaps = s[1];
    atomicMaps = s[2];
    lowmemShortcuts = s[3];
    pteWrites = s[4];
    pteClears = s[5];
    tlbLocalFlushes = s[6];
    tlbRangeFlushes = s[7];
    tlbFullFlushes = s[8];
    ipis = s[9];
    lazyMmuFlushes = s[10];
    cacheFlushes = s[11];
    contextSwitches = s[12];
    switchesWithMaps = s[13];
    slotsSaved = s[14];
    slotsRestored = s[15];
    tlbHits = s[16];
    tlbMisses = s[17];
    warnings = s[18];
    persistentMaps = s[19];
    persistentUnmaps = s[20];
    pkmapFlushes = s[21];
    pkmapSleeps = s[22];
    ioMaps = s[23];
  }

  /** The counters of every CPU, summed into a snapshot. */
  public static Counters sum(CpuCounters[] cpus) {
    long[] s = new long[NAMES.size()];
    for (CpuCounters c : cpus) {
      long[] a = c.toArray();
      for (int i = 0; i < s.length; i++) {
        s[i] += a[i];
      }
    }
    return new Counters(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11],
        s[12], s[13], s[14], s[15], s[16], s[17], s[18], s[19], s[20], s[21], s[22], s[23]);
  }
}
