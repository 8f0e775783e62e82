// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Site;
import io.github.kmapsim.core.check.MapChecker;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.hw.HwCpu;
import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.SimTask;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user address space of each task (anonymous memory only) and the user copies between it
 * and kernel addresses, as include/linux/uaccess.h and the fault path have them (v5.11+):
 *
 * <ul>
 *   <li>{@code copy_{to,from}_user} call {@code might_fault()} ({@code __might_fault}: nothing
 *       when {@code pagefault_disabled()}, else {@code __might_sleep()}), then {@code
 *       access_ok()}, then the raw copy; {@code _copy_from_user} zeroes what it did not copy.
 *   <li>{@code __copy_{to,from}_user_inatomic} skip might_fault and the zeroing.
 *   <li>A fault on a non-present user page: the fault handler gives up when {@code
 *       faulthandler_disabled()} ({@code pagefault_disabled() || in_atomic()}, include/linux/
 *       uaccess.h), and the exception fixup makes the copy short; otherwise {@code
 *       handle_mm_fault()} makes the page present (zeros, or a swap-in) and may sleep. An address
 *       in no VMA is never fixed up.
 * </ul>
 *
 * <p>The checker adds {@link DiagnosticCode#INATOMIC_COPY_FAULTS_ENABLED}: an {@code _inatomic}
 * copy with faults enabled, naming the kmap_local section that took kmap_atomic's place.
 * User pages are the model's own bytes (no pfn, no PTE); snapshots hold them. TASK_SIZE is the
 * lowest kernel mapping: PAGE_OFFSET, or PKMAP_BASE where it lies below (ARM, where the real
 * TASK_SIZE is PAGE_OFFSET - 16M, below the modules and pkmap areas). {@link #memcpy} between
 * kernel addresses shares the kernel-side checks of the copies.
 */
final class UserSpace {
  /** The longest user copy or range one call takes. */
  static final long MAX_LEN = 1L << 24;

  /** One user page: its bytes (null until first touched: zeros) and whether it is present. */
  private static final class UserPage {
    byte[] data;
    boolean present;
  }

  private final Map<SimTask, Map<Long, UserPage>> spaces = new IdentityHashMap<>();
  private final Reporter reporter;
  private final MapChecker checker;
  private final long taskSize;
  private final int pageShift;
  private final int pageSize;

  /** A user page as a snapshot holds it. */
  record PageState(boolean present, byte[] data) {
    PageState {
      data = data == null ? null : data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PageState p && p.present == present && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
      return Boolean.hashCode(present) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return (present ? "present" : "not present") + (data == null ? ", untouched" : "");
    }
  }

  /** Every task's user pages, by virtual page number: a snapshot's part. */
  synchronized Map<SimTask, Map<Long, PageState>> capture() {
    Map<SimTask, Map<Long, PageState>> out = new HashMap<>(); // values compared by equals
    spaces.forEach((t, mm) -> {
      if (!mm.isEmpty()) {
        Map<Long, PageState> pages = new TreeMap<>();
        mm.forEach((v, p) -> pages.put(v, new PageState(p.present, p.data)));
        out.put(t, Collections.unmodifiableMap(pages));
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** Puts back what {@link #capture()} took. */
  synchronized void restore(Map<SimTask, Map<Long, PageState>> state) {
    spaces.clear();
    state.forEach((t, pages) -> {
      Map<Long, UserPage> mm = new HashMap<>();
      pages.forEach((v, p) -> {
        UserPage u = new UserPage();
        u.present = p.present();
        u.data = p.data() == null ? null : p.data().clone();
        mm.put(v, u);
      });
      spaces.put(t, mm);
    });
  }

  UserSpace(long taskSize, int pageShift, Reporter reporter, MapChecker checker) {
    this.taskSize = taskSize;
    this.pageShift = pageShift;
    this.pageSize = 1 << pageShift;
    this.reporter = reporter;
    this.checker = checker;
  }

  /** {@code mmap(MAP_ANONYMOUS | MAP_FIXED_NOREPLACE)} of {@code [uaddr, uaddr + len)}. */
  synchronized void mmap(SchedCpu cpu, long uaddr, long len) {
    Map<Long, UserPage> mm = mm(cpu, "mmap");
    range(cpu, "mmap", uaddr, len, true);
    long first = uaddr >>> pageShift;
    long end = (uaddr + len + pageSize - 1) >>> pageShift;
    for (long v = first; v < end; v++) {
      if (mm.containsKey(v)) {
        throw bad(cpu, String.format("mmap(0x%x, 0x%x, MAP_FIXED_NOREPLACE): -EEXIST, 0x%x is"
            + " already mapped", uaddr, len, v << pageShift));
      }
    }
    for (long v = first; v < end; v++) {
      mm.put(v, new UserPage());
    }
  }

  /** {@code madvise(MADV_PAGEOUT)}: present pages of the range become swapped out. */
  synchronized void pageout(SchedCpu cpu, long uaddr, long len) {
    Map<Long, UserPage> mm = mm(cpu, "madvise");
    range(cpu, "madvise", uaddr, len, true);
    long first = uaddr >>> pageShift;
    long end = (uaddr + len + pageSize - 1) >>> pageShift;
    for (long v = first; v < end; v++) {
      if (!mm.containsKey(v)) {
        throw bad(cpu, String.format("madvise(0x%x, 0x%x, MADV_PAGEOUT): -ENOMEM, 0x%x is not"
            + " mapped", uaddr, len, v << pageShift));
      }
    }
    for (long v = first; v < end; v++) {
      mm.get(v).present = false;
    }
  }

  /** Whether the current task's page of {@code uaddr} is present. */
  synchronized boolean present(SchedCpu cpu, long uaddr) {
    Map<Long, UserPage> mm = spaces.get(cpu.currentTask());
    UserPage p = mm == null || uaddr < 0 ? null : mm.get(uaddr >>> pageShift);
    return p != null && p.present;
  }

  /** {@code fault_in_readable()}: the bytes not faulted in. */
  synchronized long faultIn(SchedCpu cpu, long uaddr, long len) {
    range(cpu, "fault_in_readable", uaddr, len, false);
    if (len == 0) {
      return 0;
    }
    if (!accessOk(uaddr, len)) {
      return len;
    }
    Map<Long, UserPage> mm = spaces.get(cpu.currentTask());
    long end = uaddr + len;
    for (long a = uaddr; a < end; a = (a | (pageSize - 1)) + 1) {
      if (!fault(cpu, mm, a, true)) {
        return end - a;
      }
    }
    return 0;
  }

  /** {@code might_fault()}. */
  void mightFault(SchedCpu cpu, String call) {
    if (cpu.currentTask().pagefaultDisabled > 0) {
      return;
    }
    if (!cpu.preemptible()) {
      SimTask t = cpu.currentTask();
      Site atomic = checker.innermostMap(t, true);
      reporter.warn(DiagnosticCode.SLEEP_IN_ATOMIC, cpu, t, String.format("sleeping function"
          + " called from invalid context: %s() (might_fault) in %s context, preempt_count %d,"
          + " irqs %s, pagefault_disabled() 0: a fault on a non-present user page would sleep"
          + " here%s", call, ctx(cpu.context()), t.preemptCount, cpu.irqsDisabled() ? "off" : "on",
          atomic == null ? "" : " (inside the kmap_atomic at " + atomic.where() + ")"));
    }
  }

  /**
   * A user copy of {@code len} bytes between the user address {@code uaddr} and the kernel
   * address {@code kaddr}; the bytes not copied.
   */
  synchronized long copy(SchedCpu cpu, HwCpu hw, String call, long uaddr, long kaddr, long len,
      boolean toUser, boolean inatomic) {
    range(cpu, call, uaddr, len, false);
    if (len == 0) {
      return 0;
    }
    probeKernel(cpu, hw, call, kaddr, len);
    if (!inatomic) {
      mightFault(cpu, call);
    } else if (checker.checking() && !faulthandlerDisabled(cpu)) {
      SimTask t = cpu.currentTask();
      Site local = checker.innermostMap(t, false);
      checker.reportAt(cpu, DiagnosticCode.INATOMIC_COPY_FAULTS_ENABLED, String.format("%s()"
          + " with page faults enabled (pagefault_disabled() 0, not in_atomic()): a fault on a"
          + " non-present user page is handled and may sleep, where the caller expects a short"
          + " copy and a retry outside the section (fault_in_readable); %s", call,
          local == null ? "disable page faults around the copy (pagefault_disable())"
              : "the kmap_local at " + local.where() + " does not disable page faults as the"
              + " kmap_atomic it replaced did: add pagefault_disable()/pagefault_enable() around"
              + " the copy (Documentation/mm/highmem.rst)"), local);
    }
    long left = len;
    if (accessOk(uaddr, len)) {
      Map<Long, UserPage> mm = spaces.get(cpu.currentTask());
      long a = uaddr;
      long k = kaddr;
      long end = uaddr + len;
      while (a < end && fault(cpu, mm, a, inatomic)) {
        UserPage p = mm.get(a >>> pageShift);
        int n = (int) Math.min(end - a, pageSize - (a & (pageSize - 1)));
        if (p.data == null) {
          p.data = new byte[pageSize];
        }
        int off = (int) (a & (pageSize - 1));
        for (int i = 0; i < n; i++) {
          if (toUser) {
            p.data[off + i] = hw.readByte(k + i);
          } else {
            hw.writeByte(k + i, p.data[off + i]);
          }
        }
        a += n;
        k += n;
      }
      left = end - a;
    }
    if (!toUser && !inatomic) {
      for (long i = len - left; i < len; i++) {
        hw.writeByte(kaddr + i, (byte) 0);
      }
    }
    return left;
  }

  /**
   * {@code memcpy(to, from, len)} between kernel addresses: both ranges checked (translated,
   * shown to the checker) before a byte moves; copied through a buffer, so overlap is memmove.
   */
  void memcpy(SchedCpu cpu, HwCpu hw, long to, long from, long len) {
    range(cpu, "memcpy", 0, len, false);
    if (len == 0) {
      return;
    }
    probeKernel(cpu, hw, "memcpy", from, len);
    probeKernel(cpu, hw, "memcpy", to, len);
    byte[] buf = new byte[(int) len];
    for (int i = 0; i < len; i++) {
      buf[i] = hw.readByte(from + i);
    }
    for (int i = 0; i < len; i++) {
      hw.writeByte(to + i, buf[i]);
    }
  }

  /**
   * Makes the page of {@code uaddr} present if it can; false when the access stays faulting (no
   * VMA, or the fault handler disabled). {@code sleepUnchecked}: no might_fault() before it
   * (an _inatomic copy, fault_in_readable), so the handler's might_sleep() reports here.
   */
  private boolean fault(SchedCpu cpu, Map<Long, UserPage> mm, long uaddr,
      boolean sleepUnchecked) {
    UserPage p = mm == null ? null : mm.get(uaddr >>> pageShift);
    if (p == null) {
      return false;
    }
    if (p.present) {
      return true;
    }
    if (faulthandlerDisabled(cpu)) {
      return false;
    }
    if (sleepUnchecked) {
      cpu.mightSleep("handle_mm_fault");
    }
    p.present = true;
    return true;
  }

  /** {@code faulthandler_disabled()}: {@code pagefault_disabled() || in_atomic()}. */
  private static boolean faulthandlerDisabled(SchedCpu cpu) {
    SimTask t = cpu.currentTask();
    return t.pagefaultDisabled > 0 || t.preemptCount > 0 || cpu.context() != Context.TASK;
  }

  /** {@code access_ok()}: the range lies below TASK_SIZE. */
  private boolean accessOk(long uaddr, long len) {
    return uaddr >= 0 && len <= taskSize && uaddr <= taskSize - len;
  }

  private Map<Long, UserPage> mm(SchedCpu cpu, String call) {
    SimTask t = cpu.currentTask();
    if (t.isIdle()) {
      throw bad(cpu, call + "() by " + t.name() + ", a kernel thread: it has no mm");
    }
    return spaces.computeIfAbsent(t, x -> new HashMap<>());
  }

  private void range(SchedCpu cpu, String call, long uaddr, long len, boolean aligned) {
    if (len < 0 || len > MAX_LEN || (aligned && len == 0)) {
      throw bad(cpu, String.format("%s(): length 0x%x, the model takes 1 to 0x%x bytes", call,
          len, MAX_LEN));
    }
    if (aligned && ((uaddr & (pageSize - 1)) != 0 || !accessOk(uaddr, len))) {
      throw bad(cpu, String.format("%s(0x%x, 0x%x): -EINVAL, the range must be page-aligned and"
          + " below TASK_SIZE 0x%x", call, uaddr, len, taskSize));
    }
  }

  /**
   * The kernel side of a copy must be mapped: each page is translated (no TLB fill) before any
   * byte moves, and the first that does not translate faults as a load there does; then each
   * page is shown to the checker.
   */
  private void probeKernel(SchedCpu cpu, HwCpu hw, String call, long kaddr, long len) {
    if (kaddr < taskSize || kaddr > (1L << 32) - len) {
      throw bad(cpu, String.format("%s(): [0x%x, +0x%x) is not a kernel address range", call,
          kaddr, len));
    }
    for (long a = kaddr; a < kaddr + len; a = (a | (pageSize - 1)) + 1) {
      if (hw.translate(a) == -1) {
        hw.readByte(a); // the kernel's paging-request BUG
        throw bad(cpu, String.format("%s(): 0x%x is not mapped", call, a));
      }
    }
    for (long a = kaddr; a < kaddr + len; a = (a | (pageSize - 1)) + 1) {
      checker.access(cpu, a, call);
    }
  }

  private RuntimeException bad(SchedCpu cpu, String message) {
    return reporter.fail(DiagnosticCode.BAD_ARGUMENT, cpu, cpu.currentTask(), message);
  }

  private static String ctx(Context c) {
    return c.name().toLowerCase(Locale.ROOT);
  }
}
