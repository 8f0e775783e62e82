// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for the MIPS32 variants, worked out by hand from the v5.11 headers for
 * NR_CPUS 4 with and without DEBUG_KMAP_LOCAL, 4 KiB and 16 KiB pages.
 *
 * <ul>
 *   <li>{@code fixmap.h}: FIX_CMAP_BEGIN 0, FIX_CMAP_END 16 (8 colours * 2), FIX_KMAP_BEGIN 17,
 *       FIX_KMAP_END = 17 + KM_MAX_IDX * NR_CPUS - 1, then {@code __end_of_fixed_addresses} =
 *       FIX_KMAP_END + 1; FIXADDR_TOP 0xfffe0000 ({@code mach-generic/spaces.h}), FIXADDR_START =
 *       FIXADDR_TOP - (__end_of_fixed_addresses << PAGE_SHIFT).
 *   <li>{@code pgtable-32.h}: PKMAP_END = FIXADDR_START & ~((LAST_PKMAP << PAGE_SHIFT) - 1),
 *       PKMAP_BASE = PKMAP_END - LAST_PKMAP pages, LAST_PKMAP 1024; VMALLOC_START is MAP_BASE
 *       0xc0000000. PAGE_OFFSET 0x80000000 and HIGHMEM_START 0x20000000: 512 MiB of lowmem.
 *   <li>{@code pgtable.h}, {@code pgtable-bits.h}: PAGE_KERNEL 0x7cf (CCA 3), PFN_PTE_SHIFT 12
 *       with 4 KiB pages and 14 with 16 KiB, EntryLo = pte >> _PAGE_GLOBAL_SHIFT with RI/XI
 *       rotated to bits 31/30.
 *   <li>{@code highmem.h}: post_map and post_unmap {@code local_flush_tlb_one(vaddr)};
 *       {@code kmap_flush_tlb(addr)} ({@code arch/mips/mm/highmem.c}) is {@code
 *       flush_tlb_one(addr)}, {@code local_flush_tlb_one} on every CPU by IPI.
 * </ul>
 */
final class MipsVectors {
  private static final String FIXMAP = "arch/mips/include/asm/fixmap.h, v5.11";
  private static final String PGTABLE32 = "arch/mips/include/asm/pgtable-32.h, v5.11";
  private static final String BITS = "arch/mips/include/asm/pgtable-bits.h, v5.11";
  private static final String HIGHMEM = "arch/mips/include/asm/highmem.h, v5.11";
  private static final String MM_HIGHMEM = "arch/mips/mm/highmem.c (kmap_flush_tlb), v5.11";
  private static final long TWO_GIB = 2L << 30;

  private MipsVectors() {}

  static List<ReferenceVectors> of(int pageShift) {
    return pageShift == 12
        ? List.of(
            config(12, false, 0xfff8f000L, 0xff800000L, 0xfffcf000L),
            config(12, true, 0xfff4b000L, 0xff800000L, 0xfffcf000L))
        : List.of(
            config(14, false, 0xffe9c000L, 0xfe000000L, 0xfff9c000L),
            config(14, true, 0xffd8c000L, 0xfe000000L, 0xfff9c000L));
  }

  /**
   * @param fixaddrStart 0xfffe0000 - ((FIX_KMAP_END + 1) << PAGE_SHIFT)
   * @param slot0 fix_to_virt(17)
   */
  private static ReferenceVectors config(int shift, boolean debug, long fixaddrStart,
      long pkmapBase, long slot0) {
    int km = debug ? 33 : 16;
    long page = 1L << shift;
    long c1s0 = slot0 - ((long) km << shift);
    long va = debug ? c1s0 - page : c1s0;
    long kmap = pkmapBase + page; // the first kmap() takes entry 1
    return ReferenceVectors.builder(4, debug)
        .source(FIXMAP)
        .fixaddrTop(0xfffe0000L)
        .fixKmapBegin(17)
        .fixKmapEnd(17 + km * 4 - 1)
        .fixaddrStart(fixaddrStart)
        .slotAddress(0, 0, slot0)
        .slotAddress(0, 1, slot0 - page)
        .slotAddress(1, 0, c1s0)
        .slotAddress(1, 1, c1s0 - page)
        .source(PGTABLE32)
        .pageOffset(0x80000000L)
        .pkmapBase(pkmapBase)
        .lastPkmap(1024)
        .maxLowPfn(TWO_GIB, 0x20000000L >> shift)
        .vmallocStart(TWO_GIB, 0xc0000000L)
        .maxLowPfn(256L << 20, 0x10000000L >> shift)
        .vmallocStart(256L << 20, 0xc0000000L)
        .source(BITS)
        // pfn_pte(pfn, 0x7cf): physical 0x40000000 either way; EntryLo PFN 0x40000 << 6 | G V D C=3
        .kmapProtPte(0x40000000L >> shift, 0x400007cfL, 0x0100001fL)
        .emptyPte(0)
        .physicalAddressBits(32)
        .source(HIGHMEM)
        .hookCall(Operation.MAP, Phase.POST_MAP, 1, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, 1,
            ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.SCHED_IN, Phase.POST_MAP, 1, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1, ServiceCall.localFlushTlbKernelPage(va))
        .source(MM_HIGHMEM)
        .hookCall(Operation.KMAP, Phase.KMAP_FLUSH_TLB, 1,
            ServiceCall.flushTlbKernelRange(kmap, kmap + page))
        .hookCall(Operation.PKMAP_WRAP, Phase.KMAP_FLUSH_TLB, 1,
            ServiceCall.flushTlbKernelRange(pkmapBase, pkmapBase + page))
        .build();
  }
}
