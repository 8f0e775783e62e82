// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The conformance kit: rules every architecture plugin must follow, run against one
 * {@link io.github.kmapsim.spi.ArchVariant} with {@link io.github.kmapsim.tests.kit.ConformanceKit},
 * either by the plain runner (no JUnit needed) or as JUnit 5 dynamic tests from one
 * {@code @TestFactory}. See docs/PORTING.md for the rule list.
 */
package io.github.kmapsim.tests.kit;
