// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The nds32 plugin ({@link io.github.kmapsim.arch.nds32.Nds32Plugin}), variant {@code nds32}: the
 * Andes architecture as the kmap_local series converted it (5f037ea3b267, v5.11) and as it stayed
 * until its removal in v5.18. It models the Kconfig defaults (4 KiB pages, VMSPLIT_3G_OPT, a
 * write-back D-cache) with CONFIG_CPU_N15, whose PIPT D-cache allows CONFIG_HIGHMEM (the default
 * CPU_V3 selects CPU_CACHE_ALIASING, and HIGHMEM depends on its absence). What is peculiar: a
 * uniprocessor only (NR_CPUS is 1); PAGE_OFFSET 0xb0000000 and lowmem up to VMALLOC_START with
 * no gap; the TLB work of the hooks, an invalidation (and a TLB write) after the map and an
 * invalidation before the PTE is cleared, with no post_unmap; {@code pte_write()} tests user
 * write permission while the kernel writes through {@code pte_kernel_write()}. Everything but
 * the plugin is package-private.
 */
package io.github.kmapsim.arch.nds32;
