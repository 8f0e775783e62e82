// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The checker: the owner and life of every mapping (local, atomic, pkmap, io_mapping, the lowmem
 * shortcut) and the check of every access against them, as Documentation/mm/highmem.rst states
 * the rules; the sites (scenario lines, or the Java caller's frame) that diagnostics name. The
 * machine's wiring installs it as {@code highmem.KmapObserver} and {@code diag.LeakSites}, and
 * the CPU facade calls it at each access.
 */
package io.github.kmapsim.core.check;
