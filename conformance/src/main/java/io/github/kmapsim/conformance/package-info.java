// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The conformance kit: rules every architecture plugin must follow, in five families that are
 * also the stages of a port ({@link io.github.kmapsim.conformance.Stage}: layout, PTE codec,
 * hooks, behaviour, reference vectors), run against one {@link io.github.kmapsim.spi.ArchVariant}
 * by {@link io.github.kmapsim.conformance.ConformanceKit} (no JUnit needed) or as JUnit 5 dynamic
 * tests by {@link io.github.kmapsim.conformance.ConformanceTests}. A rule that depends on another
 * runs after it, and its failure names the one that failed first. {@link
 * io.github.kmapsim.conformance.RecordingHardwareServices} is the test double a port's own hook
 * tests use. See docs/PORTING.md for the rules.
 */
package io.github.kmapsim.conformance;
