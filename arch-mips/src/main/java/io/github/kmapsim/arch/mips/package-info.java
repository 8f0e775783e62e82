// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The MIPS32 plugin ({@link io.github.kmapsim.arch.mips.MipsPlugin}) with its variants {@code mips}
 * (4 KiB pages) and {@code mips-16k} (16 KiB pages), for a MIPS32 Release 2 SMP kernel with
 * HIGHMEM on the generic platform ({@code mach-generic/spaces.h}), without PHYS_ADDR_T_64BIT, XPA,
 * EVA or huge pages: CONFIG_CPU_MIPS32_R2 selects CPU_HAS_RIXI, which fixes the R4K PTE layout
 * with RI/XI bits and no _PAGE_SPECIAL, and the modelled core implements RI/XI ({@code
 * cpu_has_rixi}) and boots with cache coherency attribute 3 (cacheable noncoherent write-back).
 * The fixmap enum, pkmap and vmalloc limits follow {@code arch/mips/include/asm/fixmap.h} and
 * {@code pgtable-32.h} for the machine's NR_CPUS and KM_MAX_IDX; PTE words carry the real bit
 * layout of {@code pgtable-bits.h}, including the even/odd buddy's {@code _PAGE_GLOBAL} that
 * {@code set_pte()} and {@code pte_clear()} maintain; the hooks flush what {@code asm/highmem.h}
 * flushes. Everything but the plugin is package-private.
 */
package io.github.kmapsim.arch.mips;
