// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * Tasks and the scheduler (kernel/sched): the {@code task_struct} view with its disable counts and
 * {@code kmap_ctrl} storage, each CPU's kernel state (current task, context nesting, interrupt
 * flag), context switches, migration, fork, exit and sleep. The switch calls into kmap_local go
 * through {@link io.github.kmapsim.core.sched.TaskKmaps}, which the wiring installs: the scheduler
 * uses the hardware and knows nothing of highmem.
 */
package io.github.kmapsim.core.sched;
