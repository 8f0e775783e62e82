// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

/**
 * How to explore a concurrent scenario.
 *
 * @param bound K: the preemptions, interrupts and migrations a schedule may make
 * @param random 0 for every schedule within the bound; N for N seeded random schedules
 * @param seed the seed of the random schedules
 * @param shard which part of the space this run explores, from 0
 * @param shards how many disjoint parts the space is cut into (1: all of it)
 * @param jobs threads, each with its own machine
 * @param reduction whether equivalent schedules are skipped: a state (the machine's snapshot, the
 *     names bound, the programs' positions, the task that ran last) met again with no more budget
 *     left is not explored again
 * @param prefix how a schedule's prefix is restored for its next sibling
 */
public record ExploreOptions(int bound, long random, long seed, int shard, int shards, int jobs,
    boolean reduction, Prefix prefix) {

  /** How the explorer gets back to a branching point. */
  public enum Prefix {
    /** {@code Machine.restore} of the snapshot taken there. */
    SNAPSHOT,
    /** Back to the start and the choices replayed (only to measure what snapshots save). */
    REPLAY,
    /**
     * Back to the machine as booted and every statement run again: slow, but the checker's
     * history (the per-CPU data each task used, the names it knows) is a straight run's, where a
     * {@code Machine.restore} resets it today; without state hashing, whose key lacks that history.
     * {@code convert-check} explores so, since its per-CPU verdicts (KMAP-W021) need it.
     */
    REBOOT
  }

  /** Checks the values. */
  public ExploreOptions {
    if (bound < 0 || random < 0 || jobs < 1 || shards < 1 || shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("bad exploration options: bound " + bound + ", random "
          + random + ", shard " + shard + "/" + shards + ", jobs " + jobs);
    }
    if (reduction && prefix == Prefix.REBOOT) {
      throw new IllegalArgumentException("state hashing cannot see the checker's history that"
          + " REBOOT keeps: explore without reduction");
    }
  }

  /** Every schedule with up to {@code bound} preemptions, reduced, one thread, unsharded. */
  public static ExploreOptions bounded(int bound) {
    return new ExploreOptions(bound, 0, 0, 0, 1, 1, true, Prefix.SNAPSHOT);
  }

  /** The same with {@code n} random schedules of seed {@code seed} instead. */
  public ExploreOptions randomly(long n, long s) {
    return new ExploreOptions(bound, n, s, shard, shards, jobs, reduction, prefix);
  }

  /** The same, part {@code i} of {@code n}. */
  public ExploreOptions shard(int i, int n) {
    return new ExploreOptions(bound, random, seed, i, n, jobs, reduction, prefix);
  }

  /** The same on {@code j} threads. */
  public ExploreOptions jobs(int j) {
    return new ExploreOptions(bound, random, seed, shard, shards, j, reduction, prefix);
  }

  /** The same with or without state hashing. */
  public ExploreOptions reduction(boolean on) {
    return new ExploreOptions(bound, random, seed, shard, shards, jobs, on, prefix);
  }

  /** The same with prefixes restored as {@code p} says. */
  public ExploreOptions prefix(Prefix p) {
    return new ExploreOptions(bound, random, seed, shard, shards, jobs, reduction, p);
  }

  /** {@code I/N}. */
  String shardName() {
    return shards == 1 ? "all" : shard + "/" + shards;
  }
}
