// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.kmapsim.archunit.KmapsimRules;
import org.junit.jupiter.api.Test;

/**
 * The command uses the library's public packages only ({@code TOOLS_USE_THE_PUBLIC_API_ONLY}):
 * its main classes, checked here because the tests module, which runs the other rules, cannot
 * see the cli.
 */
class CliArchitectureTest {

  @Test
  void theCommandUsesThePublicApiOnly() {
    JavaClasses cli = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.github.kmapsim.cli");
    KmapsimRules.TOOLS_USE_THE_PUBLIC_API_ONLY.check(cli);
  }
}
