// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * {@code struct io_mapping}: a range of device memory (page frames with no {@code struct page})
 * prepared for write-combining access by {@link Machine#ioMappingCreateWc}. A machine accepts only
 * the very objects it made and has not freed ({@link Machine#ioMappingFree}): an equal copy, one
 * of another machine or a freed one is refused ({@link DiagnosticCode#BAD_ARGUMENT}).
 *
 * @param base the physical base address, page aligned
 * @param size the size in bytes, positive
 * @param prot the write-combining protection ({@code pgprot_writecombine(PAGE_KERNEL)})
 * @param iomem the ioremap_wc address of the whole range, or 0 where local maps go through
 *     kmap_local slots ({@code HAVE_ATOMIC_IOMAP})
 */
public record IoMapping(long base, long size, long prot, long iomem) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException for a negative base or iomem, or a size that is not positive
   */
  public IoMapping {
    if (base < 0) {
      throw new IllegalArgumentException("base must not be negative, got " + base);
    }
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
    if (iomem < 0) {
      throw new IllegalArgumentException("iomem must not be negative, got " + iomem);
    }
  }
}
