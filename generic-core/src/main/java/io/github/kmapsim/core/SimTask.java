package io.github.kmapsim.core;

import io.github.kmapsim.api.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated {@code task_struct}: scheduler state, the disable counts, and {@code struct
 * kmap_ctrl} (the stack index and the {@code pteval} array, include/linux/sched.h).
 */
final class SimTask implements Task {
  private final String name;
  private final int pid;
  private final boolean idle;
  private final SimMachine machine;

  volatile State state;
  volatile int cpu;
  int preemptCount;
  int pagefaultDisabled;
  int migrationDisabled;

  /** {@code kmap_ctrl.idx}. */
  int kmapIdx;

  /** {@code kmap_ctrl.pteval[KM_MAX_IDX]}. */
  final long[] pteval;

  /**
   * Simulator bookkeeping: the stack positions pushed since the stack was last empty, one bit
   * each, so that an unmap of an address this task never mapped can be told from a wrong-order
   * unmap.
   */
  long positionsUsed;

  SimTask(SimMachine machine, String name, int pid, int cpu, boolean idle, int kmMaxIdx) {
    this.machine = machine;
    this.name = name;
    this.pid = pid;
    this.cpu = cpu;
    this.idle = idle;
    this.pteval = new long[kmMaxIdx];
    this.state = State.RUNNABLE;
  }

  boolean isIdle() {
    return idle;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int pid() {
    return pid;
  }

  @Override
  public int cpu() {
    return cpu;
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public int preemptCount() {
    return preemptCount;
  }

  @Override
  public int pagefaultDisabled() {
    return pagefaultDisabled;
  }

  @Override
  public int migrationDisabled() {
    return migrationDisabled;
  }

  @Override
  public int kmapIdx() {
    return kmapIdx;
  }

  @Override
  public long pteval(int slot) {
    return pteval[slot];
  }

  @Override
  public List<Long> liveMaps() {
    List<Long> maps = new ArrayList<>();
    for (int i = 0; i < kmapIdx; i++) {
      if (pteval[i] != 0) {
        maps.add(machine.kmap().slotAddress(this, i));
      }
    }
    return maps;
  }

  /** The held maps, one line each, for diagnostics. */
  List<String> describeMaps() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < kmapIdx; i++) {
      if (pteval[i] != 0) {
        lines.add(String.format("slot %d: 0x%08x -> pfn 0x%x (pte %s)", i,
            machine.kmap().slotAddress(this, i), machine.codec().ptePfn(pteval[i]),
            machine.formatPte(pteval[i])));
      }
    }
    return lines;
  }

  @Override
  public String toString() {
    return name + "/" + pid;
  }
}
