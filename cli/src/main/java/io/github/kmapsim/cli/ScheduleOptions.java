// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.scenario.explore.ExploreOptions;
import picocli.CommandLine.Option;

/** The schedule options {@code explore} and {@code convert-check} share (a picocli mixin). */
final class ScheduleOptions {

  @Option(names = "--bound", paramLabel = "K", defaultValue = "2",
      description = "Preemptions, interrupts and migrations per schedule (default:"
          + " ${DEFAULT-VALUE}); blocking switches and wake-ups are free.")
  private int bound;

  @Option(names = "--random", paramLabel = "N", defaultValue = "0",
      description = "N random schedules (within the bound) instead of all of them.")
  private long random;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "The seed of --random (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--jobs", paramLabel = "J", defaultValue = "1",
      description = "Threads, each with its own machine (default: ${DEFAULT-VALUE}).")
  private int jobs;

  /** Whether the bound and --random are at least 0 and --jobs at least 1. */
  boolean valid() {
    return bound >= 0 && random >= 0 && jobs >= 1;
  }

  /** The values given, for an error message. */
  String given() {
    return "--bound " + bound + " --random " + random + " --jobs " + jobs;
  }

  /** The exploration these options ask for. */
  ExploreOptions options() {
    return ExploreOptions.bounded(bound).randomly(random, seed).jobs(jobs);
  }
}
