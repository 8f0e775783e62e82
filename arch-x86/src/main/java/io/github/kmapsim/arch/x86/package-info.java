// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The 32-bit x86 plugin ({@link io.github.kmapsim.arch.x86.X86Plugin}) with its variants
 * {@code x86} (CONFIG_HIGHMEM4G: 2-level page tables, 32-bit {@code pte_t}) and {@code x86-pae}
 * (CONFIG_HIGHMEM64G / X86_PAE: 3-level page tables, 64-bit {@code pte_t} with NX), as v5.11's
 * {@code arch/x86/include/asm/fixmap.h}, {@code pgtable_32_areas.h}, {@code pgtable_types.h} and
 * {@code highmem.h} define them: the fixmap enum and the areas below it are computed from the
 * kernel's own formulas for the machine's NR_CPUS and KM_MAX_IDX, PTE words carry the real bit
 * layout, and the hooks flush exactly what the kernel's hooks flush. Everything but the plugin is
 * package-private.
 */
package io.github.kmapsim.arch.x86;
