// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for {@code sparc} with NR_CPUS 4, with and without DEBUG_KMAP_LOCAL, worked
 * out by hand from the v5.11 headers.
 *
 * <ul>
 *   <li>{@code vaddrs.h}: FIXADDR_TOP 0xfcfff000; {@code enum fixed_addresses} is FIX_HOLE,
 *       FIX_KMAP_BEGIN (1), FIX_KMAP_END = KM_MAX_IDX * NR_CPUS (64, 132); FIXADDR_START =
 *       FIXADDR_TOP - ((FIX_KMAP_END + 1) << PAGE_SHIFT); slot s of CPU c at {@code
 *       __fix_to_virt(1 + s + KM_MAX_IDX * c)} = FIXADDR_TOP - ((1 + s + KM_MAX_IDX * c) << 12).
 *   <li>{@code highmem.h}: PKMAP_BASE = PMD_ALIGN(0xfc000000 + (1280 << 12)) = 0xfc500000 with
 *       v5.11's PMD_SHIFT 18; LAST_PKMAP 1024.
 *   <li>{@code page_32.h}, {@code pgtable_32.h}, {@code mm/init_32.c}: PAGE_OFFSET 0xf0000000,
 *       VMALLOC_START 0xfe600000, max_low_pfn 0xc000 (SRMMU_MAXMEM 192 MiB) when RAM is larger.
 *   <li>{@code pgtsrmmu.h}, {@code highmem.h}: kmap_prot 0x9e, so {@code pfn_pte(0xc000,
 *       kmap_prot)} = (0xc000 << 8) | 0x9e = 0x00c0009e, the word the SRMMU walks; RAM below 4
 *       GiB (32 bits: {@code pte_pfn()} gives ~0 for the I/O space above).
 *   <li>{@code highmem.h}: post_map and post_unmap {@code flush_tlb_all()}, pre_unmap {@code
 *       flush_cache_all()}, flush_cache_kmaps {@code flush_cache_all()}; {@code
 *       arch_kmap_local_pre_map} is never called by {@code mm/highmem.c}, so a map makes one call.
 * </ul>
 */
final class SparcVectors {
  private static final String VADDRS = "arch/sparc/include/asm/vaddrs.h, v5.11";
  private static final String HIGHMEM_LAYOUT = "arch/sparc/include/asm/highmem.h and"
      + " pgtable_32.h (PMD_SHIFT 18), v5.11";
  private static final String PAGE = "arch/sparc/include/asm/page_32.h, pgtable_32.h and"
      + " arch/sparc/mm/init_32.c (bootmem_init), v5.11";
  private static final String PTE = "arch/sparc/include/asm/pgtsrmmu.h, pgtable_32.h (mk_pte,"
      + " pte_pfn) and highmem.h (kmap_prot), v5.11";
  private static final String HOOKS = "arch/sparc/include/asm/highmem.h (after sparc/mm/highmem:"
      + " Flush cache and TLB) and mm/highmem.c, v5.11";

  private SparcVectors() {}

  static List<ReferenceVectors> of() {
    return List.of(
        config(false, 64, 0xfcfbe000L, 0xfcfee000L),
        config(true, 132, 0xfcf7a000L, 0xfcfdd000L));
  }

  /**
   * @param kmapEnd FIX_KMAP_END
   * @param c1s0 slot 0 of CPU 1
   */
  private static ReferenceVectors config(boolean debug, int kmapEnd, long fixaddrStart,
      long c1s0) {
    return ReferenceVectors.builder(4, debug)
        .source(VADDRS)
        .fixaddrTop(0xfcfff000L)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(1)
        .fixKmapEnd(kmapEnd)
        .slotAddress(0, 0, 0xfcffe000L)
        .slotAddress(0, 1, 0xfcffd000L)
        .slotAddress(1, 0, c1s0)
        .slotAddress(1, 1, c1s0 - 0x1000)
        .source(HIGHMEM_LAYOUT)
        .pkmapBase(0xfc500000L)
        .lastPkmap(1024)
        .source(PAGE)
        .pageOffset(0xf0000000L)
        .maxLowPfn(2L << 30, 0xc000)
        .maxLowPfn(128L << 20, 0x8000)
        .vmallocStart(2L << 30, 0xfe600000L)
        .source(PTE)
        .kmapProtPte(0xc000, 0x00c0009eL, 0x00c0009eL)
        .emptyPte(0)
        .physicalAddressBits(32)
        .source(HOOKS)
        .hookCall(Operation.MAP, Phase.POST_MAP, 1, ServiceCall.flushTlbAll())
        .hookCall(Operation.UNMAP, Phase.PRE_UNMAP, 1, ServiceCall.flushCacheAll())
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1, ServiceCall.flushTlbAll())
        .hookCall(Operation.SCHED_OUT, Phase.PRE_UNMAP, 1, ServiceCall.flushCacheAll())
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, 1, ServiceCall.flushTlbAll())
        .hookCall(Operation.SCHED_IN, Phase.POST_MAP, 1, ServiceCall.flushTlbAll())
        .noHookCalls(Operation.KMAP)
        .hookCall(Operation.PKMAP_WRAP, Phase.FLUSH_CACHE_KMAPS, 1, ServiceCall.flushCacheAll())
        .build();
  }
}
