// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The generic kmap_local machinery of {@code mm/highmem.c} on a simulated machine. Public here are
 * only the factory {@link io.github.kmapsim.core.KmapSim} and plugin discovery; the rest of the
 * core sits in packages that show the kernel's split and that {@code module-info} does not export:
 * {@code machine} (the API facades and the wiring) uses {@code highmem} (mm/highmem.c), which uses
 * {@code sched} (tasks, the scheduler, the CPUs' kernel state), which uses {@code hw} (the
 * simulated hardware); every one of them reports through {@code diag}. docs/ARCHITECTURE.md draws
 * it.
 */
package io.github.kmapsim.core;
