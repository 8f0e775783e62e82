// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * A {@code struct page}: a physical page frame, named by its page frame number.
 *
 * <p>Only {@link Machine#page(long)} hands out pages, after checking the pfn against the machine's
 * memory. Page is a distinct type so that {@link Cpu#kunmapLocal(long)} can never be given a page:
 * the kernel enforces the same with {@code BUILD_BUG_ON(__same_type((__addr), struct page *))} in
 * {@code kunmap_local()}.
 *
 * @param pfn the page frame number
 */
public record Page(long pfn) {
  /** Rejects a negative pfn. */
  public Page {
    if (pfn < 0) {
      throw new IllegalArgumentException("negative pfn " + pfn);
    }
  }

  @Override
  public String toString() {
    return "page(pfn=0x" + Long.toHexString(pfn) + ")";
  }
}
