// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The 32-bit powerpc plugin ({@link io.github.kmapsim.arch.powerpc.PowerpcPlugin}) with the two
 * MMU families whose kernels select HIGHMEM most often: {@code powerpc-book3s32} (the hash MMU of
 * 6xx/7xx/74xx, 32-bit PTEs, {@code asm/book3s/32/}) and {@code powerpc-e500} (Freescale Book-E
 * with PHYS_64BIT, 64-bit PTEs, {@code asm/nohash/pte-book3e.h}), as of v5.11. Both share the
 * PPC32 fixmap of {@code arch/powerpc/include/asm/fixmap.h} (the kmap window after 128 KiB of
 * early-debug slots, 4 MiB of early-ioremap slots below it) and pkmap derived from FIXADDR_START
 * ({@code asm/highmem.h}); they differ in the PTE, in the hardware word (the hash table's HPTE,
 * or e500's MAS3 and MAS7), and in how far {@code local_flush_tlb_page()} reaches (kmapsim
 * flushes the local TLB on both). The powerpc {@code arch_kmap_local_set_pte} ({@code
 * __set_pte_at(..., 1)}) came after the series, in 785025820a6a (v5.11-rc5). Everything but the
 * plugin is package-private.
 */
package io.github.kmapsim.arch.powerpc;
