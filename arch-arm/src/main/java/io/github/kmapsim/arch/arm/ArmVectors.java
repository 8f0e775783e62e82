// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for the ARM variants, worked out by hand from the v5.11 headers for NR_CPUS
 * 4 with and without DEBUG_KMAP_LOCAL.
 *
 * <ul>
 *   <li>{@code fixmap.h}: FIXADDR_START 0xffc00000, FIXADDR_END 0xfff00000, FIXADDR_TOP =
 *       FIXADDR_END - PAGE_SIZE; FIX_EARLYCON_MEM_BASE is index 0, so FIX_KMAP_BEGIN = 1 and
 *       FIX_KMAP_END = KM_MAX_IDX * NR_CPUS; slot s of CPU c is {@code 0xffeff000 - ((1 + s +
 *       KM_MAX_IDX * c) << 12)}.
 *   <li>{@code highmem.h}: PKMAP_BASE = PAGE_OFFSET - PMD_SIZE (2 MiB), LAST_PKMAP =
 *       PTRS_PER_PTE 512. {@code mm/mmu.c}: lowmem ends at VMALLOC_END (0xff800000) - 240 MiB -
 *       VMALLOC_OFFSET: 768 MiB from PAGE_OFFSET 0xc0000000, so max_low_pfn 0x30000 with 2 GiB of
 *       RAM; VMALLOC_START = (high_memory + 8 MiB) & ~(8 MiB - 1) ({@code pgtable.h}).
 *   <li>PAGE_KERNEL: 0x65f classic (P|Y|D|MT_WRITEALLOC|S|XN), whose hardware word
 *       {@code cpu_v7_set_pte_ext} writes is 0x45f + pfn (TEX[0]:C:B, AP0, XN, small page);
 *       LPAE 0x00c000000000071f, the word the MMU reads.
 *   <li>{@code highmem.h} hooks: {@code arch_kmap_local_high_get} is {@code kmap_high_get}
 *       (ARCH_NEEDS_KMAP_HIGH_GET), post_map and post_unmap {@code local_flush_tlb_kernel_page},
 *       pre_unmap {@code __cpuc_flush_dcache_area(vaddr, PAGE_SIZE)} and {@code
 *       flush_cache_kmaps} {@code flush_cache_all()} on VIVT only.
 * </ul>
 */
final class ArmVectors {
  private static final String FIXMAP = "arch/arm/include/asm/fixmap.h, v5.11";
  private static final String HIGHMEM = "arch/arm/include/asm/highmem.h, v5.11";
  private static final String MMU = "arch/arm/mm/mmu.c (adjust_lowmem_bounds), v5.11";
  private static final String CLASSIC = "arch/arm/include/asm/pgtable-2level.h and"
      + " cpu_v7_set_pte_ext (arch/arm/mm/proc-v7-2level.S), v5.11";
  private static final String LPAE = "arch/arm/include/asm/pgtable-3level.h, v5.11";
  private static final long TWO_GIB = 2L << 30;
  /** The trace's page: max_low_pfn with 2 GiB of RAM. */
  private static final long PFN = 0x30000;

  private ArmVectors() {}

  static List<ReferenceVectors> of(CacheType cache, boolean lpae) {
    return List.of(config(cache, lpae, false), config(cache, lpae, true));
  }

  private static ReferenceVectors config(CacheType cache, boolean lpae, boolean debug) {
    int km = debug ? 33 : 16;
    long c1s0 = 0xffeff000L - ((1L + km) << 12);
    long va = debug ? c1s0 - 0x1000 : c1s0;
    boolean vivt = cache == CacheType.VIVT;
    ReferenceVectors.Builder b = ReferenceVectors.builder(4, debug)
        .source(FIXMAP)
        .fixaddrTop(0xffeff000L)
        .fixaddrStart(0xffc00000L)
        .fixKmapBegin(1)
        .fixKmapEnd(km * 4)
        .slotAddress(0, 0, 0xffefe000L)
        .slotAddress(0, 1, 0xffefd000L)
        .slotAddress(1, 0, c1s0)
        .slotAddress(1, 1, c1s0 - 0x1000)
        .source(HIGHMEM)
        .pkmapBase(0xbfe00000L)
        .lastPkmap(512)
        .source(MMU)
        .pageOffset(0xc0000000L)
        .maxLowPfn(TWO_GIB, PFN)
        .vmallocStart(TWO_GIB, 0xf0800000L)
        .maxLowPfn(512L << 20, 0x20000)
        .vmallocStart(512L << 20, 0xe0800000L);
    if (lpae) {
      b.source(LPAE)
          .kmapProtPte(0x40000, 0x00c000004000071fL, 0x00c000004000071fL)
          .emptyPte(0)
          .physicalAddressBits(40);
    } else {
      b.source(CLASSIC)
          .kmapProtPte(0x40000, 0x4000065fL, 0x4000045fL)
          .emptyPte(0)
          .physicalAddressBits(32);
    }
    b.source(HIGHMEM)
        .hookCall(Operation.MAP, Phase.HIGH_GET, 1, ServiceCall.kmapHighGet(PFN))
        .hookCall(Operation.MAP, Phase.POST_MAP, 1, ServiceCall.localFlushTlbKernelPage(va));
    for (Operation unmap : List.of(Operation.SCHED_OUT, Operation.UNMAP)) {
      if (vivt) {
        b.hookCall(unmap, Phase.PRE_UNMAP, 1, ServiceCall.flushDcacheArea(va, 4096));
      }
      b.hookCall(unmap, Phase.POST_UNMAP, 1, ServiceCall.localFlushTlbKernelPage(va));
    }
    b.hookCall(Operation.SCHED_IN, Phase.POST_MAP, 1, ServiceCall.localFlushTlbKernelPage(va))
        .noHookCalls(Operation.KMAP);
    if (vivt) {
      b.hookCall(Operation.PKMAP_WRAP, Phase.FLUSH_CACHE_KMAPS, 1, ServiceCall.flushCacheAll());
    } else {
      b.noHookCalls(Operation.PKMAP_WRAP);
    }
    return b.build();
  }
}
