// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.github.kmapsim.archunit.KmapsimRules;

/**
 * kmapsim's own main classes (api, spi, core, the scenario library and every plugin on the class
 * path) against its rules; the cli module runs {@code TOOLS_USE_THE_PUBLIC_API_ONLY} on its own.
 */
@AnalyzeClasses(packages = KmapsimRules.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule pluginsArePortedInIsolation = KmapsimRules.PLUGINS_ARE_PORTED_IN_ISOLATION;

  @ArchTest
  static final ArchRule coreKnowsNoConcreteArch = KmapsimRules.CORE_KNOWS_NO_CONCRETE_ARCH;

  @ArchTest
  static final ArchRule kitKnowsNoConcreteArch = KmapsimRules.KIT_KNOWS_NO_CONCRETE_ARCH;

  @ArchTest
  static final ArchRule apiAndSpiDependOnTheJdkOnly = KmapsimRules.API_AND_SPI_DEPEND_ON_THE_JDK_ONLY;

  @ArchTest
  static final ArchRule topLevelPackagesAreFreeOfCycles =
      KmapsimRules.TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES;

  @ArchTest
  static final ArchRule corePackagesDependOneWay = KmapsimRules.CORE_PACKAGES_DEPEND_ONE_WAY;

  @ArchTest
  static final ArchRule corePackagesAreFreeOfCycles = KmapsimRules.CORE_PACKAGES_ARE_FREE_OF_CYCLES;

  @ArchTest
  static final ArchRule toolsUseThePublicApiOnly = KmapsimRules.TOOLS_USE_THE_PUBLIC_API_ONLY;
}
