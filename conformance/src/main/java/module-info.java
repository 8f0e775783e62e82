// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The conformance kit an architecture plugin runs ({@code io.github.kmapsim.conformance}): its
 * rules by stage, the plain runner {@code ConformanceKit}, the recording {@code HardwareServices}
 * double for a port's own hook tests, and {@code ConformanceTests}, the JUnit 5 entry point. JUnit
 * is required {@code static}: only who calls {@code ConformanceTests} needs it, and has it.
 */
module io.github.kmapsim.conformance {
  requires transitive io.github.kmapsim.core;
  requires static org.junit.jupiter.api;

  exports io.github.kmapsim.conformance;
}
