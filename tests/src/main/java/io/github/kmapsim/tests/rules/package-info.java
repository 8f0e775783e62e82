// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The architecture rules of kmapsim as ArchUnit {@link com.tngtech.archunit.lang.ArchRule}s that
 * read as sentences and say why: architecture plugins depend only on the API, the SPI, their own
 * package and the JDK; the generic core never names a concrete architecture; the API and the SPI
 * bring nothing with them; the top-level packages form no cycle; and the core's packages depend one
 * way (machine, highmem, sched, hw; diag below them all) without cycles. The rules live in the main
 * sources of the conformance kit so that a third-party architecture jar can run them against its
 * own plugin ({@link io.github.kmapsim.tests.rules.KmapsimRules#PLUGIN_RULES}). Every rule fails
 * when it matches no class, so a run that checks nothing is a failure.
 */
package io.github.kmapsim.tests.rules;
