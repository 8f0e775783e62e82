// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The ARC plugin ({@link io.github.kmapsim.arch.arc.ArcPlugin}) with its variants {@code arc} and
 * {@code arc-pae40}, for an ARCv2 HS38 SMP kernel of v5.11 configured as hsdk_defconfig (MMU v4,
 * 8 KiB pages, 4 CPUs) with CONFIG_HIGHMEM, and for {@code arc-pae40} CONFIG_ARC_HAS_PAE40: 64-bit
 * PTEs and 40-bit physical addresses on a 32-bit virtual machine. What is peculiar: the fixmap and
 * pkmap are one PGDIR (2 MiB) each just below PAGE_OFFSET, under the untranslated direct map and
 * above vmalloc; the fixmap holds at most one PTE table of slots, so NR_CPUS stops at 16 (7 with
 * DEBUG_KMAP_LOCAL); the post-unmap flush is a local range flush; the TLB's PD1 word keeps the
 * permissions as kernel-only Kr Kw Kx.
 *
 * <p>kmapsim's physical memory is one bank from address 0 with lowmem first. ARC's direct map is
 * untranslated (virtual == physical, lowmem at CONFIG_LINUX_RAM_BASE 0x80000000) and its highmem
 * is a second memory bank, below lowmem without PAE40 and above 4 GiB with it (HSDK's device tree:
 * "1 GB lowmem" at 0x80000000, highmem at 0x1_0000_0000); so kmapsim's lowmem pfns are not the
 * kernel's. The kmap code never looks at where lowmem lies, and the PTE and PD1 words it writes
 * for a highmem pfn are the kernel's for that pfn. Everything but the plugin is package-private.
 */
package io.github.kmapsim.arch.arc;
