// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for the C-SKY variants, worked out by hand from the v5.11 headers:
 * {@code csky} (CK807, NR_CPUS 1) and {@code csky-ck860} (NR_CPUS 4), with and without
 * DEBUG_KMAP_LOCAL.
 *
 * <ul>
 *   <li>{@code fixmap.h}, {@code memory.h}: FIXADDR_TOP 0xffffc000, FIX_KMAP_BEGIN 0 (slot 0 of
 *       CPU 0 is FIXADDR_TOP), FIX_KMAP_END = KM_MAX_IDX * NR_CPUS - 1, FIXADDR_START = FIXADDR_TOP
 *       - (__end_of_fixed_addresses << PAGE_SHIFT); PKMAP_BASE the fixed 0xff800000, LAST_PKMAP
 *       1024; VMALLOC_START 0xc0008000; PAGE_OFFSET 0x80000000 with LOWMEM_LIMIT 1 GiB.
 *   <li>{@code abiv2/inc/abi/pgtable-bits.h}, {@code pgtable.h}: PAGE_KERNEL 0xfcf, read by the
 *       hardware refill as it is; a fresh page table is zeroed.
 *   <li>{@code highmem.h}, {@code mm/highmem.c}, {@code mm/tlb.c}: post_map, post_unmap and
 *       {@code kmap_flush_tlb} are {@code flush_tlb_one(addr)}: the JTLB entry of the even/odd
 *       pair ({@code addr &= TLB_ENTRY_SIZE_MASK}), by probe on CK807, by {@code tlbi.vaas} to every
 *       CPU on CK860.
 * </ul>
 */
final class CskyVectors {
  private static final String FIXMAP = "arch/csky/include/asm/fixmap.h, v5.11";
  private static final String MEMORY = "arch/csky/include/asm/memory.h, v5.11";
  private static final String PGTABLE = "arch/csky/include/asm/pgtable.h and"
      + " arch/csky/abiv2/inc/abi/pgtable-bits.h, v5.11";
  private static final String HIGHMEM = "arch/csky/include/asm/highmem.h and"
      + " arch/csky/mm/tlb.c (flush_tlb_one), v5.11";
  private static final long TWO_GIB = 2L << 30;

  private CskyVectors() {}

  /** @param tlbi CPU_HAS_TLBI (CK860, SMP with NR_CPUS 4) */
  static List<ReferenceVectors> of(boolean tlbi) {
    return List.of(config(tlbi, false), config(tlbi, true));
  }

  private static ReferenceVectors config(boolean tlbi, boolean debug) {
    int cpus = tlbi ? 4 : 1;
    int km = debug ? 33 : 16;
    int c = Math.min(1, cpus - 1);
    long c0s0 = 0xffffc000L;
    long c1s0 = c0s0 - ((long) km << 12);
    long va = (c == 1 ? c1s0 : c0s0) - (debug ? 0x1000 : 0);
    ReferenceVectors.Builder b = ReferenceVectors.builder(cpus, debug)
        .source(FIXMAP)
        .fixaddrTop(0xffffc000L)
        .fixKmapBegin(0)
        .fixKmapEnd(km * cpus - 1)
        .fixaddrStart(0xffffc000L - ((long) km * cpus << 12))
        .slotAddress(0, 0, c0s0)
        .slotAddress(0, 1, c0s0 - 0x1000);
    if (cpus > 1) {
      b.slotAddress(1, 0, c1s0).slotAddress(1, 1, c1s0 - 0x1000);
    }
    b.source(MEMORY)
        .pageOffset(0x80000000L)
        .pkmapBase(0xff800000L)
        .lastPkmap(1024)
        .maxLowPfn(TWO_GIB, 0x40000)
        .vmallocStart(TWO_GIB, 0xc0008000L)
        .maxLowPfn(512L << 20, 0x20000)
        .vmallocStart(512L << 20, 0xc0008000L)
        .source(PGTABLE)
        .kmapProtPte(0x40000, 0x40000fcfL, 0x40000fcfL)
        .emptyPte(0)
        .physicalAddressBits(32)
        .source(HIGHMEM);
    long pair = va & ~0x1fffL;
    long kmapPair = 0xff800000L; // the first kmap() takes entry 1, 0xff801000, of pair 0xff800000
    b.hookCall(Operation.MAP, Phase.POST_MAP, c, flushTlbOne(tlbi, pair))
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, c, flushTlbOne(tlbi, pair))
        .hookCall(Operation.SCHED_IN, Phase.POST_MAP, c, flushTlbOne(tlbi, pair))
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, c, flushTlbOne(tlbi, pair))
        .hookCall(Operation.KMAP, Phase.KMAP_FLUSH_TLB, c, flushTlbOne(tlbi, kmapPair))
        .hookCall(Operation.PKMAP_WRAP, Phase.KMAP_FLUSH_TLB, c, flushTlbOne(tlbi, 0xff800000L));
    return b.build();
  }

  private static ServiceCall flushTlbOne(boolean tlbi, long pair) {
    return tlbi ? ServiceCall.flushTlbKernelPageBroadcast(pair)
        : ServiceCall.localFlushTlbKernelPage(pair);
  }
}
