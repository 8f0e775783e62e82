// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.Objects;

/**
 * A folio: {@code 2^order} physically contiguous pages starting at {@code head}, all of the head's
 * machine. Made by {@link Machine#folio(long, int)}; the constructor checks what a folio is.
 *
 * @param head the first page; its pfn is aligned to the folio's size
 * @param order the folio order, 0 to {@link #MAX_PAGE_ORDER}
 */
public record Folio(Page head, int order) {

  /**
   * {@code MAX_PAGE_ORDER}: the largest order the buddy allocator hands out, 10 by default on
   * every 32-bit architecture (include/linux/mmzone.h; {@code MAX_ORDER} 11, exclusive, before
   * v6.4).
   */
  public static final int MAX_PAGE_ORDER = 10;

  /**
   * Checks the folio.
   *
   * @throws NullPointerException when {@code head} is null
   * @throws IllegalArgumentException when the order is outside 0..MAX_PAGE_ORDER, the head is not
   *     aligned to the folio's size, or the folio runs past the machine's memory
   */
  public Folio {
    Objects.requireNonNull(head, "head");
    if (order < 0 || order > MAX_PAGE_ORDER) {
      throw new IllegalArgumentException(
          "order " + order + " is outside 0..MAX_PAGE_ORDER (" + MAX_PAGE_ORDER + ")");
    }
    long pages = 1L << order;
    if ((head.pfn() & (pages - 1)) != 0 || head.pfn() > head.machine().maxPfn() - pages) {
      throw new IllegalArgumentException(String.format(
          "head pfn 0x%x: a folio of order %d must be aligned to its %d pages and lie in"
              + " 0..0x%x", head.pfn(), order, pages, head.machine().maxPfn() - 1));
    }
  }

  /** The number of pages ({@code folio_nr_pages}). */
  public int nrPages() {
    return 1 << order;
  }

  /**
   * {@code folio_page(folio, n)}.
   *
   * @throws IllegalArgumentException when {@code n} is not 0..nrPages()-1
   */
  public Page page(int n) {
    if (n < 0 || n >= nrPages()) {
      throw new IllegalArgumentException("n " + n + " is not a page of a " + nrPages()
          + "-page folio (0.." + (nrPages() - 1) + ")");
    }
    return new Page(head.machine(), head.pfn() + n);
  }
}
