// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The conformance kit a third-party architecture plugin runs ({@code io.github.kmapsim.tests.kit})
 * and kmapsim's ArchUnit rules ({@code io.github.kmapsim.tests.rules}). The kit's API names
 * JUnit's {@code DynamicTest}. The rules name ArchUnit's {@code ArchRule}, but ArchUnit is needed
 * only by who runs them, who requires it anyway for {@code @ArchTest}; the kit runs without it
 * (the kmapsim command ships without ArchUnit), so it is required {@code static} and not
 * transitively ({@code KmapsimRules} suppresses the warning that its type is not re-exported).
 * ArchUnit is an automatic module, and that warning is suppressed here.
 */
@SuppressWarnings("requires-automatic")
module io.github.kmapsim.tests {
  requires transitive io.github.kmapsim.core;
  requires transitive org.junit.jupiter.api;
  requires static com.tngtech.archunit;

  exports io.github.kmapsim.tests.kit;
  exports io.github.kmapsim.tests.rules;
}
