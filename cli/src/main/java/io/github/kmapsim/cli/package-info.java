// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The {@code kmapsim} command line: a demonstration of kmap_local and of the persistent kmap pool
 * on every discovered architecture variant ({@code kmapsim} or {@code kmapsim demo}) and the
 * boot-time style virtual memory layout of one variant ({@code kmapsim layout --arch NAME}); scenario
 * files run deterministically with their kernel-style log ({@code kmapsim run FILE}, format in
 * docs/SCENARIOS.md: {@code ScenarioParser}, {@code ScenarioRunner}, {@code RunReport}); a seeded
 * random workload with invariant checks ({@code kmapsim stress}); the conformance kit's matrix
 * of variants by rules, for discovered variants or plugin jars ({@code kmapsim conformance});
 * Chrome trace-event output ({@code --trace}, {@code ChromeTrace}); {@code --json} on every
 * command.
 * {@link io.github.kmapsim.cli.Main} is the only public type; every command drives the simulator
 * through the public API ({@code io.github.kmapsim.api}) and the factory {@code KmapSim}, as any
 * other user would.
 */
package io.github.kmapsim.cli;
