// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.bench;

import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.explore.ExploreOptions;
import io.github.kmapsim.scenario.explore.ExploreReport;
import io.github.kmapsim.scenario.explore.Explorer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Schedule exploration (kmapsim explore) of {@code fifty-steps.ksim}: two task programs of 25
 * statements on one CPU, every schedule with up to K = 2 preemptions (1,302 schedules), no state
 * hashing, one thread. {@link #snapshotRestore} comes back to each branching point with {@code
 * Machine.restore} of the snapshot taken there; {@link #replayFromStart} goes back to the start and
 * replays the schedule's choices: the ratio of the two, in one run, is what snapshots save. Each
 * operation is the whole exploration; schedules per second are 1,302 divided by its time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class ExploreBenchmarks {

  /** The parsed scenario. */
  @State(Scope.Benchmark)
  public static class Fifty {
    Scenario scenario;

    @Setup(Level.Trial)
    public void parse() {
      try (InputStream in = ExploreBenchmarks.class.getResourceAsStream("/fifty-steps.ksim")) {
        scenario = Scenario.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .lines().toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static ExploreReport explore(Fifty f, ExploreOptions.Prefix prefix) {
    ExploreReport r = Explorer.explore(f.scenario, "fifty-steps.ksim",
        ExploreOptions.bounded(2).reduction(false).prefix(prefix), null);
    if (!r.ok()) {
      throw new IllegalStateException(r.failures().toString());
    }
    return r;
  }

  /** Every schedule, prefixes restored from snapshots. */
  @Benchmark
  public ExploreReport snapshotRestore(Fifty f) {
    return explore(f, ExploreOptions.Prefix.SNAPSHOT);
  }

  /** Every schedule, prefixes replayed from the start. */
  @Benchmark
  public ExploreReport replayFromStart(Fifty f) {
    return explore(f, ExploreOptions.Prefix.REPLAY);
  }
}
