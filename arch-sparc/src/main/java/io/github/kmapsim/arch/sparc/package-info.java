// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The 32-bit SPARC plugin ({@link io.github.kmapsim.arch.sparc.SparcPlugin}) with its variant
 * {@code sparc}: a sun4m SRMMU kernel with SMP and HIGHMEM as of v5.11. The fixmap grows down from
 * FIXADDR_TOP 0xfcfff000 behind a FIX_HOLE, pkmap sits PMD-aligned above the SRMMU nocache pool at
 * 0xfc500000, and the vmalloc area lies above both, past the sun4m I/O pages ({@code
 * arch/sparc/include/asm/vaddrs.h}, {@code highmem.h}, {@code pgtable_32.h}); the Linux PTE is the
 * SRMMU's own ({@code pgtsrmmu.h}); the hooks flush the whole cache and the whole TLB. Everything
 * but the plugin is package-private.
 */
package io.github.kmapsim.arch.sparc;
