// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * A folio: {@code 2^order} physically contiguous pages starting at {@code head}. Made by
 * {@link Machine#folio(long, int)}.
 *
 * @param head the first page
 * @param order the folio order
 */
public record Folio(Page head, int order) {

  /** The number of pages ({@code folio_nr_pages}). */
  public int nrPages() {
    return 1 << order;
  }

  /** {@code folio_page(folio, n)}. */
  public Page page(int n) {
    if (n < 0 || n >= nrPages()) {
      throw new IndexOutOfBoundsException("page " + n + " of a " + nrPages() + "-page folio");
    }
    return new Page(head.pfn() + n);
  }
}
