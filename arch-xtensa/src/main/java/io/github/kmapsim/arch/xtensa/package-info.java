// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * The Xtensa plugin ({@link io.github.kmapsim.arch.xtensa.XtensaPlugin}) with its variants
 * {@code xtensa} (virt_defconfig's dc233c core: MMUv3, XTENSA_KSEG_512M, HIGHMEM, one D-cache
 * colour) and {@code xtensa-c2} (a custom core with 8 KiB D-cache ways: two colours), as v5.11
 * has them after 1eb0616c2df5 turned the fixmap top-down. What is peculiar: the empty PTE is 0x1c,
 * not 0; {@code pte_write()} tests a software bit while the MMU's write permission is
 * {@code _PAGE_HW_WRITE}; kmap_prot is PAGE_KERNEL_EXEC; vmalloc lies below PAGE_OFFSET; the
 * post-unmap flush is a local range flush; and with colours each CPU owns KM_MAX_IDX *
 * DCACHE_N_COLORS fixmap slots, a page is mapped in the slot of its colour, and pkmap scans,
 * wraps and sleeps per colour. Everything but the plugin is package-private.
 */
package io.github.kmapsim.arch.xtensa;
