// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The counterpart of {@code mm/highmem.c} and {@code include/linux/highmem*.h}: kmap_local and
 * kmap_atomic with the per-task slot stack ({@link io.github.kmapsim.core.highmem.KmapLocal}), the
 * persistent kmap pool ({@link io.github.kmapsim.core.highmem.Pkmap}), io_mapping ({@link
 * io.github.kmapsim.core.highmem.IoMappings}) and the page helpers. It acts on tasks and CPUs of
 * {@code sched} and on the page table of {@code hw}, and calls the architecture only through the
 * SPI.
 */
package io.github.kmapsim.core.highmem;
