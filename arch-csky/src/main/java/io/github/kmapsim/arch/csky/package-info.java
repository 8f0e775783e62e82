// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The C-SKY abiv2 plugin ({@link io.github.kmapsim.arch.csky.CskyPlugin}) with its variants {@code
 * csky} (the defconfig's CK807, uniprocessor) and {@code csky-ck860} (SMP with the {@code tlbi}
 * instructions), both with HIGHMEM, PAGE_OFFSET_80000000 and no TCM, as of v5.11: the fixmap below
 * the fixed FIXADDR_TOP 0xffffc000 with FIX_KMAP_BEGIN 0, pkmap at the fixed 0xff800000 ({@code
 * arch/csky/include/asm/memory.h}, {@code fixmap.h}), the abiv2 PTE bits of {@code
 * arch/csky/abiv2/inc/abi/pgtable-bits.h} with the {@code _PAGE_GLOBAL} that {@code pte_clear()}
 * leaves in kernel entries, and the hooks of {@code asm/highmem.h}, which flush the even/odd page
 * pair of a JTLB entry. Everything but the plugin is package-private.
 */
package io.github.kmapsim.arch.csky;
