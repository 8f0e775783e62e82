// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import io.github.kmapsim.api.Counters;

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

  /** The counters of every CPU, summed into a snapshot. */
  public static Counters sum(CpuCounters[] cpus) {
    long[] s = new long[24];
    for (CpuCounters c : cpus) {
      s[0] += c.localMaps;
      s[1] += c.localUnmaps;
      s[2] += c.atomicMaps;
      s[3] += c.lowmemShortcuts;
      s[4] += c.pteWrites;
      s[5] += c.pteClears;
      s[6] += c.tlbLocalFlushes;
      s[7] += c.tlbRangeFlushes;
      s[8] += c.tlbFullFlushes;
      s[9] += c.ipis;
      s[10] += c.lazyMmuFlushes;
      s[11] += c.cacheFlushes;
      s[12] += c.contextSwitches;
      s[13] += c.switchesWithMaps;
      s[14] += c.slotsSaved;
      s[15] += c.slotsRestored;
      s[16] += c.tlbHits;
      s[17] += c.tlbMisses;
      s[18] += c.warnings;
      s[19] += c.persistentMaps;
      s[20] += c.persistentUnmaps;
      s[21] += c.pkmapFlushes;
      s[22] += c.pkmapSleeps;
      s[23] += c.ioMaps;
    }
    return new Counters(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11],
        s[12], s[13], s[14], s[15], s[16], s[17], s[18], s[19], s[20], s[21], s[22], s[23]);
  }
}
