// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.api.TlbFlush;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fans events out to the registered listeners. Callers test {@link #active()} first, so a
 * machine without listeners builds no event and calls nothing. The array is replaced, never
 * changed, and read without a barrier, which is why the API's contract ({@code Machine},
 * "Threads") lets listeners be added only while no other thread drives the machine.
 *
 * <p>A listener that throws cannot break the call that fired the event: the exception is caught,
 * the other listeners still hear the event, and the call goes on. Each public call of the machine
 * is bracketed by {@link #enter()} and {@link #exit(Object)}; when the outermost call of a thread
 * is over, successfully or not, each caught exception is reported as a {@link
 * DiagnosticCode#LISTENER_FAILED} diagnostic. A listener that throws again while that report is
 * delivered is not reported twice.
 */
public final class Events {
  private KmapListener[] listeners = new KmapListener[0];
  private final ThreadLocal<Call> calls = ThreadLocal.withInitial(Call::new);
  private Reporter reporter;

  /** A thread's nesting of public calls and the listener failures to report after them. */
  private static final class Call {
    int depth;
    boolean reporting;
    List<Diagnostic> failed;
  }

  /** The reporter that records listener failures; set by the reporter itself. */
  void attach(Reporter r) {
    this.reporter = r;
  }

  /**
   * Marks the start of a public call on this thread; the token for {@link #exit}, null (and no
   * cost but a field load) when nobody listens.
   */
  public Object enter() {
    if (listeners.length == 0) {
      return null;
    }
    Call c = calls.get();
    c.depth++;
    return c;
  }

  /**
   * Marks the end of a public call; the outermost one reports the listener failures caught
   * during it.
   */
  public void exit(Object token) {
    if (token == null) {
      return;
    }
    Call c = (Call) token;
    if (--c.depth == 0 && c.failed != null) {
      List<Diagnostic> failed = c.failed;
      c.failed = null;
      c.reporting = true;
      try {
        failed.forEach(reporter::record);
      } finally {
        c.reporting = false;
      }
    }
  }

  private void failed(KmapListener l, String event, int cpu, RuntimeException e) {
    Call c = calls.get();
    if (c.reporting) {
      return; // the listener failed on the report of a failure: reported once is enough
    }
    Diagnostic d = new Diagnostic(DiagnosticCode.LISTENER_FAILED, cpu, "", Context.TASK,
        String.format("%s.%s threw %s; the call it listened to completed, and the exception"
            + " was dropped", l.getClass().getName(), event, e), List.of());
    if (c.depth == 0) {
      c.reporting = true;
      try {
        reporter.record(d);
      } finally {
        c.reporting = false;
      }
      return;
    }
    if (c.failed == null) {
      c.failed = new ArrayList<>();
    }
    c.failed.add(d);
  }

  public boolean active() {
    return listeners.length != 0;
  }

  public synchronized void add(KmapListener l) {
    KmapListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = java.util.Objects.requireNonNull(l, "listener");
    listeners = next;
  }

  public synchronized void remove(KmapListener l) {
    java.util.Objects.requireNonNull(l, "listener");
    listeners = Arrays.stream(listeners).filter(x -> x != l).toArray(KmapListener[]::new);
  }

  public void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {
    for (KmapListener l : listeners) {
      try {
        l.mapped(cpu, task, slot, vaddr, pfn, pte);
      } catch (RuntimeException e) {
        failed(l, "mapped", cpu, e);
      }
    }
  }

  public void unmapped(int cpu, Task task, int slot, long vaddr) {
    for (KmapListener l : listeners) {
      try {
        l.unmapped(cpu, task, slot, vaddr);
      } catch (RuntimeException e) {
        failed(l, "unmapped", cpu, e);
      }
    }
  }

  public void pteWritten(int cpu, long vaddr, long oldPte, long newPte) {
    for (KmapListener l : listeners) {
      try {
        l.pteWritten(cpu, vaddr, oldPte, newPte);
      } catch (RuntimeException e) {
        failed(l, "pteWritten", cpu, e);
      }
    }
  }

  public void tlbFlushed(int cpu, TlbFlush kind, long start, long end, int ipis) {
    for (KmapListener l : listeners) {
      try {
        l.tlbFlushed(cpu, kind, start, end, ipis);
      } catch (RuntimeException e) {
        failed(l, "tlbFlushed", cpu, e);
      }
    }
  }

  public void cacheFlushed(int cpu, long vaddr, long size) {
    for (KmapListener l : listeners) {
      try {
        l.cacheFlushed(cpu, vaddr, size);
      } catch (RuntimeException e) {
        failed(l, "cacheFlushed", cpu, e);
      }
    }
  }

  public void ipiSent(int from, int to) {
    for (KmapListener l : listeners) {
      try {
        l.ipiSent(from, to);
      } catch (RuntimeException e) {
        failed(l, "ipiSent", from, e);
      }
    }
  }

  public void switched(int cpu, Task prev, Task next, int cleared, int restored) {
    for (KmapListener l : listeners) {
      try {
        l.switched(cpu, prev, next, cleared, restored);
      } catch (RuntimeException e) {
        failed(l, "switched", cpu, e);
      }
    }
  }

  public void migrated(Task task, int from, int to) {
    for (KmapListener l : listeners) {
      try {
        l.migrated(task, from, to);
      } catch (RuntimeException e) {
        failed(l, "migrated", to, e);
      }
    }
  }

  public void kmapSleeping(int cpu, Task task, long pfn) {
    for (KmapListener l : listeners) {
      try {
        l.kmapSleeping(cpu, task, pfn);
      } catch (RuntimeException e) {
        failed(l, "kmapSleeping", cpu, e);
      }
    }
  }

  public void kmapRetried(int cpu, Task task, long pfn, long vaddr) {
    for (KmapListener l : listeners) {
      try {
        l.kmapRetried(cpu, task, pfn, vaddr);
      } catch (RuntimeException e) {
        failed(l, "kmapRetried", cpu, e);
      }
    }
  }

  public void diagnosed(Diagnostic d) {
    for (KmapListener l : listeners) {
      try {
        l.diagnosed(d);
      } catch (RuntimeException e) {
        failed(l, "diagnosed", d.cpu(), e);
      }
    }
  }
}
