// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Explores the schedules of a concurrent scenario (docs/SCENARIOS.md, "Concurrent scenarios").
 *
 * <p>Exhaustive mode is a depth-first search of the tree of {@link Choice}s, each branching point
 * left through a snapshot ({@link ScenarioRun#checkpoint()}) and come back to by {@code
 * Machine.restore}. The tree is cut into units, numbered in depth-first order: the subtrees of
 * the choices that cost (a schedule's first preemption, interrupt or migration) made at a run of
 * consecutive nodes reached without one (about {@value #UNITS} such units), and each schedule
 * without any. A CHESS tree is lopsided (the schedules that have spent nothing are most of it);
 * this cut gives units of similar size, largest first. A unit is explored on its own (its own set of visited states for the
 * reduction), so the report is the sum of the units' in their order: shard I of N takes the units
 * numbered I modulo N, J threads take the units of the shard as they come, and both give the same
 * report as one thread on the whole tree. Every thread walks the nodes without a preemption
 * itself (few: only switches that cost nothing). Random mode runs N schedules, schedule i
 * choosing uniformly with a generator seeded by the seed and i; its units are the schedules.
 *
 * <p>A schedule ends when nothing may run within the bound, or at its first failure.
 */
public final class Explorer {
  /** About how many units of first preemptions the tree is cut into. */
  static final int UNITS = 64;


  /** Choices between two snapshots when states are not hashed. */
  static final int INTERVAL = 4;

  /** Hears how far an exploration is. */
  @FunctionalInterface
  public interface Progress {
    /** {@code done} of {@code total} units explored, {@code schedules} schedules so far. */
    void explored(int done, int total, long schedules);
  }

  private final Scenario scenario;
  private final String name;
  private final ExploreOptions options;
  private final Set<Integer> claimed = ConcurrentHashMap.newKeySet();
  private final Map<Integer, UnitResult> results = new ConcurrentHashMap<>();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong schedules = new AtomicLong();
  private final Progress progress;
  /** Nodes without a preemption whose first preemptions form one unit ({@link #countUnits}). */
  private int width;
  /** Hears each schedule's statements as it ends (for tests); null in use. */
  private final Consumer<Interleaving> leaves;
  private int total;

  private Explorer(Scenario scenario, String name, ExploreOptions options, Progress progress,
      Consumer<Interleaving> leaves) {
    this.scenario = scenario;
    this.name = name;
    this.options = options;
    this.progress = progress;
    this.leaves = leaves;
  }

  /**
   * Explores a concurrent scenario as the options say.
   *
   * @param name the scenario's file name, for the report and the reproducers
   * @param progress hears each unit finish; may be null
   * @throws io.github.kmapsim.scenario.ScenarioException when its machine cannot be built
   * @throws IllegalArgumentException for a scenario without programs
   */
  public static ExploreReport explore(Scenario scenario, String name, ExploreOptions options,
      Progress progress) {
    if (!scenario.concurrent()) {
      throw new IllegalArgumentException(name + " gives no task a program (NAME: call) and"
          + " declares no irq: it has one schedule, kmapsim run runs it");
    }
    return new Explorer(scenario, name, options, progress, null).run();
  }

  /**
   * As {@link #explore}, a sequential scenario too (its one schedule), {@code leaves} hearing
   * each schedule's interleaving when it ends (from several threads with {@code jobs > 1}).
   */
  static ExploreReport exploreAny(Scenario scenario, String name, ExploreOptions options,
      Consumer<Interleaving> leaves) {
    return new Explorer(scenario, name, options, null, leaves).run();
  }

  /**
   * Explores as {@link #explore} does and gives {@code leaves} each schedule's statements, as a
   * scenario renders them, when it ends (from several threads with {@code jobs > 1}).
   */
  static ExploreReport explore(Scenario scenario, ExploreOptions options,
      Consumer<List<String>> leaves) {
    return new Explorer(scenario, "test.ksim", options, null,
        w -> leaves.accept(w.trail().stream().map(Statement::render).toList())).run();
  }

  /** The scenario's file name without its folders, as diagnostics name sites. */
  private String fileName() {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1);
  }

  private void leaf(Interleaving w) {
    if (leaves != null) {
      leaves.accept(w);
    }
  }

  private ExploreReport run() {
    long start = System.nanoTime();
    total = options.random() > 0 ? (int) Math.min(Integer.MAX_VALUE, options.random())
        : countUnits();
    List<Thread> threads = new ArrayList<>();
    List<RuntimeException> crashed = new ArrayList<>();
    for (int j = 0; j < options.jobs(); j++) {
      Thread t = new Thread(() -> {
        try {
          work();
        } catch (RuntimeException e) {
          synchronized (crashed) {
            crashed.add(e);
          }
        }
      }, "explore-" + j);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    if (!crashed.isEmpty()) {
      throw crashed.get(0);
    }
    long n = 0;
    long pruned = 0;
    long steps = 0;
    Map<String, ExploreReport.Failure> failures = new LinkedHashMap<>();
    List<Integer> order = new ArrayList<>(results.keySet());
    order.sort(null);
    for (int u : order) {
      UnitResult r = results.get(u);
      n += r.schedules;
      pruned += r.pruned;
      steps += r.steps;
      for (ExploreReport.Failure f : r.failures.values()) {
        failures.merge(f.key(), f, (a, b) -> new ExploreReport.Failure(a.key(), a.code(),
            a.message(), a.site(), a.schedules() + b.schedules(), a.unit(), a.order(),
            a.reproducer()));
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    return new ExploreReport(name, options.bound(), options.random(), options.seed(),
        options.reduction(), options.shardName(), total, n, pruned, steps,
        new ArrayList<>(failures.values()), secs);
  }

  /**
   * Chooses {@link #width} so that the tree has about {@value #UNITS} units of first preemptions,
   * and returns the number of units (walks of the nodes without a preemption).
   */
  private int countUnits() {
    Interleaving w = new Interleaving(scenario, fileName(), options.bound(),
        options.prefix() == ExploreOptions.Prefix.REBOOT);
    if (!w.prologue().isEmpty()) {
      return 1;
    }
    Interleaving.Mark start = w.mark();
    int[] nodes = {0};
    width = Integer.MAX_VALUE;
    Group all = new Group();
    top(w, new ArrayList<>(), nodes, true, null, all);
    width = Math.max(1, -Math.floorDiv(-all.nodes, UNITS));
    w.reset(start);
    int[] counter = {0};
    top(w, new ArrayList<>(), counter, true, null, new Group());
    return counter[0];
  }

  private boolean mine(int unit) {
    return unit % options.shards() == options.shard() && claimed.add(unit);
  }

  /** One thread: its own machine; the units of the shard no other thread took. */
  private void work() {
    Interleaving w = new Interleaving(scenario, fileName(), options.bound(),
        options.prefix() == ExploreOptions.Prefix.REBOOT);
    List<Interleaving.Found> failed = w.prologue();
    if (!failed.isEmpty()) {
      if (mine(0)) {
        UnitResult r = new UnitResult(0);
        r.schedules = 1;
        r.record(failed, w);
        leaf(w);
        finish(r);
      }
      return;
    }
    if (options.random() > 0) {
      Interleaving.Mark start = w.mark();
      for (long i = 0; i < options.random(); i++) {
        if (mine((int) i)) {
          w.reset(start);
          finish(walk(w, (int) i));
        }
      }
    } else {
      Group g = new Group();
      top(w, new ArrayList<>(), new int[] {0}, false, w.mark(), g);
      close(g);
    }
  }

  private void finish(UnitResult r) {
    results.put(r.unit, r);
    long n = schedules.addAndGet(r.schedules);
    int d = done.incrementAndGet();
    if (progress != null) {
      synchronized (progress) {
        progress.explored(d, total, n);
      }
    }
  }

  /**
   * The current unit of first preemptions during a walk of the nodes without one: its number,
   * how many nodes it took so far, and (when this thread explores it) its result and visited
   * states.
   */
  private static final class Group {
    int unit = -1;
    int nodes;
    UnitResult result;
    Map<Interleaving.Key, Integer> visited;
  }

  /**
   * The nodes without a preemption, above the units: every thread walks them and takes each unit
   * of its shard no other thread took; with {@code count}, only numbers the units. The choices
   * that cost (preempt, interrupt, migrate) at {@link #width} consecutive such nodes, in
   * depth-first order, form one unit, explored with one set of visited states (so that two
   * preemptions made in either order at nearby points are one state); the free choices are walked
   * on. {@code path} holds the choices from {@code start}, the point after the prologue.
   */
  private void top(Interleaving w, List<Choice> path, int[] counter, boolean count,
      Interleaving.Mark start, Group g) {
    List<Choice> cs = w.choices();
    if (cs.isEmpty()) {
      int unit = counter[0]++;
      if (!count && mine(unit)) {
        UnitResult r = new UnitResult(unit);
        r.schedules = 1;
        leaf(w);
        finish(r);
      }
      return;
    }
    Interleaving.Mark m = cs.size() > 1 ? w.mark() : null;
    boolean moved = false;
    if (cs.stream().anyMatch(c -> c.cost() > 0)) {
      if (g.unit < 0 || g.nodes == width) {
        close(g);
        g.unit = counter[0]++;
        g.nodes = 0;
        if (!count && mine(g.unit)) {
          g.result = new UnitResult(g.unit);
          g.visited = new HashMap<>();
        }
      }
      g.nodes++;
      if (g.result != null) {
        long before = w.steps();
        for (Choice c : cs) {
          if (c.cost() > 0) {
            if (moved) {
              w.reset(m);
            }
            moved = true;
            path.add(c);
            List<Interleaving.Found> f = w.apply(c);
            if (f.isEmpty()) {
              dfs(w, g.result, g.visited, path, start, 0);
            } else {
              g.result.schedules++;
              g.result.record(f, w);
              leaf(w);
            }
            path.remove(path.size() - 1);
          }
        }
        g.result.steps += w.steps() - before;
      }
    }
    for (Choice c : cs) {
      if (c.cost() > 0) {
        continue;
      }
      if (moved) {
        w.reset(m);
      }
      moved = true;
      path.add(c);
      List<Interleaving.Found> f = w.apply(c);
      if (!f.isEmpty()) {
        int unit = counter[0]++;
        if (!count && mine(unit)) {
          UnitResult r = new UnitResult(unit);
          r.schedules = 1;
          r.record(f, w);
          leaf(w);
          finish(r);
        }
      } else {
        top(w, path, counter, count, start, g);
      }
      path.remove(path.size() - 1);
    }
  }

  /** Hands in the result of a unit of first preemptions this thread explored. */
  private void close(Group g) {
    if (g.result != null) {
      finish(g.result);
      g.result = null;
      g.visited = null;
    }
  }

  /**
   * Every schedule below the current point of {@code w}, reached from {@code start} (the point
   * after the prologue) by the choices of {@code path}. A branching point is come back to by
   * restoring the snapshot {@code anchor} taken {@code path.size() - anchorLength} choices above
   * it and making those choices again: a snapshot is taken every {@value #INTERVAL} choices (and
   * at every branching point when states are hashed, whose key is the snapshot), so that a
   * sibling costs one restore and fewer than {@value #INTERVAL} choices, never the whole prefix.
   * {@link ExploreOptions.Prefix#REPLAY} keeps {@code start} as the only anchor: the prefix
   * replayed from the start, to measure what the snapshots save.
   */
  private void dfs(Interleaving w, UnitResult r, Map<Interleaving.Key, Integer> visited,
      List<Choice> path, Interleaving.Mark anchor, int anchorLength) {
    List<Choice> cs = w.choices();
    if (cs.isEmpty()) {
      r.schedules++;
      leaf(w);
      return;
    }
    int rootLength = path.size();
    Interleaving.Mark mark = anchor;
    int markLength = anchorLength;
    if (cs.size() > 1 && (options.reduction()
        || options.prefix() != ExploreOptions.Prefix.REPLAY
        && rootLength - anchorLength >= INTERVAL)) {
      Interleaving.Mark m = w.mark();
      if (options.reduction()) {
        Interleaving.Key key = w.key(m.checkpoint());
        Integer best = visited.get(key);
        if (best != null && best >= w.remaining()) {
          r.pruned++;
          return;
        }
        visited.put(key, w.remaining());
      }
      if (options.prefix() != ExploreOptions.Prefix.REPLAY) {
        mark = m;
        markLength = rootLength;
      }
    }
    for (int i = 0; i < cs.size(); i++) {
      if (i > 0) {
        w.reset(mark);
        for (int j = markLength; j < rootLength; j++) {
          w.apply(path.get(j));
        }
      }
      path.add(cs.get(i));
      List<Interleaving.Found> f = w.apply(cs.get(i));
      if (!f.isEmpty()) {
        r.schedules++;
        r.record(f, w);
        leaf(w);
      } else {
        dfs(w, r, visited, path, mark, markLength);
      }
      path.subList(rootLength, path.size()).clear();
    }
  }

  /** Random schedule {@code i}. */
  private UnitResult walk(Interleaving w, int i) {
    UnitResult r = new UnitResult(i);
    SplittableRandom rnd = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + i);
    long before = w.steps();
    while (true) {
      List<Choice> cs = w.choices();
      if (cs.isEmpty()) {
        break;
      }
      List<Interleaving.Found> f = w.apply(cs.get(rnd.nextInt(cs.size())));
      if (!f.isEmpty()) {
        r.record(f, w);
        break;
      }
    }
    leaf(w);
    r.schedules = 1;
    r.steps = w.steps() - before;
    return r;
  }

  /** What one unit found. */
  private final class UnitResult {
    final int unit;
    final Map<String, ExploreReport.Failure> failures = new LinkedHashMap<>();
    long schedules;
    long pruned;
    long steps;

    UnitResult(int unit) {
      this.unit = unit;
    }

    void record(List<Interleaving.Found> found, Interleaving w) {
      for (Interleaving.Found f : found) {
        ExploreReport.Failure old = failures.get(f.key());
        if (old == null) {
          String header = "kmapsim explore " + name + (options.random() > 0 ? " --random "
              + options.random() + " --seed " + options.seed() : " --bound " + options.bound())
              + ": " + f.code() + " at " + f.site() + "\n"
              + f.message().lines().findFirst().orElse("") + "\n"
              + "replay: kmapsim run THIS_FILE (timeline: kmapsim run --trace trace.json ...)";
          failures.put(f.key(), new ExploreReport.Failure(f.key(), f.code(), f.message(),
              f.site(), 1, unit, failures.size(), w.reproducer(name, header)));
        } else {
          failures.put(f.key(), new ExploreReport.Failure(old.key(), old.code(), old.message(),
              old.site(), old.schedules() + 1, old.unit(), old.order(), old.reproducer()));
        }
      }
    }
  }
}
