// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

import io.github.kmapsim.scenario.report.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What an exploration found: how many schedules it ran (and how many equivalent ones it skipped),
 * and every distinct failure, each with a sequential scenario that reproduces it. Deterministic:
 * the same scenario and options give an equal report (but {@link #seconds}), whatever the number
 * of threads; the {@link #merge} of the reports of every shard equals the unsharded report.
 *
 * @param scenario the scenario's file name
 * @param bound K
 * @param random the number of random schedules, 0 for all within the bound
 * @param seed their seed
 * @param reduction whether equivalent schedules were skipped
 * @param shard {@code all}, {@code I/N}, or after a partial merge {@code I,J/N}
 * @param units the parts the space was cut into (the first preemptions made at one point, and
 *     each schedule without any; or the random schedules): a shard explores those whose number is I
 *     modulo N
 * @param schedules the schedules run to their end or to their first failure
 * @param pruned the states skipped as already explored with at least as much budget left
 * @param steps the statements run inside the units
 * @param failures the distinct failures, by the unit and order they were found in
 * @param seconds the wall time, not part of what is compared
 */
public record ExploreReport(String scenario, int bound, long random, long seed, boolean reduction,
    String shard, int units, long schedules, long pruned, long steps, List<Failure> failures,
    double seconds) {
  public ExploreReport {
    failures = List.copyOf(failures);
  }

  /**
   * One distinct failure: its key (the diagnostic's code and where it was raised, or a failed
   * step's or a broken invariant's), how many schedules met it, and the first schedule that did
   * as a scenario file.
   *
   * @param key the dedupe key, {@code CODE @ TASK:line N}
   * @param code the diagnostic's code, an invariant's id, or {@code failed}
   * @param message the diagnostic as the kernel prints it
   * @param site the program and line that raised it
   * @param schedules how many explored schedules met it
   * @param unit the unit of the first schedule that met it
   * @param order its order among the failures of that unit
   * @param reproducer the first such schedule as a sequential scenario for {@code kmapsim run}
   */
  public record Failure(String key, String code, String message, String site, long schedules,
      int unit, int order, String reproducer) {}

  /** Whether no schedule failed. */
  public boolean ok() {
    return failures.isEmpty();
  }

  /** Schedules per second. */
  public double schedulesPerSecond() {
    return schedules / Math.max(1e-9, seconds);
  }

  /** The report with its wall time zeroed: what two runs are compared by. */
  public ExploreReport deterministic() {
    return new ExploreReport(scenario, bound, random, seed, reduction, shard, units, schedules,
        pruned, steps, failures, 0);
  }

  /** The report as a JSON object (the keys of docs/SCENARIOS.md). */
  public Map<String, Object> json() {
    List<Object> f = new ArrayList<>();
    for (Failure x : failures) {
      f.add(Json.object("key", x.key(), "code", x.code(), "message", x.message(), "site",
          x.site(), "schedules", x.schedules(), "unit", x.unit(), "order", x.order(),
          "reproducer", x.reproducer()));
    }
    return Json.object("scenario", scenario, "bound", bound, "random", random, "seed", seed,
        "reduction", reduction, "shard", shard, "units", units, "schedules", schedules,
        "pruned", pruned, "steps", steps, "failures", f, "seconds", seconds,
        "schedulesPerSec", Math.round(schedulesPerSecond()), "exitCode", ok() ? 0 : 1);
  }

  /**
   * Reads a report written by {@link #json()}.
   *
   * @throws IllegalArgumentException for text that is not such a report
   */
  public static ExploreReport fromJson(String text) {
    Map<String, Object> o = JsonReader.object(text);
    List<Failure> failures = new ArrayList<>();
    for (Object x : JsonReader.list(o, "failures")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> f = (Map<String, Object>) x;
      failures.add(new Failure(JsonReader.string(f, "key"), JsonReader.string(f, "code"),
          JsonReader.string(f, "message"), JsonReader.string(f, "site"),
          JsonReader.number(f, "schedules"), (int) JsonReader.number(f, "unit"),
          (int) JsonReader.number(f, "order"), JsonReader.string(f, "reproducer")));
    }
    return new ExploreReport(JsonReader.string(o, "scenario"), (int) JsonReader.number(o, "bound"),
        JsonReader.number(o, "random"), JsonReader.number(o, "seed"),
        JsonReader.bool(o, "reduction"), JsonReader.string(o, "shard"),
        (int) JsonReader.number(o, "units"), JsonReader.number(o, "schedules"),
        JsonReader.number(o, "pruned"), JsonReader.number(o, "steps"), failures,
        JsonReader.decimal(o, "seconds"));
  }

  /**
   * The report of the shards together: counts summed, failures with the same key joined (the
   * first schedule's reproducer kept), {@code all} when every shard is there. Equal to the
   * unsharded run's report (but the time, which is the slowest shard's).
   *
   * @throws IllegalArgumentException for reports of other scenarios or options, or shards that
   *     overlap
   */
  public static ExploreReport merge(List<ExploreReport> reports) {
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("no reports to merge");
    }
    ExploreReport first = reports.get(0);
    TreeSet<Integer> covered = new TreeSet<>();
    int of = -1;
    long schedules = 0;
    long pruned = 0;
    long steps = 0;
    double seconds = 0;
    Map<String, Failure> byKey = new LinkedHashMap<>();
    for (ExploreReport r : reports) {
      if (!r.scenario.equals(first.scenario) || r.bound != first.bound
          || r.random != first.random || r.seed != first.seed || r.reduction != first.reduction
          || r.units != first.units) {
        throw new IllegalArgumentException("cannot merge: " + r.scenario + " (bound " + r.bound
            + ", random " + r.random + ", seed " + r.seed + ") is another exploration than "
            + first.scenario + " (bound " + first.bound + ", random " + first.random + ", seed "
            + first.seed + ")");
      }
      String[] parts = r.shard.equals("all") ? new String[] {"0", "1"} : r.shard.split("/");
      int n = Integer.parseInt(parts[1]);
      if (of >= 0 && n != of) {
        throw new IllegalArgumentException("cannot merge shards of " + of + " and of " + n);
      }
      of = n;
      for (String i : parts[0].split(",")) {
        if (!covered.add(Integer.parseInt(i))) {
          throw new IllegalArgumentException("shard " + i + "/" + n + " is given twice");
        }
      }
      schedules += r.schedules;
      pruned += r.pruned;
      steps += r.steps;
      seconds = Math.max(seconds, r.seconds);
      for (Failure f : r.failures) {
        byKey.merge(f.key(), f, (a, b) -> {
          Failure firstFound = compare(a, b) <= 0 ? a : b;
          return new Failure(firstFound.key(), firstFound.code(), firstFound.message(),
              firstFound.site(), a.schedules() + b.schedules(), firstFound.unit(),
              firstFound.order(), firstFound.reproducer());
        });
      }
    }
    List<Failure> failures = new ArrayList<>(byKey.values());
    failures.sort(ExploreReport::compare);
    String shard = covered.size() == of ? "all" : String.join(",",
        covered.stream().map(String::valueOf).toList()) + "/" + of;
    return new ExploreReport(first.scenario, first.bound, first.random, first.seed,
        first.reduction, shard, first.units, schedules, pruned, steps, failures, seconds);
  }

  static int compare(Failure a, Failure b) {
    return Comparator.comparingInt(Failure::unit).thenComparingInt(Failure::order).compare(a, b);
  }
}
