// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The 32-bit ARM plugin: what {@code arch/arm/include/asm/fixmap.h}, {@code highmem.h} and
 * {@code pgtable-2level.h} / {@code pgtable-3level.h} supply, for an ARMv7 SMP kernel with
 * HIGHMEM, VMSPLIT_3G and 4 KiB pages, in three variants: {@code arm} (classic short descriptors,
 * VIPT non-aliasing D-cache), {@code arm-vivt} (the same tables behind a VIVT D-cache) and
 * {@code arm-lpae} (ARM_LPAE long descriptors). The kmap window sits at the top of the fixmap,
 * just below FIXADDR_TOP 0xffeff000, pkmap one PMD below PAGE_OFFSET; the hooks flush the local TLB
 * after mapping and after unmapping, write back a VIVT D-cache before unmapping, reuse an existing
 * pkmap mapping ({@code ARCH_NEEDS_KMAP_HIGH_GET}) and find kmap PTEs by a page-table walk
 * ({@code KMAP_LOCAL_NON_LINEAR_PTE_ARRAY}). Only {@link io.github.kmapsim.arch.arm.ArmPlugin} is
 * public.
 */
package io.github.kmapsim.arch.arm;
