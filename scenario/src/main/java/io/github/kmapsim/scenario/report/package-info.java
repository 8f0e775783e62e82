// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * Reports of scenario runs: the kernel-style log ({@link
 * io.github.kmapsim.scenario.report.RunReport}), the same as one JSON object ({@link
 * io.github.kmapsim.scenario.report.RunJson}, written by {@link
 * io.github.kmapsim.scenario.report.Json}) and Chrome trace events for Perfetto ({@link
 * io.github.kmapsim.scenario.report.ChromeTrace}).
 */
package io.github.kmapsim.scenario.report;
