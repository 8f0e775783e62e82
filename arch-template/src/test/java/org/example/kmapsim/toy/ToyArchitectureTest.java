// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.kmapsim.toy;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.github.kmapsim.archunit.KmapsimRules;

/**
 * kmapsim's plugin rules on this plugin's package: it depends on kmapsim's API and SPI and the JDK
 * only, so that it runs on any machine built by someone else. Rename the package with the plugin.
 */
@AnalyzeClasses(packages = ToyArchitectureTest.PLUGIN,
    importOptions = ImportOption.DoNotIncludeTests.class)
class ToyArchitectureTest {
  static final String PLUGIN = "org.example.kmapsim.toy";

  @ArchTest
  static final ArchRule plugin = KmapsimRules.pluginRules(PLUGIN);
}
