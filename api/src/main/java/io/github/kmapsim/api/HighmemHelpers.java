// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * The helpers of {@code include/linux/highmem.h} built on kmap_local, bound to one CPU: each maps
 * the pages it needs with kmap_local_page, one page at a time even inside a multi-page folio, and
 * unmaps them in reverse order. Ranges that run past a page are a {@code VM_BUG_ON}
 * ({@link DiagnosticCode#PAGE_OVERRUN}).
 */
public interface HighmemHelpers {

  /** {@code memcpy_page(dst, dstOff, src, srcOff, len)}. */
  void memcpyPage(Page dst, int dstOff, Page src, int srcOff, int len);

  /** {@code memcpy_to_page(page, offset, from, len)}. */
  void memcpyToPage(Page page, int offset, byte[] from, int fromOff, int len);

  /** {@code memcpy_from_page(to, page, offset, len)}. */
  void memcpyFromPage(byte[] to, int toOff, Page page, int offset, int len);

  /** {@code memset_page(page, offset, val, len)}. */
  void memsetPage(Page page, int offset, byte val, int len);

  /** {@code memzero_page(page, offset, len)}. */
  void memzeroPage(Page page, int offset, int len);

  /** {@code copy_highpage(to, from)}. */
  void copyHighpage(Page to, Page from);

  /** {@code copy_user_highpage(to, from, vaddr, vma)}; {@code vaddr} is the user address. */
  void copyUserHighpage(Page to, Page from, long userVaddr);

  /** {@code clear_highpage(page)}. */
  void clearHighpage(Page page);

  /**
   * {@code zero_user_segments(page, start1, end1, start2, end2)} on a (possibly compound) page:
   * byte offsets within the folio, zeroed page by page.
   */
  void zeroUserSegments(Folio folio, int start1, int end1, int start2, int end2);

  /** {@code memcpy_to_folio(folio, offset, from, len)}: page by page. */
  void memcpyToFolio(Folio folio, long offset, byte[] from, int fromOff, int len);

  /** {@code memcpy_from_folio(to, folio, offset, len)}: page by page. */
  void memcpyFromFolio(byte[] to, int toOff, Folio folio, long offset, int len);

  /**
   * {@code kmap_local_folio(folio, offset)}: maps the one page that holds {@code offset} and
   * returns the address of that byte; undo with {@link Cpu#kunmapLocal}.
   */
  long kmapLocalFolio(Folio folio, long offset);
}
