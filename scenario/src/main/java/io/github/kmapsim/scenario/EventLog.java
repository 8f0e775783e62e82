// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A listener that writes the machine's events as lines in kernel terms, to be printed under the
 * call that caused them: PTE writes with the raw word at the width of {@code pte_t} (and the
 * hardware word where the MMU sees another one), TLB and D-cache maintenance, context switches
 * with the slots they cleared and restored, migrations and diagnostics.
 *
 * <p>Some events join the line before them: a one-page local flush of the page whose PTE was just
 * written; the write {@code set_pte()} makes to the buddy entry on MIPS (the neighbouring page,
 * made {@code _PAGE_GLOBAL}); the IPIs of one {@code
 * flush_tlb_kernel_range} or {@code flush_tlb_all}. A run of three or more {@code pte_clear}s of
 * consecutive pages (as {@code flush_all_zero_pkmaps()} frees them), or of every Nth page with N
 * D-cache colours (the pkmap entries of one colour on xtensa), is summarised in one line.
 */
public final class EventLog implements KmapListener {
  /** A run of pte_clears this long or longer is one line. */
  private static final int RUN = 3;

  private final PteCodec codec;
  private final long pageSize;
  /** The step of a run of one colour's pages: PAGE_SIZE * DCACHE_N_COLORS. */
  private final long colourStep;
  private final List<String> lines = new ArrayList<>();
  private final WarnOnce once = new WarnOnce();
  /** The page of the PTE written by the last line, or -1 when the last line is not a PTE write. */
  private long lastPteVaddr = -1;
  private int lastPteCpu = -1;
  /** The pte_clear run that ends the log, or null. */
  private ClearRun run;
  /** The kernel-wide TLB flush that ends the log, or null. */
  private GlobalFlush flush;

  /** @param colours DCACHE_N_COLORS of the variant */
  public EventLog(PteCodec codec, long pageSize, int colours) {
    this.codec = codec;
    this.pageSize = pageSize;
    this.colourStep = pageSize * colours;
  }

  /**
   * Drops every line logged since the last drain but the last {@code keep}; the number dropped.
   */
  int dropAllBut(int keep) {
    int drop = Math.max(0, lines.size() - keep);
    lines.subList(0, drop).clear();
    lastPteVaddr = -1;
    run = null;
    flush = null;
    return drop;
  }

  /** The lines logged since the last call, oldest first; the log is empty afterwards. */
  public List<String> drain() {
    List<String> out = List.copyOf(lines);
    lines.clear();
    lastPteVaddr = -1;
    run = null;
    flush = null;
    return out;
  }

  @Override
  public void pteWritten(int cpu, long vaddr, long oldPte, long newPte) {
    boolean none = codec.pteNone(newPte);
    if (none && codec.pteNone(oldPte) && oldPte != newPte && cpu == lastPteCpu
        && (vaddr ^ pageSize) == lastPteVaddr) {
      // MIPS set_pte(): cmpxchg(&ptep_buddy(ptep)->pte, 0, _PAGE_GLOBAL) on the neighbour entry
      append("; buddy " + Hex.addr(vaddr) + " -> " + pte(newPte) + " " + codec.describe(newPte));
      run = null;
      return;
    }
    if (none && !codec.pteNone(oldPte) && run != null && run.continuedBy(cpu, vaddr, newPte)) {
      run.add(vaddr);
      if (run.count >= RUN) {
        lines.subList(run.line + 1, lines.size()).clear();
        lines.set(run.line, run.text());
      } else {
        lines.add("pte_clear " + Hex.addr(vaddr) + ": " + pte(oldPte) + " -> " + pte(newPte));
      }
      lastPteVaddr = vaddr;
      lastPteCpu = cpu;
      return;
    }
    String change = pte(oldPte) + " -> " + pte(newPte);
    if (none) {
      add("pte_clear " + Hex.addr(vaddr) + ": " + change);
      if (!codec.pteNone(oldPte)) {
        run = new ClearRun(lines.size() - 1, cpu, vaddr, newPte);
      }
    } else {
      long hw = codec.hardwarePte(newPte);
      add("set_pte   " + Hex.addr(vaddr) + ": " + change + "  " + codec.describe(newPte)
          + (hw == newPte ? "" : " hw=" + pte(hw)));
    }
    lastPteVaddr = vaddr;
    lastPteCpu = cpu;
  }

  @Override
  public void tlbFlushed(int cpu, TlbFlush kind, long start, long end, int ipis) {
    switch (kind) {
      case LOCAL_PAGE -> {
        if (cpu == lastPteCpu && start == lastPteVaddr) {
          append("; local TLB flush");
          lastPteVaddr = -1;
          run = null;
        } else {
          add("local TLB flush CPU" + cpu + " " + Hex.addr(start));
        }
      }
      case LOCAL_RANGE -> {
        if (cpu == lastPteCpu && start == lastPteVaddr) {
          append("; local TLB range flush");
          lastPteVaddr = -1;
          run = null;
        } else {
          add("local TLB range flush CPU" + cpu + " " + Hex.addr(start) + " - " + Hex.addr(end));
        }
      }
      case BROADCAST_PAGE -> add("broadcast TLB flush CPU" + cpu + " " + Hex.addr(start)
          + " (every CPU, no IPI)");
      case KERNEL_RANGE, ALL -> {
        add("");
        flush = new GlobalFlush(lines.size() - 1, cpu, kind, start, end, ipis);
        lines.set(flush.line, flush.text());
      }
    }
  }

