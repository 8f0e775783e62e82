// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/** How a variant's data cache is indexed and tagged, as far as kmap aliasing is concerned. */
public enum CacheType {
  /**
   * Physically indexed and tagged, or virtually indexed but small enough not to alias (VIPT
   * non-aliasing): two mappings of one page always see the same data; nothing is modelled.
   */
  PHYSICAL,
  /**
   * Virtually indexed and tagged (ARMv5 and older): lines belong to virtual addresses, so dirty
   * data written through one mapping is invisible through another until it is flushed, and a
   * line survives its mapping until flushed ({@code cache_is_vivt()}).
   */
  VIVT
}
