// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One CPU's TLB for the kernel page-table area. It has no capacity misses: a translation stays
 * until something flushes it, which is what makes a missing flush observable. Each entry caches
 * the PTE it was filled from, whether it allows stores, and the page's storage; validity is a
 * primitive flag, and the valid entries are also kept in a dense list so that checks and full
 * flushes visit only what the TLB holds.
 *
 * <p>Only the thread that drives the CPU touches these arrays. Another CPU invalidates entries as
 * the kernel does, by IPI ({@code flush_tlb_kernel_range}, {@code flush_tlb_all}) or by a
 * hardware broadcast ({@code tlbie}, {@code tlbi.vaas}): {@link #requestRange} and {@link
 * #requestAll} post the invalidation (one bit per entry, or "all"), and the owner applies it in
 * {@link #sync()} before it next looks at its TLB, as a CPU runs the IPI's handler (or completes
 * the broadcast) before its next instruction. Posting is lock-free and may come from any thread
 * while the owner runs; an entry invalidated is never used again once the flush has returned.
 *
 * <p>With {@link io.github.kmapsim.spi.MmuBehaviour#PAIRED_TLB_ENTRIES} one hardware entry maps
 * the even/odd pair of pages {@code 2n, 2n + 1} (page-table indices: tables are whole and
 * aligned, so a page's buddy is its index {@code ^ 1}): invalidating either page drops both,
 * locally or posted. The refill of both halves is {@link Mmu}'s.
 */
final class Tlb {
  private final long[] pte;
  private final long[][] data;
  private final long[] pfn;
  private final boolean[] valid;
  private final boolean[] writable;
  /** The valid entries, {@code held[0..count)}; {@code slot[e]} is e's place there. */
  private final int[] held;
  private final int[] slot;
  private int count;
  private final boolean paired;
  /** Entries another CPU asked to invalidate, one bit each. */
  private final AtomicLongArray remote;
  /** Another CPU asked to invalidate everything. */
  private volatile boolean remoteAll;
  /** An invalidation was posted and not applied yet (checked on every access: one load). */
  private volatile boolean remotePending;

  Tlb(int pages, boolean paired) {
    this.paired = paired;
    remote = new AtomicLongArray((pages + 63) >>> 6);
    pte = new long[pages];
    data = new long[pages][];
    pfn = new long[pages];
    valid = new boolean[pages];
    writable = new boolean[pages];
    held = new int[pages];
    slot = new int[pages];
  }

  /** The cached storage of entry {@code i}, or null on a miss. */
  long[] data(int i) {
    return valid[i] ? data[i] : null;
  }

  long pte(int i) {
    return pte[i];
  }

  long pfn(int i) {
    return pfn[i];
  }

  /** Whether the cached translation of a valid entry allows kernel stores (the hardware's view). */
  boolean writable(int i) {
    return writable[i];
  }

  /** How many entries are valid. */
  int size() {
    return count;
  }

  /** The {@code n}th valid entry, {@code 0 <= n < size()}, in no particular order. */
  int entry(int n) {
    return held[n];
  }

  void fill(int i, long pteWord, long pageFrame, boolean store, long[] storage) {
    pte[i] = pteWord;
    pfn[i] = pageFrame;
    data[i] = storage;
    writable[i] = store;
    if (!valid[i]) {
      valid[i] = true;
      slot[i] = count;
      held[count++] = i;
    }
  }

  /** Marks a stale entry as already reported, keeping its (wrong) translation. */
  void acknowledge(int i, long currentPte) {
    pte[i] = currentPte;
  }

  /** Invalidates the entry of page {@code i}: with paired entries, both pages of its pair. */
  void flush(int i) {
    drop(i);
    if (paired && (i ^ 1) < valid.length) {
      drop(i ^ 1);
    }
  }

  /** Invalidates page {@code i} alone (one half of a pair, when a refill rewrites it). */
  void drop(int i) {
    if (valid[i]) {
      valid[i] = false;
      int last = held[--count];
      held[slot[i]] = last;
      slot[last] = slot[i];
    }
  }

  /** Invalidates pages {@code [from, to)}: with paired entries, the whole pairs they touch. */
  void flushRange(int from, int to) {
    int lo = Math.max(paired ? from & ~1 : from, 0);
    int hi = Math.min(paired ? (to + 1) & ~1 : to, valid.length);
    if (hi - lo <= count) {
      for (int i = lo; i < hi; i++) {
        drop(i);
      }
    } else {
      for (int n = count - 1; n >= 0; n--) {
        int e = held[n];
        if (e >= lo && e < hi) {
          drop(e);
        }
      }
    }
  }

  /**
   * The IPI of {@code flush_tlb_kernel_range} (or a broadcast page invalidation) arriving from
   * another CPU: entries {@code [from, to)}, whole pairs with paired entries, are invalid from now
   * on; the owner drops them in {@link #sync()}.
   */
  void requestRange(int from, int to) {
    int lo = Math.max(paired ? from & ~1 : from, 0);
    int hi = Math.min(paired ? (to + 1) & ~1 : to, valid.length);
    for (int w = lo >>> 6; lo < hi; w++) {
      int end = Math.min(hi, (w + 1) << 6);
      long mask = (end - lo == 64 ? -1L : ((1L << (end - lo)) - 1)) << (lo & 63);
      remote.getAndAccumulate(w, mask, (a, b) -> a | b);
      lo = end;
    }
    remotePending = true;
  }

  /** The IPI of {@code flush_tlb_all} arriving from another CPU. */
  void requestAll() {
    remoteAll = true;
    remotePending = true;
  }

  /** Whether another CPU posted an invalidation not applied yet. */
  boolean pending() {
    return remotePending;
  }

  /** Applies the invalidations other CPUs posted; the owner calls it before using the TLB. */
  void sync() {
    if (remotePending) {
      applyRemote();
    }
  }

  private void applyRemote() {
    remotePending = false;
    if (remoteAll) {
      remoteAll = false;
      flushAll();
    }
    for (int w = 0; w < remote.length(); w++) {
      if (remote.get(w) == 0) {
        continue;
      }
      for (long bits = remote.getAndSet(w, 0); bits != 0; bits &= bits - 1) {
        drop((w << 6) + Long.numberOfTrailingZeros(bits)); // pairs were posted whole
      }
    }
  }

  /** The valid entries in index order, for a snapshot. */
  HardwareState.TlbEntries capture() {
    sync();
    int[] entries = Arrays.copyOf(held, count);
    Arrays.sort(entries);
    long[] ptes = new long[count];
    long[] pfns = new long[count];
    boolean[] store = new boolean[count];
    for (int n = 0; n < count; n++) {
      int e = entries[n];
      ptes[n] = pte[e];
      pfns[n] = pfn[e];
      store[n] = writable[e];
    }
    return new HardwareState.TlbEntries(entries, ptes, pfns, store);
  }

  /** Puts back the entries of {@link #capture()}, their storage taken from {@code memory}. */
  void restore(HardwareState.TlbEntries state, PhysicalMemory memory) {
    sync();
    flushAll();
    for (int n = 0; n < state.entries().length; n++) {
      fill(state.entries()[n], state.ptes()[n], state.pfns()[n], state.writable()[n],
          memory.page(state.pfns()[n]));
    }
  }

  void flushAll() {
    for (int n = 0; n < count; n++) {
      valid[held[n]] = false;
    }
    count = 0;
  }
}
