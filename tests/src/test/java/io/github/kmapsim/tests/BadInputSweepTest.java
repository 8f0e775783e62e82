// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.HighmemHelpers;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.tests.SweepSpec.Arg;
import io.github.kmapsim.tests.SweepWorld.State;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated bad-input sweep: every public method of the API ({@link SweepTable}) on every
 * variant, each argument in turn replaced by null, negative, zero, huge, each side of each
 * boundary, another machine's object and a forged or freed one, and each call tried in every
 * state of {@link SweepWorld.State}. A case must be legal (the table says so, and the call
 * returns) or a clear error: a {@link KmapException} whose message starts with its code, or a
 * NullPointerException/IllegalArgumentException naming the parameter, with the whole machine
 * ({@link Machine#snapshot()}) unchanged except for the one diagnostic of a kernel event
 * ({@link io.github.kmapsim.api.DiagnosticCode#isKernelEvent()}).
 *
 * <p>Outcomes that fail the sweep: a crash (any other exception), a silent accept (a call the
 * table says must be refused returns), a change after an error, and a refused legal call. The
 * table of cases by outcome and variant is printed, and written to
 * {@code target/robustness-table.md} for docs/ROBUSTNESS.md.
 */
class BadInputSweepTest {

  /** What a case came to. */
  enum Outcome {
    LEGAL, CLEAR_ERROR, CRASH, SILENT_ACCEPT, CHANGED_AFTER_ERROR, REFUSED_LEGAL;

    boolean failure() {
      return this != LEGAL && this != CLEAR_ERROR;
    }
  }

  /** One case tried, and what it came to. */
  record Result(String variant, String method, State state, String args, Outcome outcome,
      String detail) {
    String describe() {
      return String.format("%s %s in %s with %s: %s%s", variant, method, state, args, outcome,
          detail.isEmpty() ? "" : " -- " + detail);
    }
  }

  private static final Map<String, Map<Outcome, Integer>> TABLE = new ConcurrentHashMap<>();

  @TestFactory
  Stream<DynamicTest> everyPublicCallOnEveryVariant() {
    String only = System.getProperty("sweep.variant");
    List<String> variants = only == null ? Variants.all().toList() : List.of(only);
    return variants.stream().map(v -> DynamicTest.dynamicTest(v, () -> {
      List<Result> results = sweep(v);
      Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
      for (Outcome o : Outcome.values()) {
        counts.put(o, 0);
      }
      results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
      TABLE.put(v, counts);
      Path cases = Path.of("target", "sweep-cases", v + ".txt");
      Files.createDirectories(cases.getParent());
      Files.write(cases, results.stream().map(Result::describe).toList());
      List<String> failures = results.stream().filter(r -> r.outcome().failure())
          .map(Result::describe).toList();
      assertTrue(failures.isEmpty(), () -> failures.size() + " failing cases on " + v + ":\n"
          + String.join("\n", failures.subList(0, Math.min(60, failures.size()))));
    }));
  }

  /** Every case of every spec on one variant. */
  static List<Result> sweep(String variant) {
    Map<State, SweepWorld> worlds = new EnumMap<>(State.class);
    List<Result> results = new ArrayList<>();
    for (SweepSpec spec : SweepTable.all()) {
      SweepWorld base = worlds.computeIfAbsent(spec.base(), s -> new SweepWorld(variant, s));
      List<List<Arg>> values = new ArrayList<>();
      for (SweepSpec.Role r : spec.roles()) {
        values.add(r.values().apply(base));
      }
      Arg[] baseArgs = values.stream().map(l -> l.get(0)).toArray(Arg[]::new);
      results.add(run(variant, spec, base, baseArgs, null));
      for (int i = 0; i < values.size(); i++) {
        for (Arg a : values.get(i).subList(1, values.get(i).size())) {
          Arg[] args = baseArgs.clone();
          args[i] = a;
          results.add(run(variant, spec, base, args, spec.roles().get(i).name()));
        }
      }
      for (State s : spec.states()) {
        SweepWorld w = worlds.computeIfAbsent(s, x -> new SweepWorld(variant, x));
        Arg[] args = spec.roles().stream().map(r -> r.values().apply(w).get(0))
            .toArray(Arg[]::new);
        results.add(run(variant, spec, w, args, null));
      }
    }
    return results;
  }

  static Result run(String variant, SweepSpec spec, SweepWorld w, Arg[] args,
      String param) {
    MachineSnapshot before = w.reset();
    Object[] values = Arrays.stream(args).map(Arg::value).toArray();
    boolean legal = Arrays.stream(args).allMatch(Arg::usable) && spec.legal().test(w, values);
    String described = Arrays.stream(args).map(Arg::label).collect(Collectors.joining(", ",
        "(", ")"));
    Throwable thrown = null;
    try {
      spec.call().call(w, values);
    } catch (Throwable e) {
      thrown = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
    }
    MachineSnapshot after = w.m.snapshot();
    Outcome outcome;
    String detail = "";
    if (thrown == null) {
      outcome = legal ? Outcome.LEGAL : Outcome.SILENT_ACCEPT;
    } else if (!clear(thrown, param)) {
      outcome = Outcome.CRASH;
      detail = thrown.toString();
    } else {
      List<String> diff = before.diff(after);
      boolean unchanged = thrown instanceof KmapException k && k.code().isKernelEvent()
          ? diff.size() == 1 && diff.get(0).startsWith("diagnostic ")
              && diff.get(0).endsWith("none -> " + k.diagnostic().format())
          : diff.isEmpty();
      outcome = !unchanged ? Outcome.CHANGED_AFTER_ERROR
          : legal ? Outcome.REFUSED_LEGAL : Outcome.CLEAR_ERROR;
      detail = thrown.getMessage().lines().findFirst().orElse("")
          + (unchanged ? "" : "; changed: " + String.join("; ", diff.subList(0,
              Math.min(4, diff.size()))));
    }
    return new Result(variant, spec.key(), w.state, described, outcome, detail);
  }

  /** A clear error: a coded KmapException, or an NPE/IAE that names the bad parameter. */
  private static boolean clear(Throwable e, String param) {
    if (e instanceof KmapException k) {
      return k.getMessage().startsWith(k.code().code());
    }
    return (e instanceof NullPointerException || e instanceof IllegalArgumentException)
        && param != null && e.getMessage() != null && e.getMessage().contains(param);
  }

  /** The sweep tells each outcome apart: it can fail, and says why. */
  @Test
  void theClassifierTellsEveryOutcomeApart() {
    SweepWorld w = new SweepWorld("x86", State.TASK);
    SweepSpec.Role one = SweepSpec.role("page", x -> List.of(SweepSpec.ok("a page", x.low),
        SweepSpec.bad("null", null)));
    Map<String, Outcome> seen = new TreeMap<>();
    for (Object[] c : new Object[][] {
        {"returns", (SweepSpec.Call) (x, a) -> null},
        {"crashes", (SweepSpec.Call) (x, a) -> List.of().get(1)},
        {"npe naming nothing", (SweepSpec.Call) (x, a) -> ((Page) null).pfn()},
        {"npe naming the page", (SweepSpec.Call) (x, a) -> {
          throw new NullPointerException("page");
        }},
        {"changes, then refuses", (SweepSpec.Call) (x, a) -> {
          x.cpu.preemptDisable();
          return x.m.page(-1);
        }},
        {"refuses", (SweepSpec.Call) (x, a) -> x.m.page(-1)}}) {
      SweepSpec spec = SweepSpec.spec("X.y(Page)").args(one).call((SweepSpec.Call) c[1]);
      for (int i = 0; i < 2; i++) {
        Arg arg = one.values().apply(w).get(i);
        seen.put(c[0] + (arg.usable() ? " on a usable page" : " on null"),
            run("x86", spec, w, new Arg[] {arg}, i == 0 ? null : "page").outcome());
      }
    }
    assertEquals(Map.ofEntries(
        Map.entry("returns on a usable page", Outcome.LEGAL),
        Map.entry("returns on null", Outcome.SILENT_ACCEPT),
        Map.entry("crashes on a usable page", Outcome.CRASH),
        Map.entry("crashes on null", Outcome.CRASH),
        Map.entry("npe naming nothing on a usable page", Outcome.CRASH),
        Map.entry("npe naming nothing on null", Outcome.CRASH),
        Map.entry("npe naming the page on a usable page", Outcome.CRASH),
        Map.entry("npe naming the page on null", Outcome.CLEAR_ERROR),
        Map.entry("changes, then refuses on a usable page", Outcome.CHANGED_AFTER_ERROR),
        Map.entry("changes, then refuses on null", Outcome.CHANGED_AFTER_ERROR),
        Map.entry("refuses on a usable page", Outcome.REFUSED_LEGAL),
        Map.entry("refuses on null", Outcome.CLEAR_ERROR)), seen);
  }

  /** Every public method and constructor of the API has its line in the table. */
  @Test
  void theTableCoversEveryPublicMethodOfTheApi() {
    Set<String> api = new TreeSet<>();
    for (Class<?> c : List.of(Machine.class, Cpu.class, Task.class, HighmemHelpers.class,
        MachineSnapshot.class, Page.class, Folio.class, IoMapping.class, LiveMap.class,
        KmapResult.class, KmapResult.Mapped.class, KmapResult.Sleeping.class,
        MachineConfig.class, MachineConfig.Builder.class, KmapSim.class)) {
      api.addAll(publicMethods(c));
    }
    Set<String> covered = new TreeSet<>();
    SweepTable.all().forEach(s -> covered.add(s.key()));
    Set<String> missing = new TreeSet<>(api);
    missing.removeAll(covered);
    Set<String> unknown = new TreeSet<>(covered);
    unknown.removeAll(api);
    assertEquals(Set.of(), missing, "API methods the sweep does not try");
    assertEquals(Set.of(), unknown, "sweep lines that name no API method");
  }

  /** The public methods a class declares, less Object's and record accessors, as keys. */
  private static Set<String> publicMethods(Class<?> c) {
    Set<String> keys = new TreeSet<>();
    String type = c.getEnclosingClass() == null ? c.getSimpleName()
        : c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName();
    Set<String> accessors = c.isRecord() ? Arrays.stream(c.getRecordComponents())
        .map(rc -> rc.getName()).collect(Collectors.toSet()) : Set.of();
    for (Method m : c.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()
          || Set.of("equals", "hashCode", "toString").contains(m.getName())
          || accessors.contains(m.getName()) && m.getParameterCount() == 0) {
        continue;
      }
      keys.add(type + "." + m.getName() + params(m.getParameterTypes()));
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (Modifier.isPublic(k.getModifiers())) {
        keys.add(type + params(k.getParameterTypes()));
      }
    }
    return keys;
  }

  private static String params(Class<?>[] types) {
    return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(",", "(",
        ")"));
  }

  @AfterAll
  static void printTheTable() throws IOException {
    if (TABLE.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("| variant | tried | clear errors | legal | crashes | silent accepts | changes"
        + " after an error | refused legal calls |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Map<Outcome, Integer> total = new EnumMap<>(Outcome.class);
    for (Map.Entry<String, Map<Outcome, Integer>> e : new TreeMap<>(TABLE).entrySet()) {
      Map<Outcome, Integer> c = e.getValue();
      c.forEach((o, n) -> total.merge(o, n, Integer::sum));
      sb.append(row(e.getKey(), c));
    }
    if (TABLE.size() > 1) {
      sb.append(row("**all " + TABLE.size() + "**", total));
    }
    System.out.println("Bad-input sweep, cases by outcome:\n" + sb);
    Path out = Path.of("target", "robustness-table.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, sb.toString());
  }

  private static String row(String name, Map<Outcome, Integer> c) {
    int tried = c.values().stream().mapToInt(Integer::intValue).sum();
    return String.format("| %s | %,d | %,d | %,d | %d | %d | %d | %d |%n", name, tried,
        c.get(Outcome.CLEAR_ERROR), c.get(Outcome.LEGAL), c.get(Outcome.CRASH),
        c.get(Outcome.SILENT_ACCEPT), c.get(Outcome.CHANGED_AFTER_ERROR),
        c.get(Outcome.REFUSED_LEGAL));
  }
}
