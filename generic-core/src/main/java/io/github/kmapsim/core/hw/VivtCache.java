// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import io.github.kmapsim.api.InvariantViolation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CPU's virtually indexed, virtually tagged write-back D-cache ({@code cache_is_vivt()}).
 * Lines are whole pages keyed by virtual page: a write stays in its line until a flush writes it
 * back, and a line answers for its virtual address until it is flushed, whatever that address
 * maps now. It has no capacity evictions, so a missing flush is always visible. Only variants
 * with {@link io.github.kmapsim.spi.CacheType#VIVT} have one; it is off the fast path of the
 * others.
 */
final class VivtCache {
  /** A cached virtual page: the frame it was filled from and its (possibly dirty) contents. */
  private static final class Line {
    final long pfn;
    final long[] data;
    boolean dirty;

    Line(long pfn, long[] data) {
      this.pfn = pfn;
      this.data = data;
    }
  }

  private final Map<Long, Line> lines = new HashMap<>();
  private final Mmu mmu;
  private final PhysicalMemory memory;
  private final int pageShift;
  private final long ramPages;

  VivtCache(Mmu mmu, PhysicalMemory memory, int pageShift, long ramPages) {
    this.mmu = mmu;
    this.memory = memory;
    this.pageShift = pageShift;
    this.ramPages = ramPages;
  }

  /**
   * The line for {@code vaddr}, filled from memory through the MMU on a miss. Device memory
   * (frames beyond RAM, reached only through io_mapping's uncached or write-combining mappings)
   * bypasses the cache. A store that hits also asks the MMU, for its write permission; a read
   * that hits is served from the line alone (a simplification: the hardware checks both).
   */
  long[] line(long vaddr, boolean write) {
    long vpn = vaddr >>> pageShift;
    Line line = lines.get(vpn);
    if (line == null) {
      long pa = mmu.translate(vaddr);
      long[] backing = mmu.storage(vaddr, write);
      if (pa >>> pageShift >= ramPages) {
        return backing;
      }
      line = new Line(pa >>> pageShift, backing.clone());
      lines.put(vpn, line);
    } else if (write) {
      mmu.storage(vaddr, true); // a store that hits still needs the MMU's write permission
    }
    line.dirty |= write;
    return line.data;
  }

  /** Throws the fault {@link #line} would throw for this access, changing nothing. */
  void probe(long vaddr, boolean write) {
    if (write || !lines.containsKey(vaddr >>> pageShift)) {
      mmu.probe(vaddr, write);
    }
  }

  /**
   * {@code __cpuc_flush_dcache_area}: writes back and invalidates the lines of a range. It works
   * by virtual address (clean and invalidate by MVA), so each dirty line is written back through
   * the MMU's current translation of its address, the TLB's or the page table's: a line whose
   * address no longer translates (the flush came after {@code pte_clear()} and the TLB flush)
   * cannot be written back and stays, dirty; one whose address now maps another frame is written
   * to that frame.
   */
  void flushArea(long vaddr, long size) {
    long first = vaddr >>> pageShift;
    long last = (vaddr + size - 1) >>> pageShift;
    for (long vpn = first; vpn <= last; vpn++) {
      Line line = lines.get(vpn);
      if (line == null) {
        continue;
      }
      if (line.dirty) {
        long pa = mmu.translate(vpn << pageShift);
        if (pa < 0) {
          continue;
        }
        System.arraycopy(line.data, 0, memory.pageForWrite(pa >>> pageShift), 0,
            line.data.length);
      }
      lines.remove(vpn);
    }
  }

  /**
   * {@code flush_cache_all}: by set and way, so every dirty line is written back to the frame it
   * was filled from, mapped or not.
   */
  void flushAll() {
    lines.values().forEach(this::writeBack);
    lines.clear();
  }

  /**
   * Adds a violation for each dirty line whose virtual page no longer maps the frame it holds:
   * data that a later flush would write back over newer contents, or that another mapping cannot
   * see.
   */
  void checkDirtyLines(int cpu, List<InvariantViolation> violations) {
    lines.forEach((vpn, line) -> {
      long vaddr = vpn << pageShift;
      long pa = mmu.translate(vaddr);
      if (line.dirty && (pa < 0 || pa >>> pageShift != line.pfn)) {
        violations.add(new InvariantViolation(InvariantViolation.Code.ORPHANED_DIRTY_LINE, cpu,
            vaddr, String.format("CPU%d: dirty VIVT line for 0x%08x holds pfn 0x%x, which that"
                + " address no longer maps", cpu, vaddr, line.pfn)));
      }
    });
  }

  /** The lines, for a snapshot: their contents copied. */
  HardwareState.CacheLines capture() {
    long[] vpns = lines.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    long[] pfns = new long[vpns.length];
    boolean[] dirty = new boolean[vpns.length];
    long[][] data = new long[vpns.length][];
    for (int i = 0; i < vpns.length; i++) {
      Line line = lines.get(vpns[i]);
      pfns[i] = line.pfn;
      dirty[i] = line.dirty;
      data[i] = line.data.clone();
    }
    return new HardwareState.CacheLines(vpns, pfns, dirty, data);
  }

  /** Puts back the lines of {@link #capture()}. */
  void restore(HardwareState.CacheLines state) {
    lines.clear();
    for (int i = 0; i < state.vpns().length; i++) {
      Line line = new Line(state.pfns()[i], state.data()[i].clone());
      line.dirty = state.dirty()[i];
      lines.put(state.vpns()[i], line);
    }
  }

  private void writeBack(Line line) {
    if (line != null && line.dirty) {
      System.arraycopy(line.data, 0, memory.pageForWrite(line.pfn), 0, line.data.length);
    }
  }
}
