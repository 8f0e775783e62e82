// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.api.TlbFlush;
import java.util.Arrays;

/**
 * Fans events out to the registered listeners. Callers test {@link #active()} first, so a
 * machine without listeners builds no event and calls nothing. The array is replaced, never
 * changed, and read without a barrier, which is why the API's contract ({@code Machine},
 * "Threads") lets listeners be added only while no other thread drives the machine.
 */
public final class Events {
  private KmapListener[] listeners = new KmapListener[0];

  public boolean active() {
    return listeners.length != 0;
  }

  public synchronized void add(KmapListener l) {
    KmapListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = java.util.Objects.requireNonNull(l, "listener");
    listeners = next;
  }

  public synchronized void remove(KmapListener l) {
    listeners = Arrays.stream(listeners).filter(x -> x != l).toArray(KmapListener[]::new);
  }

  public void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {
    for (KmapListener l : listeners) {
      l.mapped(cpu, task, slot, vaddr, pfn, pte);
    }
  }

  public void unmapped(int cpu, Task task, int slot, long vaddr) {
    for (KmapListener l : listeners) {
      l.unmapped(cpu, task, slot, vaddr);
    }
  }

  public void pteWritten(int cpu, long vaddr, long oldPte, long newPte) {
    for (KmapListener l : listeners) {
      l.pteWritten(cpu, vaddr, oldPte, newPte);
    }
  }

  public void tlbFlushed(int cpu, TlbFlush kind, long start, long end, int ipis) {
    for (KmapListener l : listeners) {
      l.tlbFlushed(cpu, kind, start, end, ipis);
    }
  }

  public void ipiSent(int from, int to) {
    for (KmapListener l : listeners) {
      l.ipiSent(from, to);
    }
  }

  public void switched(int cpu, Task prev, Task next, int cleared, int restored) {
    for (KmapListener l : listeners) {
      l.switched(cpu, prev, next, cleared, restored);
    }
  }

  public void migrated(Task task, int from, int to) {
    for (KmapListener l : listeners) {
      l.migrated(task, from, to);
    }
  }

  public void kmapSleeping(int cpu, Task task, long pfn) {
    for (KmapListener l : listeners) {
      l.kmapSleeping(cpu, task, pfn);
    }
  }

  public void kmapRetried(int cpu, Task task, long pfn, long vaddr) {
    for (KmapListener l : listeners) {
      l.kmapRetried(cpu, task, pfn, vaddr);
    }
  }

  public void diagnosed(Diagnostic d) {
    for (KmapListener l : listeners) {
      l.diagnosed(d);
    }
  }
}
