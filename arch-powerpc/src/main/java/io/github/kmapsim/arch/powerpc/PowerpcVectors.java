// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for the 32-bit powerpc variants, worked out by hand from the v5.11 headers
 * for NR_CPUS 4 with and without DEBUG_KMAP_LOCAL.
 *
 * <ul>
 *   <li>{@code fixmap.h}: FIXADDR_TOP 0xfffff000; 128 KiB of early-debug slots first, so
 *       FIX_KMAP_BEGIN 32 and FIX_KMAP_END = 32 + KM_MAX_IDX * NR_CPUS - 1; the 4 MiB of FIX_BTMAP
 *       slots below, so FIXADDR_START = FIXADDR_TOP - ((FIX_KMAP_END + 1 + 1024) << 12).
 *   <li>{@code highmem.h}: PKMAP_BASE = (FIXADDR_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK
 *       (4 MiB PMDs and LAST_PKMAP 1024 with 32-bit PTEs; 2 MiB and 512 with 64-bit ones).
 *       PAGE_OFFSET 0xc0000000, LOWMEM_SIZE 768 MiB; VMALLOC_START = (high_memory + 16 MiB) &
 *       ~(16 MiB - 1) ({@code book3s/32/pgtable.h}, {@code nohash/32/pgtable.h}).
 *   <li>book3s32 ({@code book3s/32/pgtable.h}): PAGE_KERNEL 0x591, the HPTE's second word 0x190
 *       + RPN; e500 ({@code nohash/pte-book3e.h}, PHYS_64BIT): PAGE_KERNEL 0x241215 with the RPN
 *       from bit 24, MAS7:MAS3 0x05 + physical address, 36-bit physical.
 *   <li>{@code highmem.h}: post_map and post_unmap {@code local_flush_tlb_page(NULL, vaddr)}: the
 *       hash table flush with a {@code tlbie} that SMP book3s32 broadcasts, e500's local
 *       {@code tlbilx}.
 * </ul>
 */
final class PowerpcVectors {
  private static final String FIXMAP = "arch/powerpc/include/asm/fixmap.h, v5.11";
  private static final String HIGHMEM = "arch/powerpc/include/asm/highmem.h, v5.11";
  private static final String MEM = "arch/powerpc/include/asm/book3s/32/pgtable.h and"
      + " nohash/32/pgtable.h (VMALLOC_START), arch/powerpc/Kconfig (LOWMEM_SIZE), v5.11";
  private static final String BOOK3S = "arch/powerpc/include/asm/book3s/32/hash.h and"
      + " pgtable.h, arch/powerpc/mm/book3s32/hash_low.S, v5.11";
  private static final String E500 = "arch/powerpc/include/asm/nohash/pte-book3e.h and"
      + " nohash/32/pgtable.h, v5.11";
  private static final String TLB = "arch/powerpc/include/asm/highmem.h,"
      + " book3s/32/tlbflush.h and nohash/tlbflush.h, v5.11";
  private static final long TWO_GIB = 2L << 30;

  private PowerpcVectors() {}

  /** @param hash book3s32's hash MMU; false for e500 */
  static List<ReferenceVectors> of(boolean hash) {
    return List.of(config(hash, false, 0xffb9f000L), config(hash, true, 0xffb5b000L));
  }

  private static ReferenceVectors config(boolean hash, boolean debug, long fixaddrStart) {
    int km = debug ? 33 : 16;
    long c1s0 = 0xfffff000L - ((32L + km) << 12);
    long va = debug ? c1s0 - 0x1000 : c1s0;
    ServiceCall flush = hash ? ServiceCall.flushTlbKernelPageBroadcast(va)
        : ServiceCall.localFlushTlbKernelPage(va);
    ReferenceVectors.Builder b = ReferenceVectors.builder(4, debug)
        .source(FIXMAP)
        .fixaddrTop(0xfffff000L)
        .fixKmapBegin(32)
        .fixKmapEnd(32 + km * 4 - 1)
        .fixaddrStart(fixaddrStart)
        .slotAddress(0, 0, 0xfffdf000L)
        .slotAddress(0, 1, 0xfffde000L)
        .slotAddress(1, 0, c1s0)
        .slotAddress(1, 1, c1s0 - 0x1000)
        .source(HIGHMEM)
        .pkmapBase(hash ? 0xff400000L : 0xff800000L)
        .lastPkmap(hash ? 1024 : 512)
        .source(MEM)
        .pageOffset(0xc0000000L)
        .maxLowPfn(TWO_GIB, 0x30000)
        .vmallocStart(TWO_GIB, 0xf1000000L)
        .maxLowPfn(512L << 20, 0x20000)
        .vmallocStart(512L << 20, 0xe1000000L);
    if (hash) {
      b.source(BOOK3S).kmapProtPte(0x30000, 0x30000591L, 0x30000190L).emptyPte(0)
          .physicalAddressBits(32);
    } else {
      b.source(E500).kmapProtPte(0x30000, 0x0000030000241215L, 0x30000005L).emptyPte(0)
          .physicalAddressBits(36);
    }
    return b.source(TLB)
        .hookCall(Operation.MAP, Phase.POST_MAP, 1, flush)
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, 1, flush)
        .hookCall(Operation.SCHED_IN, Phase.POST_MAP, 1, flush)
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1, flush)
        .noHookCalls(Operation.KMAP, Operation.PKMAP_WRAP)
        .build();
  }
}
