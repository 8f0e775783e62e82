// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

/**
 * The cache geometry of the modelled Xtensa core, which decides DCACHE_N_COLORS and the TLBTEMP
 * area. {@code DCACHE_WAY_SIZE} and {@code ICACHE_WAY_SIZE} are cache size / ways
 * ({@code arch/xtensa/include/asm/cache.h}); {@code DCACHE_N_COLORS = 1 << DCACHE_ALIAS_ORDER},
 * {@code DCACHE_ALIAS_ORDER = DCACHE_WAY_SHIFT - PAGE_SHIFT} when the way is larger than a page,
 * else 0 ({@code arch/xtensa/include/asm/page.h}, v5.11).
 *
 * @param dcacheWaySize DCACHE_WAY_SIZE in bytes
 * @param icacheWaySize ICACHE_WAY_SIZE in bytes
 */
record XtensaCore(int dcacheWaySize, int icacheWaySize) {

  /**
   * The dc233c core of virt_defconfig ({@code arch/xtensa/variants/dc233c/include/variant/core.h}):
   * XCHAL_DCACHE_SIZE 16384 and XCHAL_ICACHE_SIZE 16384, 4 ways each: 4 KiB ways, no colours.
   */
  static final XtensaCore DC233C = new XtensaCore(4096, 4096);

  /**
   * A custom core (CONFIG_XTENSA_VARIANT_CUSTOM) with 16 KiB, 2-way D- and I-caches: 8 KiB ways,
   * two colours. None of the cores in {@code arch/xtensa/variants} has such a way (dc232b, dc233c,
   * fsf and test_kc705_hifi all have 4 KiB ways); the colour code exists for such custom cores.
   */
  static final XtensaCore CUSTOM_8K_WAY = new XtensaCore(8192, 8192);

  /** DCACHE_N_COLORS for 4 KiB pages. */
  int dcacheColours() {
    return Math.max(1, dcacheWaySize >> XtensaLayout.PAGE_SHIFT);
  }

  /**
   * TLBTEMP_SIZE ({@code arch/xtensa/include/asm/pgtable.h}): {@code 2 * DCACHE_WAY_SIZE} if that
   * is larger than ICACHE_WAY_SIZE, else ICACHE_WAY_SIZE. The temporary TLB mappings at
   * TLBTEMP_BASE_1 that copy/clear user pages of the right colour.
   */
  long tlbtempSize() {
    return 2L * dcacheWaySize > icacheWaySize ? 2L * dcacheWaySize : icacheWaySize;
  }
}
