// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.archunit;

import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * kmapsim's architecture rules, one constant per rule. Each reads as a sentence, says why with
 * {@code because(..)}, and fails when it matches no class ({@code allowEmptyShould(false)},
 * whatever {@code archunit.properties} says), so that a mistyped package is a failure rather than
 * a silent pass. No violation is frozen.
 *
 * <p>In this project they run from {@code ArchitectureTest}. A third-party architecture jar, in
 * whatever package it lives, runs the plugin rules against its own classes:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "org.example.kmapsim.myarch", importOptions = ImportOption.DoNotIncludeTests.class)
 * class MyArchRulesTest {
 *   @ArchTest static final ArchRule plugin = KmapsimRules.pluginRules("org.example.kmapsim.myarch");
 * }
 * }</pre>
 *
 * <p>Inside kmapsim a plugin lives in {@code io.github.kmapsim.arch.<name>} (and its
 * subpackages), and {@link #PLUGINS_ARE_PORTED_IN_ISOLATION} tells the plugins apart by that
 * prefix.
 */
public final class KmapsimRules {

  /** The root package of kmapsim. */
  public static final String ROOT = "io.github.kmapsim";

  /** The package prefix of architecture plugins: {@code io.github.kmapsim.arch.<name>..}. */
  public static final String ARCH = ROOT + ".arch";

  private static final String API = ROOT + ".api";
  private static final String SPI = ROOT + ".spi";
  private static final String CORE = ROOT + ".core";
  private static final String SCENARIO = ROOT + ".scenario";
  private static final String CLI = ROOT + ".cli";
  private static final String KIT = ROOT + ".conformance";

  /** The core's packages, top to bottom, as docs/ARCHITECTURE.md draws them. */
  private static final String MACHINE = CORE + ".machine..";
  private static final String CHECK = CORE + ".check..";
  private static final String HIGHMEM = CORE + ".highmem..";
  private static final String SCHED = CORE + ".sched..";
  private static final String HW = CORE + ".hw..";
  private static final String DIAG = CORE + ".diag..";

  /**
   * Classes in {@code io.github.kmapsim.arch..} should only depend on the API, the SPI, their own
   * architecture package and {@code java..}, because plugins are ported in isolation. A plugin that
   * reaches into the core or into another architecture cannot be dropped on the class path of a
   * machine built by someone else.
   *
   * <p>If this fails, check: an import of {@code io.github.kmapsim.core} (ask for the service in
   * {@code HardwareServices} instead), a shared helper taken from another architecture (copy it),
   * or a third-party library (plugins use the JDK only).
   */
  public static final ArchRule PLUGINS_ARE_PORTED_IN_ISOLATION =
      classes()
          .that()
          .resideInAPackage(ARCH + "..")
          .should(onlyHaveDependenciesWhere(targetIsInTheApiTheSpiTheOwnArchOrTheJdk()))
          .because("plugins are ported in isolation")
          .allowEmptyShould(false);

  /**
   * No classes in {@code io.github.kmapsim.core..} should depend on classes in
   * {@code io.github.kmapsim.arch..}, because the core knows the SPI, never a concrete arch.
   *
   * <p>If this fails, check for a {@code switch} on an architecture or a constant copied from a
   * plugin: the value belongs behind {@code ArchVariant}, {@code MemoryLayout}, {@code PteCodec}
   * or {@code KmapHooks}.
   */
  public static final ArchRule CORE_KNOWS_NO_CONCRETE_ARCH =
      noClasses()
          .that()
          .resideInAPackage(CORE + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ARCH + "..")
          .because("the core knows the SPI, never a concrete arch")
          .allowEmptyShould(false);

  /**
   * Classes in {@code io.github.kmapsim.api..} and {@code io.github.kmapsim.spi..} should only
   * depend on classes in the API, the SPI and {@code java..}, because they are all a plugin or a
   * user needs and must bring nothing with them.
   *
   * <p>If this fails, check for a type of the core or of a library in a public signature or in a
   * default method of the SPI.
   */
  public static final ArchRule API_AND_SPI_DEPEND_ON_THE_JDK_ONLY =
      classes()
          .that()
          .resideInAnyPackage(API + "..", SPI + "..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(API + "..", SPI + "..", "java..")
          .because("the API and the SPI are all a plugin or a user needs, and bring nothing with them")
          .allowEmptyShould(false);

  /**
   * Slices {@code io.github.kmapsim.(*)..} should be free of cycles, because the arrow of
   * dependency runs one way: plugins and core to the SPI, tools to the core.
   *
   * <p>If this fails, the report lists the cycle's edges; cut the one that points from a lower
   * layer (API, SPI) to a higher one.
   */
  public static final ArchRule TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES =
      slices()
          .matching(ROOT + ".(*)..")
          .should()
          .beFreeOfCycles()
          .because("the arrow of dependency runs one way: plugins and core to the SPI, tools to the core")
          .allowEmptyShould(false);

  /**
   * The core's packages should depend one way, {@code core -> machine -> check -> highmem -> sched
   * -> hw},
   * each only on those below it and on {@code diag}, which depends on none of them, because the
   * core shows the kernel's split: the facade and the wiring over mm/highmem.c, over the
   * scheduler, over the simulated hardware. So {@code hw} uses nothing of the core but
   * {@code diag}, and the scheduler reaches kmap_local only through the interface the wiring
   * installs.
   *
   * <p>If this fails, check: a lower package naming a higher one (pass the value down, or
   * install an interface the lower package defines, as {@code sched.TaskKmaps} and
   * {@code hw.KmapHighGet} are installed), or a new core package missing from this rule.
   */
  public static final ArchRule CORE_PACKAGES_DEPEND_ONE_WAY =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("core").definedBy(CORE)
          .layer("machine").definedBy(MACHINE)
          .layer("check").definedBy(CHECK)
          .layer("highmem").definedBy(HIGHMEM)
          .layer("sched").definedBy(SCHED)
          .layer("hw").definedBy(HW)
          .layer("diag").definedBy(DIAG)
          .whereLayer("core").mayNotBeAccessedByAnyLayer()
          .whereLayer("machine").mayOnlyBeAccessedByLayers("core")
          .whereLayer("check").mayOnlyBeAccessedByLayers("machine")
          .whereLayer("highmem").mayOnlyBeAccessedByLayers("machine", "check")
          .whereLayer("sched").mayOnlyBeAccessedByLayers("machine", "check", "highmem")
          .whereLayer("hw").mayOnlyBeAccessedByLayers("machine", "check", "highmem", "sched")
          .whereLayer("diag").mayNotAccessAnyLayer()
          .because("the core shows the kernel's split: the wiring over mm/highmem.c over the"
              + " scheduler over the hardware")
          .allowEmptyShould(false);

  /**
   * Slices {@code io.github.kmapsim.core.(*)..} should be free of cycles, because each package of
   * the core can then be read, and tested, with only what lies below it.
   *
   * <p>If this fails, the report lists the cycle's edges; cut the one that points up.
   */
  public static final ArchRule CORE_PACKAGES_ARE_FREE_OF_CYCLES =
      slices()
          .matching(CORE + ".(*)..")
          .should()
          .beFreeOfCycles()
          .because("each package of the core can then be read with only what lies below it")
          .allowEmptyShould(false);

  /**
   * No classes in {@code io.github.kmapsim.scenario..} or {@code io.github.kmapsim.cli..} should
   * depend on classes in the core's inner packages ({@code io.github.kmapsim.core.*..}), because
   * the scenario library and the command are users of the library like any other: they see what
   * the modules export (the API, the SPI, the core's factory and discovery), never how the core
   * does it.
   *
   * <p>If this fails, check for a type of {@code core.machine}, {@code core.highmem}, {@code
   * core.sched}, {@code core.hw} or {@code core.diag}: what is needed belongs in the API ({@code
   * Machine}, {@code Cpu}, {@code Task}, a {@code KmapListener} event) or in {@code KmapSim}.
   */
  public static final ArchRule TOOLS_USE_THE_PUBLIC_API_ONLY =
      noClasses()
          .that()
          .resideInAnyPackage(SCENARIO + "..", CLI + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(CORE + ".*..")
          .because("the scenario library and the command use the library as any user does,"
              + " through what its modules export")
          .allowEmptyShould(false);

  /**
   * No classes in {@code io.github.kmapsim.conformance..} should depend on classes in
   * {@code io.github.kmapsim.arch..}, because the conformance kit checks any architecture,
   * third-party ones included, against the kernel and never against a built-in port.
   *
   * <p>If this fails, check for a value taken from a built-in plugin: it belongs in that
   * plugin's {@code ReferenceVectors}.
   */
  public static final ArchRule KIT_KNOWS_NO_CONCRETE_ARCH =
      noClasses()
          .that()
          .resideInAPackage(KIT + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ARCH + "..")
          .because("the conformance kit checks any architecture against the kernel, not against"
              + " a built-in port")
          .allowEmptyShould(false);

  /**
   * The rules kmapsim's own architecture plugins should pass: {@link
   * #PLUGINS_ARE_PORTED_IN_ISOLATION}. Fails when no plugin class is found.
   */
  public static final ArchRule PLUGIN_RULES =
      CompositeArchRule.of(PLUGINS_ARE_PORTED_IN_ISOLATION).allowEmptyShould(false);

  /**
   * Classes in {@code pluginPackage..} should only depend on the API, the SPI, their own package
   * tree and {@code java..}, because plugins are ported in isolation: the rule of {@link
   * #PLUGINS_ARE_PORTED_IN_ISOLATION} for a plugin in any package ({@code
   * org.example.kmapsim.toy}), its own package tree being the plugin's.
   *
   * @param pluginPackage the plugin's root package, such as {@code org.example.kmapsim.toy}
   * @throws IllegalArgumentException when the package is blank or a pattern
   */
  public static ArchRule pluginIsPortedInIsolation(String pluginPackage) {
    if (pluginPackage == null || pluginPackage.isBlank() || pluginPackage.contains("..")
        || pluginPackage.contains("*")) {
      throw new IllegalArgumentException("a plugin's root package, such as"
          + " org.example.kmapsim.myarch, not '" + pluginPackage + "'");
    }
    return classes()
        .that()
        .resideInAPackage(pluginPackage + "..")
        .should(onlyHaveDependenciesWhere(targetIsInTheApiTheSpiThePackageOrTheJdk(pluginPackage)))
        .because("plugins are ported in isolation")
        .allowEmptyShould(false);
  }

  /**
   * The rules an architecture plugin in {@code pluginPackage} should pass on its own: {@link
   * #pluginIsPortedInIsolation}. Fails when no class of the package is found.
   */
  public static ArchRule pluginRules(String pluginPackage) {
    return CompositeArchRule.of(pluginIsPortedInIsolation(pluginPackage))
        .allowEmptyShould(false);
  }

  /** Every rule above, for a project that imports kmapsim and its plugins together. */
  public static final ArchRule ALL_RULES =
      CompositeArchRule.of(PLUGINS_ARE_PORTED_IN_ISOLATION)
          .and(CORE_KNOWS_NO_CONCRETE_ARCH)
          .and(KIT_KNOWS_NO_CONCRETE_ARCH)
          .and(API_AND_SPI_DEPEND_ON_THE_JDK_ONLY)
          .and(TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES)
          .and(CORE_PACKAGES_DEPEND_ONE_WAY)
          .and(CORE_PACKAGES_ARE_FREE_OF_CYCLES)
          .and(TOOLS_USE_THE_PUBLIC_API_ONLY)
          .allowEmptyShould(false);

  private KmapsimRules() {}

  /**
   * The architecture a class of a plugin belongs to: {@code io.github.kmapsim.arch.x86} for
   * {@code io.github.kmapsim.arch.x86.pae.PaeCodec}; the package itself for a class directly in
   * {@code io.github.kmapsim.arch}.
   */
  static String archPackageOf(String packageName) {
    if (!packageName.startsWith(ARCH + ".")) {
      return packageName;
    }
    int end = packageName.indexOf('.', ARCH.length() + 1);
    return end < 0 ? packageName : packageName.substring(0, end);
  }

  static boolean isIn(String packageName, String root) {
    return packageName.equals(root) || packageName.startsWith(root + ".");
  }

  private static DescribedPredicate<Dependency> targetIsInTheApiTheSpiThePackageOrTheJdk(
      String pluginPackage) {
    return DescribedPredicate.describe(
        "the target is in the API, the SPI, " + pluginPackage + ".. or java..",
        dependency -> {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          if (target.isPrimitive()) {
            return true;
          }
          String targetPackage = target.getPackageName();
          return isIn(targetPackage, API)
              || isIn(targetPackage, SPI)
              || isIn(targetPackage, pluginPackage)
              || isIn(targetPackage, "java");
        });
  }

  private static DescribedPredicate<Dependency> targetIsInTheApiTheSpiTheOwnArchOrTheJdk() {
    return DescribedPredicate.describe(
        "the target is in the API, the SPI, the plugin's own arch package or java..",
        dependency -> {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          if (target.isPrimitive()) {
            return true;
          }
          String targetPackage = target.getPackageName();
          String ownArch = archPackageOf(dependency.getOriginClass().getPackageName());
          return isIn(targetPackage, API)
              || isIn(targetPackage, SPI)
              || isIn(targetPackage, ownArch)
              || isIn(targetPackage, "java");
        });
  }
}