  @Override
  public void cacheFlushed(int cpu, long vaddr, long size) {
    add(size == 0 ? "flush_cache_all() CPU" + cpu
        : "D-cache flush CPU" + cpu + " " + Hex.addr(vaddr) + " - " + Hex.addr(vaddr + size));
  }

  @Override
  public void ipiSent(int fromCpu, int toCpu) {
    if (flush != null && flush.from == fromCpu) {
      flush.ipiTargets.add("CPU" + toCpu);
      lines.set(flush.line, flush.text());
    } else {
      add("IPI CPU" + fromCpu + " -> CPU" + toCpu + " (TLB shootdown)");
    }
  }

  /**
   * The kernel calls {@code __kmap_local_sched_out()} and {@code __kmap_local_sched_in()} only
   * for a task whose {@code kmap_ctrl.idx} is not 0, so a switch between tasks without local
   * kmaps logs nothing.
   */
  @Override
  public void switched(int cpu, Task prev, Task next, int cleared, int restored) {
    StringJoiner line = new StringJoiner("; ");
    if (cleared > 0) {
      line.add("__kmap_local_sched_out(" + prev.name() + "): " + slots(cleared) + " cleared");
    }
    if (restored > 0) {
      line.add("__kmap_local_sched_in(" + next.name() + "): " + slots(restored) + " restored");
    }
    if (line.length() > 0) {
      add(line.toString());
    }
  }

  @Override
  public void migrated(Task task, int fromCpu, int toCpu) {
    add("migrate " + task.name() + " CPU" + fromCpu + " -> CPU" + toCpu);
  }

  @Override
  public void diagnosed(Diagnostic diagnostic) {
    WarnOnce.text(diagnostic, once.count(diagnostic)).lines().forEach(this::add);
  }

  private void add(String line) {
    lines.add(line);
    lastPteVaddr = -1;
    run = null;
    flush = null;
  }

  private void append(String text) {
    int last = lines.size() - 1;
    lines.set(last, lines.get(last) + text);
  }

  private String pte(long pte) {
    return PteFormat.hex(codec, pte);
  }

  private static String slots(int n) {
    return n + (n == 1 ? " slot" : " slots");
  }

  /**
   * pte_clears of consecutive pages, or of every Nth page with N colours (the second sets which),
   * from {@code first} up, all writing {@code newPte}.
   */
  private final class ClearRun {
    final int line;
    final int cpu;
    final long first;
    final long newPte;
    long last;
    long step;
    int count = 1;

    ClearRun(int line, int cpu, long first, long newPte) {
      this.line = line;
      this.cpu = cpu;
      this.first = first;
      this.newPte = newPte;
      this.last = first;
    }

    boolean continuedBy(int onCpu, long vaddr, long pte) {
      long d = vaddr - last;
      return onCpu == cpu && (step == 0 ? d == pageSize || d == colourStep : d == step)
          && pte == newPte;
    }

    void add(long vaddr) {
      step = vaddr - last;
      last = vaddr;
      count++;
    }

    String text() {
      return "pte_clear " + Hex.addr(first) + " .. " + Hex.addr(last)
          + (step == pageSize ? "" : " (every " + step / pageSize + " pages)") + ": " + count
          + " PTEs -> " + pte(newPte);
    }
  }

  /**
   * One flush_tlb_kernel_range / flush_tlb_all: it reaches every CPU (the one that flushed and
   * the {@code ipis} others), and the IPIs that follow it name their targets.
   */
  private static final class GlobalFlush {
    final int line;
    final int from;
    final TlbFlush kind;
    final long start;
    final long end;
    final int ipis;
    final List<String> ipiTargets = new ArrayList<>();

    GlobalFlush(int line, int from, TlbFlush kind, long start, long end, int ipis) {
      this.line = line;
      this.from = from;
      this.kind = kind;
      this.start = start;
      this.end = end;
      this.ipis = ipis;
    }

    String text() {
      String call = kind == TlbFlush.ALL
          ? "flush_tlb_all()"
          : "flush_tlb_kernel_range(" + Hex.addr(start) + ", " + Hex.addr(end) + ")";
      StringJoiner reach = new StringJoiner(", ", " on ", "");
      for (int c = 0; c <= ipis; c++) {
        reach.add("CPU" + c);
      }
      return ipiTargets.isEmpty()
          ? call + reach
          : call + reach + " (from CPU" + from + ", IPI to " + String.join(", ", ipiTargets) + ")";
    }
  }
}
