// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * {@code struct io_mapping}: a range of device memory (page frames with no {@code struct page})
 * prepared for write-combining access by {@link Machine#ioMappingCreateWc}.
 *
 * @param base the physical base address, page aligned
 * @param size the size in bytes
 * @param prot the write-combining protection ({@code pgprot_writecombine(PAGE_KERNEL)})
 * @param iomem the ioremap_wc address of the whole range, or 0 where local maps go through
 *     kmap_local slots ({@code HAVE_ATOMIC_IOMAP})
 */
public record IoMapping(long base, long size, long prot, long iomem) {}
