// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One step of a random workload: an intent ({@link Kind}) on a CPU with two random arguments. The
 * op is not legal or illegal by itself: {@link Shadow} turns it into a kernel call only when the
 * kernel's rules allow that call in the current state, and skips it otherwise, so that any
 * sub-list of a workload is still a legal workload (which is what shrinking needs).
 *
 * @param kind what to do
 * @param cpu the CPU to do it on
 * @param choice picks among the candidates (tasks, pages, mappings, offsets, contexts)
 * @param value the 64-bit value a write stores; its low bits pick the map call; it seeds the
 *     parameters of a helper and the start of a kmap burst
 */
record RandomOp(Kind kind, int cpu, int choice, long value) {

  /** The intents, with the weights the generator draws them by. */
  enum Kind {
    /**
     * {@code kmap_local_page()} by the innermost context, or (one in four, not on VIVT, where it
     * would alias the direct map or a pkmap entry) {@code kmap_local_pfn()}, or (one in eight of
     * the others) {@code kmap_local_folio()} at a byte of the page's order-2 folio.
     */
    MAP_LOCAL(12),
    /** {@code kmap_atomic()} or {@code kmap_atomic_pfn()}, as MAP_LOCAL. */
    MAP_ATOMIC(5),
    /** {@code kunmap_local()} / {@code kunmap_atomic()} of the innermost context's top map. */
    UNMAP(18),
    /** A 64-bit store through a live mapping. */
    WRITE(14),
    /** A 64-bit load through a live mapping. */
    READ(8),
    /**
     * {@code schedule()} to another runnable task of the CPU (its idle task when there is none).
     * This and the other calls only a task may make outside atomic context (KMAP, KUNMAP, SLEEP,
     * FORK, EXIT and the pkmap pool ops) first unwind, one op at a time, an interrupt the CPU is
     * serving, then a kmap_atomic section of its task. An op with maps or tasks on a CPU running
     * its idle task schedules instead.
     */
    SCHEDULE(10),
    /** {@code set_task_cpu()} of a runnable task that is not pinned by a local kmap. */
    MIGRATE(3),
    /** {@code irq_enter()}, softirq entry or {@code nmi_enter()}. */
    INTERRUPT_ENTER(4),
    /**
     * Towards the matching exit: the interrupt's top map is unmapped, and once it has unmapped
     * everything it mapped, it returns.
     */
    INTERRUPT_EXIT(6),
    /** Persistent {@code kmap()}. */
    KMAP(3),
    /** Persistent {@code kunmap()}. */
    KUNMAP(3),
    /** {@code schedule()} in TASK_UNINTERRUPTIBLE: the task sleeps with its maps saved. */
    SLEEP(2),
    /** {@code wake_up_process()} of a sleeping task. */
    WAKE(3),
    /**
     * {@code fork()} by a task without a fixmap kmap (kmap_local_fork WARNs when the parent holds
     * one): the child starts with an empty kmap_ctrl, runnable on the parent's CPU.
     */
    FORK(2),
    /**
     * {@code do_exit()} of the current task; one holding maps first unmaps its top local map or
     * kunmap()s, since exiting with live local kmaps is a WARN and with kmap()s a leak.
     */
    EXIT(2),
    /**
     * A highmem.h helper (memcpy_page, memcpy_to/from_page, memset_page, memzero_page,
     * copy_highpage, copy_user_highpage, clear_highpage, zero_user_segments,
     * memcpy_to/from_folio) by the innermost context, its parameters drawn from the value.
     */
    HELPER(5),
    /** {@code io_mapping_map_local_wc()} or (odd value) {@code io_mapping_map_atomic_wc()}. */
    IO_MAP(4),
    /**
     * kmap(), check, write and kunmap() of hundreds of distinct highmem pages, a few at a time,
     * within a per-run budget: the pkmap scan wraps and {@code flush_all_zero_pkmaps()} runs.
     */
    KMAP_BURST(2),
    /** {@code kmap_flush_unused()}. */
    KMAP_FLUSH_UNUSED(1),
    /**
     * The pkmap pool runs dry and a kunmap() wakes the waiter: the task kmap()s distinct pages
     * until every entry is in use, another task of its CPU kmap()s one more and sleeps on
     * pkmap_map_wait, the first kunmap()s one page, which wakes it, and its repeated kmap() gets
     * an entry; then both kunmap() everything (within the kmap bursts' budget).
     */
    PKMAP_EXHAUSTION(1);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }
  }

  /** {@code count} ops for a machine of {@code cpus} CPUs, drawn from {@code random}. */
  static List<RandomOp> generate(Random random, int cpus, int count) {
    Kind[] kinds = Kind.values();
    int total = 0;
    for (Kind k : kinds) {
      total += k.weight;
    }
    List<RandomOp> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int w = random.nextInt(total);
      int k = 0;
      while (w >= kinds[k].weight) {
        w -= kinds[k++].weight;
      }
      ops.add(new RandomOp(kinds[k], random.nextInt(cpus), random.nextInt(1 << 20),
          random.nextLong()));
    }
    return ops;
  }
}
