// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The {@code kmapsim} command line, a thin layer of commands over library calls: the
 * demonstration ({@code kmapsim} or {@code kmapsim demo}: three {@code examples/} scenarios on
 * every variant, then a summary table), the boot-time style virtual memory layout of one variant
 * ({@code kmapsim layout}), a scenario file with its kernel-style log ({@code kmapsim run}), the
 * library's seeded random workload with invariant checks ({@code kmapsim stress}) and the
 * conformance kit's matrix ({@code kmapsim conformance}); {@code --json} and {@code --plugin JAR}
 * on every command. Scenarios, their runs, reports and the random workload are the scenario
 * library's ({@code io.github.kmapsim.scenario}); the commands parse options, call it and the
 * public API ({@code io.github.kmapsim.api}, {@code KmapSim}), and print. {@link
 * io.github.kmapsim.cli.Main} is the only public type.
 */
package io.github.kmapsim.cli;
