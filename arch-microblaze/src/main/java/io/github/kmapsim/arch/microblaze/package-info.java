// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The MicroBlaze plugin ({@link io.github.kmapsim.arch.microblaze.MicroblazePlugin}) with its one
 * variant, {@code microblaze}: a uniprocessor kernel with MMU and HIGHMEM ({@code mmu_defconfig},
 * Kconfig defaults for KERNEL_START and LOWMEM_SIZE), as of v5.11. The fixmap hangs below
 * FIXADDR_TOP {@code -PAGE_SIZE} after FIX_HOLE, pkmap is derived from FIXADDR_START ({@code
 * arch/microblaze/include/asm/fixmap.h}, {@code highmem.h}), vmalloc reaches up to pkmap, and the
 * PTE bits are the PPC-40x-style ones of {@code asm/pgtable.h}, with the TLBLO word the TLB miss
 * handler loads as the hardware word.
 *
 * <p>Not modelled: microblaze's {@code flush_tlb_kernel_range()} is empty ({@code
 * asm/tlbflush.h}), so the kernel's pkmap wrap flush ({@code flush_all_zero_pkmaps()}) drops no
 * TLB entry there; kmapsim's core does that flush itself, on every architecture. Everything but
 * the plugin is package-private.
 */
package io.github.kmapsim.arch.microblaze;
