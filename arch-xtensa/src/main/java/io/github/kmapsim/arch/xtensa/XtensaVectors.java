// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for the xtensa variants, worked out by hand from the v5.11 headers for
 * NR_CPUS 4 with and without DEBUG_KMAP_LOCAL, one and two D-cache colours.
 *
 * <ul>
 *   <li>{@code fixmap.h}: FIX_KMAP_BEGIN 0, FIX_KMAP_END = KM_MAX_IDX * NR_CPUS * DCACHE_N_COLORS
 *       - 1; FIXADDR_END = PAGE_OFFSET - PAGE_SIZE, FIXADDR_START = (FIXADDR_END - FIXADDR_SIZE) &
 *       PMD_MASK, FIXADDR_TOP = FIXADDR_START + FIXADDR_SIZE - PAGE_SIZE (top-down since
 *       1eb0616c2df5). With colours, slot s of CPU c for a page of colour 0 is index {@code (s +
 *       KM_MAX_IDX * c) * DCACHE_N_COLORS + DCACHE_N_COLORS - 1} ({@code kmap_idx()}, {@code
 *       arch/xtensa/mm/highmem.c}).
 *   <li>{@code highmem.h}: PKMAP_BASE = (FIXADDR_START - (LAST_PKMAP + 1) * PAGE_SIZE) & PMD_MASK,
 *       LAST_PKMAP = PTRS_PER_PTE * DCACHE_N_COLORS. {@code kmem_layout.h}: PAGE_OFFSET
 *       0xa0000000 with XTENSA_KSEG_512M, 512 MiB of lowmem; VMALLOC_START 0x90000000 below it.
 *   <li>{@code pgtable.h}: kmap_prot PAGE_KERNEL_EXEC 0x107, the word the MMU refills from; the
 *       empty PTE {@code _PAGE_CA_INVALID | _PAGE_USER} = 0x1c.
 *   <li>{@code highmem.h}: post_unmap {@code local_flush_tlb_kernel_range(vaddr, vaddr +
 *       PAGE_SIZE)}, {@code flush_cache_kmaps} {@code flush_cache_all()}; nothing else.
 * </ul>
 */
final class XtensaVectors {
  private static final String FIXMAP = "arch/xtensa/include/asm/fixmap.h, v5.11";
  private static final String HIGHMEM = "arch/xtensa/include/asm/highmem.h, v5.11";
  private static final String KMEM = "arch/xtensa/include/asm/kmem_layout.h and pgtable.h, v5.11";
  private static final String PGTABLE = "arch/xtensa/include/asm/pgtable.h, v5.11";
  private static final String IDX = "arch/xtensa/mm/highmem.c (kmap_idx), v5.11";
  private static final long TWO_GIB = 2L << 30;

  private XtensaVectors() {}

  static List<ReferenceVectors> of(int colours) {
    return colours == 1
        ? List.of(config(1, false, 0x9fc3f000L, 0x9f400000L),
            config(1, true, 0x9fc83000L, 0x9f400000L))
        : List.of(config(2, false, 0x9fc7f000L, 0x9f000000L),
            config(2, true, 0x9fd07000L, 0x9f000000L));
  }

  /** @param fixaddrTop 0x9fc00000 + (KM_MAX_IDX * 4 * colours - 1) pages */
  private static ReferenceVectors config(int colours, boolean debug, long fixaddrTop,
      long pkmapBase) {
    int km = debug ? 33 : 16;
    int last = colours - 1; // colour 0's offset in a slot of DCACHE_N_COLORS pages
    long c0s0 = fixaddrTop - ((long) last << 12);
    long c1s0 = fixaddrTop - ((long) (km * colours + last) << 12);
    long step = (long) colours << 12;
    long va = debug ? c1s0 - step : c1s0;
    return ReferenceVectors.builder(4, debug)
        .source(FIXMAP)
        .fixaddrTop(fixaddrTop)
        .fixaddrStart(0x9fc00000L)
        .fixKmapBegin(0)
        .fixKmapEnd(km * 4 * colours - 1)
        .source(colours == 1 ? FIXMAP : IDX)
        .slotAddress(0, 0, c0s0)
        .slotAddress(0, 1, c0s0 - step)
        .slotAddress(1, 0, c1s0)
        .slotAddress(1, 1, c1s0 - step)
        .source(HIGHMEM)
        .pkmapBase(pkmapBase)
        .lastPkmap(1024 * colours)
        .source(KMEM)
        .pageOffset(0xa0000000L)
        .maxLowPfn(TWO_GIB, 0x20000)
        .vmallocStart(TWO_GIB, 0x90000000L)
        .maxLowPfn(256L << 20, 0x10000)
        .vmallocStart(256L << 20, 0x90000000L)
        .source(PGTABLE)
        .kmapProtPte(0x20000, 0x20000107L, 0x20000107L)
        .emptyPte(0x1c)
        .physicalAddressBits(32)
        .source(HIGHMEM)
        .noHookCalls(Operation.MAP, Operation.SCHED_IN, Operation.KMAP)
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, 1,
            ServiceCall.localFlushTlbKernelRange(va, va + 0x1000))
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1,
            ServiceCall.localFlushTlbKernelRange(va, va + 0x1000))
        .hookCall(Operation.PKMAP_WRAP, Phase.FLUSH_CACHE_KMAPS, 1, ServiceCall.flushCacheAll())
        .build();
  }
}
