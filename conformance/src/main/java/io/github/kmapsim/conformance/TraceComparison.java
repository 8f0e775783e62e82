// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.HookCall;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ServiceCall;
import io.github.kmapsim.spi.ServiceCall.Reach;
import io.github.kmapsim.spi.ServiceCall.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * A port's hook trace against the kernel's ({@link ReferenceVectors#trace()}), operation by
 * operation. Each expected call must be matched, in order, by a call of the same hook on the same
 * CPU whose effect covers it (the same flush, or a wider one: a range or IPI flush covers a local
 * page flush, flush_cache_all covers a D-cache area). What is missing or narrower is a mistake
 * ({@link #missing()}, for {@code required_vectors_hook_trace}); a wider flush or an extra one
 * costs without being wrong ({@link #wider()}, for {@code optional_hooks_flush_not_wider_than_kernel}).
 */
final class TraceComparison {
  private final List<String> missing = new ArrayList<>();
  private final List<String> wider = new ArrayList<>();

  private TraceComparison() {}

  /** The calls of the kernel's trace the port does not make (or makes too narrowly). */
  List<String> missing() {
    return missing;
  }

  /** The port's flushes that are wider than the kernel's, or that the kernel does not make. */
  List<String> wider() {
    return wider;
  }

  /** Records the port's trace for the vectors' configuration and compares. */
  static TraceComparison of(ReferenceVectors v, ArchVariant variant) {
    TraceComparison cmp = new TraceComparison();
    if (v.tracedOperations().isEmpty()) {
      return cmp;
    }
    HookTrace t = HookTrace.record(variant, v.nrCpus(), v.debugKmapLocal());
    long page = variant.layout(v.nrCpus(), v.kmMaxIdx()).pageSize();
    for (Operation op : Operation.values()) {
      if (v.tracedOperations().contains(op)) {
        cmp.compare(v + ", " + op, v.trace(op), t.calls(op), v.nrCpus(), page);
      }
    }
    return cmp;
  }

  private void compare(String where, List<HookCall> expected, List<HookTrace.Call> actual,
      int nrCpus, long page) {
    int next = 0;
    List<HookCall> unmatched = new ArrayList<>();
    List<HookTrace.Call> extras = new ArrayList<>();
    for (HookCall e : expected) {
      int found = -1;
      for (int j = next; j < actual.size(); j++) {
        HookTrace.Call a = actual.get(j);
        if (a.phase() == e.phase() && a.cpu() == e.cpu() && covers(a.call(), e.call(), page)) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        unmatched.add(e);
        missing.add(where + ": the kernel's " + e + " (" + e.source() + ") is "
            + describeMiss(e, actual, page) + "; the port's hooks made " + actual);
        continue;
      }
      extras.addAll(actual.subList(next, found));
      HookTrace.Call a = actual.get(found);
      if (!a.call().equals(e.call()) && !equivalent(a.call(), e.call(), page)) {
        wider.add(where + ": " + a + " where the kernel makes " + e.call() + ipis(a.call(),
            nrCpus, e.call()));
      }
      next = found + 1;
    }
    extras.addAll(actual.subList(next, actual.size()));
    for (HookTrace.Call a : extras) {
      if (kind(a.call().service()) == Kind.OTHER) {
        missing.add(where + ": the port's " + a + " is a call the kernel's hooks do not make");
      } else if (unmatched.stream().noneMatch(e -> stands(a, e))) {
        wider.add(where + ": " + a + ", which the kernel does not make"
            + ipis(a.call(), nrCpus, null));
      }
    }
  }

  /**
   * Whether an extra call stands in for a missing one, already reported: the same kind of call
   * in the same hook (another page, fewer CPUs), or the same call in another hook (moved).
   */
  private static boolean stands(HookTrace.Call a, HookCall e) {
    boolean sameKind = kind(a.call().service()) == kind(e.call().service());
    return sameKind && (a.phase() == e.phase() || a.call().equals(e.call()));
  }

  /** Why an expected call found no match: not made, made elsewhere, or made too narrowly. */
  private static String describeMiss(HookCall e, List<HookTrace.Call> actual, long page) {
    for (HookTrace.Call a : actual) {
      if (a.cpu() == e.cpu() && covers(a.call(), e.call(), page)) {
        return "made from " + a.phase().kernelName() + " instead (" + a + "), the wrong hook";
      }
    }
    for (HookTrace.Call a : actual) {
      if (a.phase() == e.phase() && kind(a.call().service()) == kind(e.call().service())) {
        return reach(a.call()) < reach(e.call())
            ? "narrower in the port (" + a + "): it does not reach the other CPUs"
            : "made for other addresses in the port (" + a + ")";
      }
    }
    return "not made";
  }

  private static String ipis(ServiceCall a, int nrCpus, ServiceCall e) {
    int extra = ipiCount(a, nrCpus) - (e == null ? 0 : ipiCount(e, nrCpus));
    return extra > 0 ? " (" + extra + " IPI(s) more on NR_CPUS " + nrCpus + ")" : "";
  }

  private static int ipiCount(ServiceCall c, int nrCpus) {
    return c.service().reach() == Reach.IPI ? nrCpus - 1 : 0;
  }

  private enum Kind { TLB, DCACHE, LAZY, OTHER }

  private static Kind kind(Service s) {
    return switch (s) {
      case LOCAL_FLUSH_TLB_KERNEL_PAGE, LOCAL_FLUSH_TLB_KERNEL_RANGE,
          FLUSH_TLB_KERNEL_PAGE_BROADCAST, FLUSH_TLB_KERNEL_RANGE, FLUSH_TLB_ALL -> Kind.TLB;
      case FLUSH_DCACHE_AREA, FLUSH_CACHE_ALL -> Kind.DCACHE;
      case FLUSH_LAZY_MMU_MODE -> Kind.LAZY;
      case KMAP_HIGH_GET -> Kind.OTHER;
    };
  }

  /** Whether a's effect includes e's: the same CPUs or more, the same pages or more. */
  static boolean covers(ServiceCall a, ServiceCall e, long page) {
    if (a.equals(e)) {
      return true;
    }
    Kind k = kind(a.service());
    if (k != kind(e.service()) || k == Kind.OTHER || k == Kind.LAZY) {
      return false;
    }
    if (reach(a) < reach(e)) {
      return false;
    }
    long[] ra = range(a, page);
    long[] re = range(e, page);
    return ra[0] <= re[0] && ra[1] >= re[1];
  }

  /** The same CPUs and the same pages, by another service (a one-page range for a page). */
  private static boolean equivalent(ServiceCall a, ServiceCall e, long page) {
    long[] ra = range(a, page);
    long[] re = range(e, page);
    return reach(a) == reach(e) && ra[0] == re[0] && ra[1] == re[1];
  }

  /** 0 this CPU, 1 every CPU (a broadcast or IPIs reach the same CPUs). */
  private static int reach(ServiceCall c) {
    return c.service().reach() == Reach.LOCAL ? 0 : 1;
  }

  /** The pages a flush reaches, {@code [start, end)} page-aligned. */
  private static long[] range(ServiceCall c, long page) {
    return switch (c.service()) {
      case LOCAL_FLUSH_TLB_KERNEL_PAGE, FLUSH_TLB_KERNEL_PAGE_BROADCAST ->
          new long[] {c.start() & -page, (c.start() & -page) + page};
      case LOCAL_FLUSH_TLB_KERNEL_RANGE, FLUSH_TLB_KERNEL_RANGE, FLUSH_DCACHE_AREA -> {
        long end = c.service() == Service.FLUSH_DCACHE_AREA ? c.start() + c.end() : c.end();
        yield new long[] {c.start() & -page, (end + page - 1) & -page};
      }
      default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    };
  }
}
