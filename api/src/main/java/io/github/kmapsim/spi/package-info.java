// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The service-provider interface an architecture implements: what {@code asm/fixmap.h},
 * {@code asm/highmem.h} and {@code asm/pgtable*.h} supply in the kernel, and nothing else. A plugin
 * ({@link io.github.kmapsim.spi.ArchPlugin}, found with {@link java.util.ServiceLoader}) offers
 * variants ({@link io.github.kmapsim.spi.ArchVariant}), each with a memory layout
 * ({@link io.github.kmapsim.spi.MemoryLayout}), a PTE codec ({@link io.github.kmapsim.spi.PteCodec})
 * and hooks ({@link io.github.kmapsim.spi.KmapHooks}) that default to the kernel's defaults and act
 * on the machine only through {@link io.github.kmapsim.spi.HardwareServices}.
 */
package io.github.kmapsim.spi;
