// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The seeded random workload ({@link io.github.kmapsim.scenario.random.RandomWorkload}) that
 * {@code kmapsim stress} and kmapsim's own randomised tests run: scenario statements that a model
 * of the kernel's rules keeps legal, so that on a correct machine they trip no check, and a
 * failure is a scenario file that {@code kmapsim run} replays.
 */
package io.github.kmapsim.scenario.random;
