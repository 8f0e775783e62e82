// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * What every layer of the core reports through: diagnostics ({@link
 * io.github.kmapsim.core.diag.Reporter}), listener events ({@link
 * io.github.kmapsim.core.diag.Events}) and per-CPU counters ({@link
 * io.github.kmapsim.core.diag.CpuCounters}). It depends on nothing else in the core; the CPU and
 * the task a diagnostic concerns are seen through {@link io.github.kmapsim.core.diag.CpuSite} and
 * {@link io.github.kmapsim.core.diag.TaskSite}.
 */
package io.github.kmapsim.core.diag;
