// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for the ARC variants, worked out by hand from the v5.11 headers (after
 * 39cac191ff37) for NR_CPUS 4 with and without DEBUG_KMAP_LOCAL. No max_low_pfn: ARC's lowmem is
 * a bank at physical 0x80000000, kmapsim's starts at 0, so only their size agrees.
 *
 * <ul>
 *   <li>{@code highmem.h}: FIXMAP_BASE = PAGE_OFFSET - FIXMAP_SIZE - PKMAP_SIZE = 0x7fc00000 (one
 *       PGDIR each, 8 KiB pages), FIX_KMAP_BEGIN 0, FIX_KMAP_END = KM_MAX_IDX * NR_CPUS - 1,
 *       FIXADDR_TOP = FIXMAP_BASE + (FIX_KMAP_END << PAGE_SHIFT); PKMAP_BASE = FIXMAP_BASE +
 *       FIXMAP_SIZE = 0x7fe00000, LAST_PKMAP 256. {@code processor.h}: VMALLOC_START 0x70000000.
 *   <li>{@code pgtable.h}: PAGE_KERNEL 0x30f; the TLB's PD1 ({@code create_tlb()}, {@code
 *       arch/arc/mm/tlb.c}) holds Kr Kw Kx and the cache bit, 0x71 + physical address; 40-bit
 *       physical addresses with PAE40.
 *   <li>{@code highmem.h}: post_unmap {@code local_flush_tlb_kernel_range(vaddr, vaddr +
 *       PAGE_SIZE)}, {@code flush_cache_kmaps} {@code flush_cache_all()}.
 * </ul>
 */
final class ArcVectors {
  private static final String HIGHMEM = "arch/arc/include/asm/highmem.h, v5.11";
  private static final String PROCESSOR = "arch/arc/include/asm/processor.h and page.h, v5.11";
  private static final String PTE = "arch/arc/include/asm/pgtable.h and arch/arc/mm/tlb.c"
      + " (create_tlb), v5.11";
  private static final long PAGE = 0x2000;

  private ArcVectors() {}

  static List<ReferenceVectors> of(boolean pae40) {
    return List.of(config(pae40, false, 0x7fc7e000L), config(pae40, true, 0x7fd06000L));
  }

  /** @param fixaddrTop 0x7fc00000 + (FIX_KMAP_END << 13) */
  private static ReferenceVectors config(boolean pae40, boolean debug, long fixaddrTop) {
    int km = debug ? 33 : 16;
    long c1s0 = fixaddrTop - km * PAGE;
    long va = debug ? c1s0 - PAGE : c1s0;
    ReferenceVectors.Builder b = ReferenceVectors.builder(4, debug)
        .source(HIGHMEM)
        .fixaddrTop(fixaddrTop)
        .fixaddrStart(0x7fc00000L)
        .fixKmapBegin(0)
        .fixKmapEnd(km * 4 - 1)
        .slotAddress(0, 0, fixaddrTop)
        .slotAddress(0, 1, fixaddrTop - PAGE)
        .slotAddress(1, 0, c1s0)
        .slotAddress(1, 1, c1s0 - PAGE)
        .pkmapBase(0x7fe00000L)
        .lastPkmap(256)
        .source(PROCESSOR)
        .pageOffset(0x80000000L)
        .vmallocStart(2L << 30, 0x70000000L)
        .source(PTE);
    if (pae40) {
      b.kmapProtPte(0x80000, 0x000000010000030fL, 0x0000000100000071L).physicalAddressBits(40);
    } else {
      b.kmapProtPte(0x20000, 0x4000030fL, 0x40000071L).physicalAddressBits(32);
    }
    return b.emptyPte(0)
        .source(HIGHMEM)
        .noHookCalls(Operation.MAP, Operation.SCHED_IN, Operation.KMAP)
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, 1,
            ServiceCall.localFlushTlbKernelRange(va, va + PAGE))
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1,
            ServiceCall.localFlushTlbKernelRange(va, va + PAGE))
        .hookCall(Operation.PKMAP_WRAP, Phase.FLUSH_CACHE_KMAPS, 1, ServiceCall.flushCacheAll())
        .build();
  }
}
