// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

import io.github.kmapsim.scenario.Scenario;
import io.github.kmapsim.scenario.report.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kmap_atomic to kmap_local conversion, judged by exploration (docs/CONVERT.md). The series
 * that added kmap_local (f3ba3c710ac5, "mm/highmem: Provide kmap_local*") left every {@code
 * kmap_atomic()} call site to be judged by hand: does its section rely on the preemption and
 * page-fault disabling that {@code kmap_atomic()} implies (include/linux/highmem-internal.h)?
 * For each site this explores the scenario as written and with that one site converted ({@code
 * kmap_atomic} to {@code kmap_local_page}, {@code kmap_atomic_pfn} to {@code kmap_local_pfn},
 * its {@code kunmap_atomic} to {@code kunmap_local}); a failure the converted scenario has and
 * the original has not makes the site unsafe. It also explores the original with {@code
 * preempt-rt}, where {@code kmap_atomic()} disables migration, not preemption: a failure there
 * inside a site's section makes the site unsafe on PREEMPT_RT as written.
 *
 * <p>Explorations run with {@link ExploreOptions.Prefix#REBOOT} and no state hashing, so that
 * the checker's per-CPU history (KMAP-W021) is a straight run's in every schedule.
 */
public final class ConvertCheck {
  private static final Pattern MAP = Pattern.compile(
      "^(\\s*)([A-Za-z_][A-Za-z0-9_]*)(:\\s*)([A-Za-z_][A-Za-z0-9_]*)(\\s*=\\s*)"
          + "(kmap_atomic|kmap_atomic_pfn)(\\s.*)$");
  private static final Pattern UNMAP = Pattern.compile(
      "^(\\s*)([A-Za-z_][A-Za-z0-9_]*)(:\\s*)(kunmap_atomic)(\\s+)([A-Za-z_][A-Za-z0-9_]*)"
          + "(\\s*(\\+\\s*\\S+)?\\s*(#.*)?)$");
  private static final Pattern USER_COPY = Pattern.compile(
      "\\b(__)?copy_(to|from)_user(_inatomic)?\\b|\\bfault_in_readable\\b");
  private static final Pattern FAILURE_SITE = Pattern.compile("^(?:(.*):)?line (\\d+)$");

  /** Why a converted site is unsafe, most specific first. */
  public enum Reason {
    /** KMAP-W020/W021: per-CPU data used where the section is now preemptible. */
    PER_CPU("per-cpu"),
    /** A user copy that relied on the page faults kmap_atomic disabled. */
    USER_COPY("user-copy"),
    /**
     * A read that gets a value no schedule of the original gets at that line (or a {@code read
     * ... expect} that misses).
     */
    DATA("data"),
    /** Any other diagnostic or failure the original does not have. */
    DIAGNOSTIC("diagnostic");

    private final String word;

    Reason(String word) {
      this.word = word;
    }

    /** The reason as the report prints it. */
    public String word() {
      return word;
    }
  }

  /**
   * One kmap_atomic site.
   *
   * @param owner the task, irq or {@code cpuN} whose line maps
   * @param line the map's line
   * @param unmapLine the line of its {@code kunmap_atomic}, 0 when there is none
   * @param name the name the map binds
   * @param call {@code kmap_atomic} or {@code kmap_atomic_pfn}
   */
  public record Site(String owner, int line, int unmapLine, String name, String call) {
    /** {@code OWNER:line N}, as explorer failures name their sites. */
    public String where() {
      return owner + ":line " + line;
    }

    boolean covers(String failureSite) {
      Matcher m = FAILURE_SITE.matcher(failureSite);
      if (!m.matches() || !owner.equals(m.group(1))) {
        return false;
      }
      int l = Integer.parseInt(m.group(2));
      return l >= line && (unmapLine == 0 || l <= unmapLine);
    }
  }

  /**
   * The verdict on one site.
   *
   * @param site the site
   * @param safe whether the converted scenario fails nowhere the original does not
   * @param reason why not, null when safe
   * @param failure the new failure the reason comes from (its reproducer fails under {@code
   *     kmapsim run}), null when safe
   * @param newFailures every failure key the converted scenario has and the original has not
   * @param schedules the converted scenario's schedules explored
   * @param rtFailure a failure (or a read of a value the original never reads there) inside the
   *     site's section on PREEMPT_RT as written, or null
   */
  public record Verdict(Site site, boolean safe, Reason reason, ExploreReport.Failure failure,
      List<String> newFailures, long schedules, ExploreReport.Failure rtFailure) {
    public Verdict {
      newFailures = List.copyOf(newFailures);
    }

    /** Whether the site is already unsafe on PREEMPT_RT as written. */
    public boolean unsafeOnRt() {
      return rtFailure != null;
    }
  }

  /**
   * What convert-check found.
   *
   * @param scenario the scenario's file name
   * @param options the explorations' options
   * @param original the original's exploration
   * @param rt the original's exploration with {@code preempt-rt}
   * @param verdicts one per site, in file order
   * @param seconds the wall time
   */
  public record Report(String scenario, ExploreOptions options, ExploreReport original,
      ExploreReport rt, List<Verdict> verdicts, double seconds) {
    public Report {
      verdicts = List.copyOf(verdicts);
    }

    /** Whether every site is safe to convert. */
    public boolean ok() {
      return verdicts.stream().allMatch(Verdict::safe);
    }

    /** The schedules explored in all: the original, each conversion, PREEMPT_RT. */
    public long schedules() {
      return original.schedules() + rt.schedules()
          + verdicts.stream().mapToLong(Verdict::schedules).sum();
    }

    /** The report as a JSON object (docs/CONVERT.md). */
    public Map<String, Object> json() {
      List<Object> sites = new ArrayList<>();
      for (Verdict v : verdicts) {
        Site s = v.site();
        sites.add(Json.object("site", s.where(), "owner", s.owner(), "line", s.line(),
            "unmapLine", s.unmapLine(), "name", s.name(), "call", s.call(),
            "verdict", v.safe() ? "safe" : "unsafe",
            "reason", v.reason() == null ? null : v.reason().word(),
            "code", v.failure() == null ? null : v.failure().code(),
            "message", v.failure() == null ? null : v.failure().message(),
            "failureSite", v.failure() == null ? null : v.failure().site(),
            "reproducer", v.failure() == null ? null : v.failure().reproducer(),
            "newFailures", v.newFailures(), "schedules", v.schedules(),
            "unsafeOnPreemptRt", v.unsafeOnRt(),
            "preemptRtCode", v.rtFailure() == null ? null : v.rtFailure().code(),
            "preemptRtReproducer", v.rtFailure() == null ? null : v.rtFailure().reproducer()));
      }
      return Json.object("scenario", scenario, "bound", options.bound(), "random",
          options.random(), "seed", options.seed(), "originalSchedules", original.schedules(),
          "originalFailures", original.failures().size(), "preemptRtSchedules", rt.schedules(),
          "schedules", schedules(), "sites", sites, "seconds", seconds, "exitCode", ok() ? 0 : 1);
    }
  }

  private ConvertCheck() {}

  /**
   * The kmap_atomic sites of a scenario's lines, in file order: {@code OWNER: NAME = kmap_atomic
   * ...} (or {@code kmap_atomic_pfn}), each with the first {@code OWNER: kunmap_atomic NAME}
   * after it.
   */
  public static List<Site> sites(List<String> lines) {
    List<Site> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MAP.matcher(lines.get(i));
      if (m.matches()) {
        int unmap = unmapOf(lines, i, m.group(2), m.group(4));
        out.add(new Site(m.group(2), i + 1, unmap < 0 ? 0 : unmap + 1, m.group(4), m.group(6)));
      }
    }
    return out;
  }

  private static int unmapOf(List<String> lines, int from, String owner, String name) {
    for (int j = from + 1; j < lines.size(); j++) {
      Matcher u = UNMAP.matcher(lines.get(j));
      if (u.matches() && u.group(2).equals(owner) && u.group(6).equals(name)) {
        return j;
      }
    }
    return -1;
  }

  /** The lines with {@code site} converted to kmap_local (and its unmap to kunmap_local). */
  public static List<String> convert(List<String> lines, Site site) {
    List<String> out = new ArrayList<>(lines);
    Matcher m = MAP.matcher(lines.get(site.line() - 1));
    if (!m.matches()) {
      throw new IllegalArgumentException("line " + site.line() + " maps nothing with kmap_atomic");
    }
    String local = m.group(6).equals("kmap_atomic_pfn") ? "kmap_local_pfn" : "kmap_local_page";
    out.set(site.line() - 1, m.group(1) + m.group(2) + m.group(3) + m.group(4) + m.group(5)
        + local + m.group(7));
    if (site.unmapLine() > 0) {
      Matcher u = UNMAP.matcher(lines.get(site.unmapLine() - 1));
      if (u.matches()) {
        out.set(site.unmapLine() - 1, u.group(1) + u.group(2) + u.group(3) + "kunmap_local"
            + u.group(5) + u.group(6) + u.group(7));
      }
    }
    return out;
  }

  /** The lines with {@code preempt-rt} added to the machine line. */
  static List<String> preemptRt(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    for (int i = 0; i < out.size(); i++) {
      String l = out.get(i);
      String code = l.contains("#") ? l.substring(0, l.indexOf('#')) : l;
      if (code.strip().startsWith("machine ") || code.strip().equals("machine")) {
        if (!code.contains("preempt-rt")) {
          out.set(i, code.stripTrailing() + " preempt-rt"
              + (code.length() < l.length() ? " " + l.substring(code.length()) : ""));
        }
        break;
      }
    }
    return out;
  }

  /**
   * Checks every kmap_atomic site of a scenario.
   *
   * @param lines the scenario's lines
   * @param name its file name, for the reports and reproducers
   * @param parser parses lines into a scenario (with the caller's plugins)
   * @param options the bound, random count, seed and jobs (state hashing and prefix are set here)
   * @throws io.github.kmapsim.scenario.ScenarioException for bad input in the original
   */
  public static Report check(List<String> lines, String name,
      Function<List<String>, Scenario> parser, ExploreOptions options) {
    long start = System.nanoTime();
    ExploreOptions o = new ExploreOptions(options.bound(), options.random(), options.seed(), 0, 1,
        options.jobs(), false, ExploreOptions.Prefix.REBOOT);
    Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    ExploreReport original = Explorer.exploreAny(parser.apply(lines), name, o,
        w -> w.observations().forEach(x -> seen.computeIfAbsent(x.site(),
            k -> ConcurrentHashMap.newKeySet()).add(x.what())));
    Map<String, ExploreReport.Failure> rtDiffers = new ConcurrentHashMap<>();
    ExploreReport rt = Explorer.exploreAny(parser.apply(preemptRt(lines)), name, o,
        w -> differs(w, name, o, seen, rtDiffers));
    Set<String> before = new HashSet<>();
    original.failures().forEach(f -> before.add(f.key()));
    List<Verdict> verdicts = new ArrayList<>();
    for (Site s : sites(lines)) {
      Map<String, ExploreReport.Failure> differs = new ConcurrentHashMap<>();
      ExploreReport conv = Explorer.exploreAny(parser.apply(convert(lines, s)), name, o,
          w -> differs(w, name, o, seen, differs));
      List<ExploreReport.Failure> fresh = new ArrayList<>(conv.failures().stream()
          .filter(f -> !before.contains(f.key())).toList());
      differs.keySet().stream().sorted().forEach(k -> fresh.add(differs.get(k)));
      ExploreReport.Failure worst = null;
      Reason reason = null;
      for (ExploreReport.Failure f : fresh) {
        Reason r = reason(f);
        if (reason == null || r.ordinal() < reason.ordinal()) {
          reason = r;
          worst = f;
        }
      }
      ExploreReport.Failure onRt = rt.failures().stream()
          .filter(f -> !before.contains(f.key()) && s.covers(f.site())).findFirst()
          .orElse(rtDiffers.keySet().stream().sorted().map(rtDiffers::get)
              .filter(f -> s.covers(f.site())).findFirst().orElse(null));
      verdicts.add(new Verdict(s, fresh.isEmpty(), reason, worst,
          fresh.stream().map(ExploreReport.Failure::key).toList(), conv.schedules(), onRt));
    }
    return new Report(name, o, original, rt, verdicts, (System.nanoTime() - start) / 1e9);
  }

  /**
   * A schedule's observations (of a conversion, or on PREEMPT_RT) that no schedule of the
   * original made at the same site
   * (a read of another value, a user copy with other bytes left): each a {@code data} failure,
   * keyed by its site, whose reproducer is the shortest such schedule (the first in text order
   * among equals, so any number of threads gives the same), its read expecting the original's
   * value so that {@code kmapsim run} fails there.
   */
  private static void differs(Interleaving w, String name, ExploreOptions o,
      Map<String, Set<String>> seen, Map<String, ExploreReport.Failure> out) {
    for (Interleaving.Observation x : w.observations()) {
      Set<String> before = seen.getOrDefault(x.site(), Set.of());
      if (before.contains(x.what())) {
        continue;
      }
      List<String> was = before.stream().sorted().toList();
      String message = x.site() + " " + x.what() + "; the original's schedules " + (was.isEmpty() ? "never get there" : "only: "
          + String.join(", ", was));
      String header = "kmapsim convert-check " + name + " --bound " + o.bound() + ": data at "
          + x.site() + "\n" + message + "\nreplay: kmapsim run THIS_FILE";
      long value = was.isEmpty() || !was.get(0).startsWith("reads 0x") ? 0
          : Long.parseUnsignedLong(was.get(0).substring("reads 0x".length()), 16);
      String reproducer = w.reproducer(name.substring(name.lastIndexOf('/') + 1), header,
          was.isEmpty() ? -1 : x.index(), value);
      out.merge(x.site(), new ExploreReport.Failure("data @ " + x.site(), "data", message,
          x.site(), 1, 0, 0, reproducer), (a, b) -> {
            ExploreReport.Failure keep = a.reproducer().length() < b.reproducer().length()
                || a.reproducer().length() == b.reproducer().length()
                && a.reproducer().compareTo(b.reproducer()) <= 0 ? a : b;
            return new ExploreReport.Failure(keep.key(), keep.code(), keep.message(),
                keep.site(), a.schedules() + b.schedules(), 0, 0, keep.reproducer());
          });
    }
  }

  /**
   * The reason class of a failure: KMAP-W020/W021 per-CPU; KMAP-W022 (an {@code _inatomic} copy
   * with page faults enabled), KMAP-W012 (might_fault in atomic context) or a user copy or
   * fault-in that no longer gives what it expected: user-copy; another {@code expect} missed:
   * data.
   */
  private static Reason reason(ExploreReport.Failure f) {
    return switch (f.code()) {
      case "KMAP-W020", "KMAP-W021" -> Reason.PER_CPU;
      case "KMAP-W012", "KMAP-W022" -> Reason.USER_COPY;
      case "data" -> USER_COPY.matcher(f.message()).find() ? Reason.USER_COPY : Reason.DATA;
      case "failed" -> USER_COPY.matcher(f.message().lines().findFirst().orElse("")).find()
          ? Reason.USER_COPY : f.message().contains(" expect ") ? Reason.DATA : Reason.DIAGNOSTIC;
      default -> Reason.DIAGNOSTIC;
    };
  }
}
