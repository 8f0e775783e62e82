// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for {@code nds32} (NR_CPUS 1), with and without DEBUG_KMAP_LOCAL, worked
 * out by hand from the headers of v5.11 (nds32 was removed in v5.18).
 *
 * <ul>
 *   <li>{@code fixmap.h}: FIXADDR_TOP 0xffff0000; FIX_HOLE and FIX_KMAP_RESERVED first, so
 *       FIX_KMAP_BEGIN 2 and FIX_KMAP_END = 1 + KM_MAX_IDX; FIX_EARLYCON_MEM_BASE after them,
 *       {@code __end_of_fixed_addresses} = FIX_KMAP_END + 2.
 *   <li>{@code memory.h}, {@code pgtable.h}: PAGE_OFFSET 0xb0000000 (VMSPLIT_3G_OPT),
 *       PKMAP_BASE 0xff800000 with LAST_PKMAP 1024, the consistent DMA area below it, VMALLOC_END
 *       0xff5ff000 and VMALLOC_START 128 MiB lower, MAXMEM = VMALLOC_START - PAGE_OFFSET.
 *   <li>{@code pgtable.h}: PAGE_KERNEL 0x6bf, the word the MMU reads.
 *   <li>{@code highmem.h} (5f037ea3b267): post_map {@code __nds32__tlbop_inv(vaddr)}, pre_unmap
 *       {@code __nds32__tlbop_inv(vaddr)} before pte_clear, no post_unmap; {@code
 *       flush_cache_kmaps} {@code cpu_dcache_wbinval_all()}.
 * </ul>
 */
final class Nds32Vectors {
  private static final String FIXMAP = "arch/nds32/include/asm/fixmap.h, v5.11";
  private static final String MEMORY = "arch/nds32/include/asm/memory.h and pgtable.h, v5.11";
  private static final String HIGHMEM = "arch/nds32/include/asm/highmem.h, v5.11";
  private static final long TWO_GIB = 2L << 30;

  private Nds32Vectors() {}

  static List<ReferenceVectors> of() {
    return List.of(config(false), config(true));
  }

  private static ReferenceVectors config(boolean debug) {
    int km = debug ? 33 : 16;
    long va = debug ? 0xfffed000L : 0xfffee000L;
    return ReferenceVectors.builder(1, debug)
        .source(FIXMAP)
        .fixaddrTop(0xffff0000L)
        .fixKmapBegin(2)
        .fixKmapEnd(1 + km)
        .fixaddrStart(0xffff0000L - ((km + 3L) << 12))
        .slotAddress(0, 0, 0xfffee000L)
        .slotAddress(0, 1, 0xfffed000L)
        .source(MEMORY)
        .pageOffset(0xb0000000L)
        .pkmapBase(0xff800000L)
        .lastPkmap(1024)
        .maxLowPfn(TWO_GIB, 0x475ff)
        .vmallocStart(TWO_GIB, 0xf75ff000L)
        .maxLowPfn(512L << 20, 0x20000)
        .vmallocStart(512L << 20, 0xf75ff000L)
        .kmapProtPte(0x475ff, 0x475ff6bfL, 0x475ff6bfL)
        .emptyPte(0)
        .physicalAddressBits(32)
        .source(HIGHMEM)
        .hookCall(Operation.MAP, Phase.POST_MAP, 0, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.SCHED_OUT, Phase.PRE_UNMAP, 0, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.SCHED_IN, Phase.POST_MAP, 0, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.UNMAP, Phase.PRE_UNMAP, 0, ServiceCall.localFlushTlbKernelPage(va))
        .noHookCalls(Operation.KMAP)
        .hookCall(Operation.PKMAP_WRAP, Phase.FLUSH_CACHE_KMAPS, 0, ServiceCall.flushCacheAll())
        .build();
  }
}
