// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * Schedule exploration of concurrent scenarios ({@code kmapsim explore}): every interleaving of
 * the tasks' programs and interrupt handlers with up to K preemptions, interrupts and migrations
 * (CHESS-style preemption bounding), or seeded random schedules; every schedule runs with all the
 * machine's checks on, and each distinct failure comes with a sequential scenario that reproduces
 * it. {@link io.github.kmapsim.scenario.explore.Explorer} is the entry point, {@link
 * io.github.kmapsim.scenario.explore.ExploreReport} its result (JSON, and the merge of shards).
 */
package io.github.kmapsim.scenario.explore;
