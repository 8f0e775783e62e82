// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The architecture rules of kmapsim as ArchUnit {@link com.tngtech.archunit.lang.ArchRule}s that
 * read as sentences and say why: an architecture plugin, in kmapsim's tree or in any package of
 * its own, depends only on the API, the SPI, its own package and the JDK; the generic core and the
 * conformance kit never name a concrete architecture; the API and the SPI bring nothing with them;
 * the top-level packages form no cycle; and the core's packages depend one way (machine, highmem,
 * sched, hw; diag below them all) without cycles. A separate artifact, so that the conformance
 * kit brings no ArchUnit and a plugin that runs the rules brings nothing of kmapsim. Every rule
 * fails when it matches no class, so a run that checks nothing is a failure.
 */
package io.github.kmapsim.archunit;
