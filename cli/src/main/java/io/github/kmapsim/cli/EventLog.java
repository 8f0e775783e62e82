package io.github.kmapsim.cli;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.spi.PteCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that writes the machine's events as lines in kernel terms, to be printed under the
 * call that caused them: PTE writes with the raw word at the width of {@code pte_t}, TLB
 * maintenance, IPIs, context switches with the slots they cleared and restored, migrations and
 * diagnostics. A one-page local flush of the page whose PTE was just written joins that line.
 */
final class EventLog implements KmapListener {
  private final PteCodec codec;
  private final List<String> lines = new ArrayList<>();
  /** The page of the PTE written by the last line, or -1 when the last line is not a PTE write. */
  private long lastPteVaddr = -1;
  private int lastPteCpu = -1;

  EventLog(PteCodec codec) {
    this.codec = codec;
  }

  /** The lines logged since the last call, oldest first; the log is empty afterwards. */
  List<String> drain() {
    List<String> out = List.copyOf(lines);
    lines.clear();
    lastPteVaddr = -1;
    return out;
  }

  @Override
  public void pteWritten(int cpu, long vaddr, long oldPte, long newPte) {
    String change = pte(oldPte) + " -> " + pte(newPte);
    add(codec.pteNone(newPte)
        ? "pte_clear " + Hex.addr(vaddr) + ": " + change
        : "set_pte   " + Hex.addr(vaddr) + ": " + change + "  " + codec.describe(newPte));
    lastPteVaddr = vaddr;
    lastPteCpu = cpu;
  }

  @Override
  public void tlbFlushed(int cpu, TlbFlush kind, long start, long end) {
    switch (kind) {
      case LOCAL_PAGE -> {
        if (cpu == lastPteCpu && start == lastPteVaddr) {
          int last = lines.size() - 1;
          lines.set(last, lines.get(last) + "; local TLB flush");
          lastPteVaddr = -1;
        } else {
          add("local TLB flush CPU" + cpu + " " + Hex.addr(start));
        }
      }
      case KERNEL_RANGE -> add("flush_tlb_kernel_range(" + Hex.addr(start) + ", " + Hex.addr(end)
          + ") from CPU" + cpu);
      case ALL -> add("flush_tlb_all() from CPU" + cpu);
    }
  }

  @Override
  public void ipiSent(int fromCpu, int toCpu) {
    add("IPI CPU" + fromCpu + " -> CPU" + toCpu + " (TLB shootdown)");
  }

  @Override
  public void switched(int cpu, Task prev, Task next, int cleared, int restored) {
    add("__kmap_local_sched_out(" + prev.name() + "): " + slots(cleared) + " cleared; "
        + "__kmap_local_sched_in(" + next.name() + "): " + slots(restored) + " restored");
  }

  @Override
  public void migrated(Task task, int fromCpu, int toCpu) {
    add("migrate " + task.name() + " CPU" + fromCpu + " -> CPU" + toCpu);
  }

  @Override
  public void diagnosed(Diagnostic diagnostic) {
    diagnostic.format().lines().forEach(this::add);
  }

  private void add(String line) {
    lines.add(line);
    lastPteVaddr = -1;
  }

  private String pte(long pte) {
    return Hex.pte(pte, codec.pteBits());
  }

  private static String slots(int n) {
    return n + (n == 1 ? " slot" : " slots");
  }
}
