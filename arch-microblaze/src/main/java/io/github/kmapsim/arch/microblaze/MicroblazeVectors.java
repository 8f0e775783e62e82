// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for {@code microblaze} (NR_CPUS 1), with and without DEBUG_KMAP_LOCAL,
 * worked out by hand from the v5.11 headers.
 *
 * <ul>
 *   <li>{@code fixmap.h}: FIXADDR_TOP 0xfffff000, FIX_HOLE at index 0, FIX_KMAP_BEGIN 1,
 *       FIX_KMAP_END = KM_MAX_IDX, {@code __end_of_fixed_addresses} = FIX_KMAP_END + 1.
 *   <li>{@code highmem.h}: PKMAP_BASE = (FIXADDR_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK
 *       = 0xff800000, LAST_PKMAP 1024. KERNEL_START 0xc0000000, LOWMEM_SIZE 768 MiB, vmalloc
 *       from their end (0xf0000000, {@code pgtable.h}).
 *   <li>{@code pgtable.h}: PAGE_KERNEL 0x7c2, the TLBLO word the miss handler loads 0x300 + pfn.
 *   <li>{@code highmem.h}: post_map and post_unmap {@code local_flush_tlb_page(NULL, vaddr)},
 *       {@code flush_cache_kmaps} flushes both caches.
 * </ul>
 */
final class MicroblazeVectors {
  private static final String FIXMAP = "arch/microblaze/include/asm/fixmap.h, v5.11";
  private static final String HIGHMEM = "arch/microblaze/include/asm/highmem.h, v5.11";
  private static final String PGTABLE = "arch/microblaze/include/asm/pgtable.h, v5.11";
  private static final long TWO_GIB = 2L << 30;

  private MicroblazeVectors() {}

  static List<ReferenceVectors> of() {
    return List.of(config(false), config(true));
  }

  private static ReferenceVectors config(boolean debug) {
    int km = debug ? 33 : 16;
    long va = debug ? 0xffffd000L : 0xffffe000L;
    return ReferenceVectors.builder(1, debug)
        .source(FIXMAP)
        .fixaddrTop(0xfffff000L)
        .fixKmapBegin(1)
        .fixKmapEnd(km)
        .fixaddrStart(0xfffff000L - ((km + 1L) << 12))
        .slotAddress(0, 0, 0xffffe000L)
        .slotAddress(0, 1, 0xffffd000L)
        .source(HIGHMEM)
        .pkmapBase(0xff800000L)
        .lastPkmap(1024)
        .source(PGTABLE)
        .pageOffset(0xc0000000L)
        .maxLowPfn(TWO_GIB, 0x30000)
        .vmallocStart(TWO_GIB, 0xf0000000L)
        .maxLowPfn(512L << 20, 0x20000)
        .vmallocStart(512L << 20, 0xf0000000L)
        .kmapProtPte(0x30000, 0x300007c2L, 0x30000300L)
        .emptyPte(0)
        .physicalAddressBits(32)
        .source(HIGHMEM)
        .hookCall(Operation.MAP, Phase.POST_MAP, 0, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, 0,
            ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.SCHED_IN, Phase.POST_MAP, 0, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 0, ServiceCall.localFlushTlbKernelPage(va))
        .noHookCalls(Operation.KMAP)
        .hookCall(Operation.PKMAP_WRAP, Phase.FLUSH_CACHE_KMAPS, 0, ServiceCall.flushCacheAll())
        .build();
  }
}
