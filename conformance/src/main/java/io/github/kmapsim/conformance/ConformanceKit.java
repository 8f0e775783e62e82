// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.Capability;
import io.github.kmapsim.conformance.CheckResult.Outcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The conformance kit for one architecture variant, without JUnit:
 *
 * <pre>{@code
 * List<CheckResult> results = ConformanceKit.of(variant).run();
 * results.forEach(r -> System.out.println(r.format()));
 * boolean ok = ConformanceKit.passed(results);
 * }</pre>
 *
 * <p>{@link ConformanceTests} runs the same rules as JUnit 5 dynamic tests. The rules come in
 * five families, which are also the stages of a port ({@link Stage}); {@link #run(Stage...)}
 * runs one stage's rules, so a port can be brought up stage by stage. Rules run in a fixed order
 * in which every rule comes after those it depends on ({@link Check#requires}); a failure whose
 * prerequisite failed too names the failed rule where the cause is ({@link
 * CheckResult#failedPrerequisites}). Machines are built
 * with {@link KmapSim#newMachine(io.github.kmapsim.api.MachineConfig, ArchVariant)} on small
 * configurations: 2 CPUs (1 on a uniprocessor) and the most CPUs up to the variant's NR_CPUS
 * limit, capped at {@value #MAX_KIT_CPUS}, whose kernel builds with KM_MAX_IDX 16 and 33.
 */
public final class ConformanceKit {

  /** The largest NR_CPUS the kit builds. */
  public static final int MAX_KIT_CPUS = Subject.MAX_KIT_CPUS;

  private static final List<Rule> RULES = ordered(Stream.of(LayoutRules.rules(),
      PteRules.rules(), HookRules.rules(), BehaviourRules.rules(), VectorRules.rules())
      .flatMap(List::stream).toList());

  /** Per rule, every rule it depends on, directly or through others. */
  private static final Map<String, Set<String>> PREREQUISITES = prerequisites(RULES);

  private final Subject subject;
  private final Map<String, Outcome> outcomes = new HashMap<>();

  private ConformanceKit(ArchVariant variant) {
    this.subject = new Subject(Objects.requireNonNull(variant, "variant"));
  }

  /** The kit for a variant given explicitly (a plugin under development). */
  public static ConformanceKit of(ArchVariant variant) {
    return new ConformanceKit(variant);
  }

  /** The kit for a discovered variant. */
  public static ConformanceKit forVariant(String name) {
    return new ConformanceKit(KmapSim.variant(name));
  }

  /** Every rule of the kit, in the order it runs them: prerequisites first. */
  public static List<Check> checks() {
    return RULES.stream().map(Rule::check).toList();
  }

  /** The rules of some stages, in run order; every rule when none is named. */
  public static List<Check> checks(Stage... stages) {
    Set<Stage> wanted = stages(stages);
    return RULES.stream().map(Rule::check).filter(c -> wanted.contains(c.stage())).toList();
  }

  /** The variant under test. */
  public ArchVariant variant() {
    return subject.variant();
  }

  /**
   * The variant's capabilities: the default methods of the SPI it overrides. Where one is absent
   * the kernel's default holds, and the rules check that default behaviour.
   */
  public Set<Capability> capabilities() {
    return subject.capabilities();
  }

  /** Runs every rule; a rule that throws is a failure naming the exception. */
  public List<CheckResult> run() {
    return run(new Stage[0]);
  }

  /**
   * Runs the rules of the named stages (every rule when none is named), in order. Rules of other
   * stages do not run, so a failure here names a failed prerequisite only within the run.
   */
  public List<CheckResult> run(Stage... stages) {
    outcomes.clear();
    Set<Stage> wanted = stages(stages);
    List<CheckResult> results = new ArrayList<>();
    for (Rule rule : RULES) {
      if (wanted.contains(rule.check().stage())) {
        results.add(result(rule));
      }
    }
    return results;
  }

  /**
   * Whether a run is a pass: at least one rule executed and no required rule failed. A run
   * that checked nothing is a failure.
   */
  public static boolean passed(List<CheckResult> results) {
    return !results.isEmpty() && results.stream()
        .noneMatch(r -> !r.passed() && r.check().severity() == Check.Severity.REQUIRED);
  }

  /** The rules, for {@link ConformanceTests}. */
  static List<Rule> rules(Stage... stages) {
    Set<Stage> wanted = stages(stages);
    return RULES.stream().filter(r -> wanted.contains(r.check().stage())).toList();
  }

  /** Runs one rule, remembering its outcome for the rules that depend on it. */
  CheckResult result(Rule rule) {
    CheckResult r = runOne(rule);
    outcomes.put(rule.check().id(), r.outcome());
    return r;
  }

  private CheckResult runOne(Rule rule) {
    try {
      String summary = rule.body().run(subject);
      return result(rule, Outcome.PASSED, summary);
    } catch (Kit.NotApplicable n) {
      return result(rule, Outcome.NOT_APPLICABLE, n.getMessage());
    } catch (Kit.Failure f) {
      return result(rule, Outcome.FAILED, f.getMessage());
    } catch (KmapException e) {
      return result(rule, Outcome.FAILED,
          "the machine stopped with " + e.code() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return result(rule, Outcome.FAILED, "the plugin threw " + e);
    } catch (LinkageError e) {
      return result(rule, Outcome.FAILED, "the plugin does not link against this kmapsim-api"
          + " (built against another version?): " + e);
    }
  }

  private CheckResult result(Rule rule, Outcome outcome, String diagnostic) {
    List<String> failed = outcome != Outcome.FAILED ? List.of() : rootCauses(rule.check().id());
    return new CheckResult(rule.check(), subject.variant().name(), outcome, diagnostic, failed);
  }

  /**
   * The rules {@code id} depends on, directly or through others, that failed in this run while
   * none of their own prerequisites did: where the cause is, in run order.
   */
  private List<String> rootCauses(String id) {
    Set<String> failed = new LinkedHashSet<>();
    for (Rule r : RULES) {
      String req = r.check().id();
      if (PREREQUISITES.get(id).contains(req) && outcomes.get(req) == Outcome.FAILED) {
        failed.add(req);
      }
    }
    return failed.stream()
        .filter(f -> PREREQUISITES.get(f).stream().noneMatch(failed::contains)).toList();
  }

  private static Set<Stage> stages(Stage... stages) {
    return stages.length == 0 ? EnumSet.allOf(Stage.class) : EnumSet.copyOf(List.of(stages));
  }

  private static Map<String, Set<String>> prerequisites(List<Rule> rules) {
    Map<String, Set<String>> all = new HashMap<>();
    for (Rule r : rules) {
      Set<String> closure = new HashSet<>();
      for (String req : r.check().requires()) {
        closure.add(req);
        closure.addAll(all.get(req));
      }
      all.put(r.check().id(), Set.copyOf(closure));
    }
    return Map.copyOf(all);
  }

  /** The rules, checked: ids unique, every prerequisite an earlier rule. */
  private static List<Rule> ordered(List<Rule> rules) {
    Set<String> seen = new HashSet<>();
    for (Rule r : rules) {
      for (String req : r.check().requires()) {
        if (!seen.contains(req)) {
          throw new IllegalStateException(r.check().id() + " depends on " + req
              + ", which does not run before it");
        }
      }
      if (!seen.add(r.check().id())) {
        throw new IllegalStateException("two rules named " + r.check().id());
      }
    }
    return rules;
  }
}
