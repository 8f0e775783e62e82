// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import java.util.List;

/**
 * The one rule type of the kit. Each family ({@link LayoutRules}, {@link PteRules}, {@link
 * HookRules}, {@link BehaviourRules}, {@link VectorRules}) declares its rules as instances: a
 * {@link Check} (id, severity, stage, description, hint, prerequisites) and a body. The body runs
 * on a {@link Subject}, the variant under test, and either returns a one-line summary of what it
 * checked, or throws: {@link Kit#require} and {@link Kit#fail} for a failure whose message names
 * the mistake (what was expected, what the port did, on which CPU, slot and address), {@link
 * Kit#notApplicable} when the variant lacks what the rule is about. Anything else the port throws
 * is a failure that names the exception ({@link ConformanceKit}).
 *
 * @param check the rule's identity and documentation
 * @param body what it checks
 */
record Rule(Check check, Body body) {

  /** What a rule checks. */
  @FunctionalInterface
  interface Body {
    /**
     * Checks the subject.
     *
     * @return a one-line summary of what was checked
     */
    String run(Subject subject);
  }

  /**
   * A rule a port must pass.
   *
   * @param name the id after {@code required_<stage>_}
   * @param requires the full ids of the rules it depends on
   */
  static Rule required(Stage stage, String name, String description, String hint,
      List<String> requires, Body body) {
    return new Rule(new Check("required_" + stage.id() + "_" + name, Check.Severity.REQUIRED,
        stage, description, hint, requires), body);
  }

  /** A recommended rule: its failure is a warning. */
  static Rule optional(Stage stage, String name, String description, String hint,
      List<String> requires, Body body) {
    return new Rule(new Check("optional_" + stage.id() + "_" + name, Check.Severity.OPTIONAL,
        stage, description, hint, requires), body);
  }
}
