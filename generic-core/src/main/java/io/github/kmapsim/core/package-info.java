/**
 * The generic kmap_local machinery of {@code mm/highmem.c} on a simulated machine. Public are only
 * the factory {@link io.github.kmapsim.core.KmapSim} and the Guice module
 * {@link io.github.kmapsim.core.KmapSimModule}; the machine itself (CPUs with TLBs, the kernel page
 * table, sparse physical memory, tasks and the scheduler) and the consolidated kmap code are
 * package-private and reached through the interfaces of {@code io.github.kmapsim.api}.
 */
package io.github.kmapsim.core;
