// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.List;

/**
 * The kernel's values for the x86-32 variants, worked out by hand from the v5.11 headers for
 * NR_CPUS 4 and 8, with and without DEBUG_KMAP_LOCAL.
 *
 * <ul>
 *   <li>{@code fixmap.h} + {@code apicdef.h}: FIX_KMAP_BEGIN = FIX_IO_APIC_BASE_0 (5) +
 *       MAX_IO_APICS (64) = 69; FIX_KMAP_END = 69 + KM_MAX_IDX * NR_CPUS - 1; FIX_PCIE_MCFG
 *       follows, so {@code __end_of_permanent_fixed_addresses} E = FIX_KMAP_END + 2 and
 *       FIXADDR_START = 0xfffff000 - (E << 12); slot s of CPU c is {@code fix_to_virt(69 + s + 16
 *       * c)} (33 with DEBUG_KMAP_LOCAL).
 *   <li>{@code pgtable_32_areas.h}: the cpu_entry_area (43 pages a CPU) and the LDT PMD sit below
 *       the fixmap and its 512 boot slots; PKMAP_BASE is one PMD below LDT_BASE_ADDR,
 *       VMALLOC_END = PKMAP_BASE - 2 pages, MAXMEM = VMALLOC_END - PAGE_OFFSET - 128 MiB, so
 *       max_low_pfn with 2 GiB of RAM is MAXMEM >> 12 and VMALLOC_START = high_memory + 8 MiB.
 *   <li>{@code pgtable_types.h}: PAGE_KERNEL = P | RW | A | D | G (0x163), | NX (bit 63) with PAE.
 *   <li>{@code highmem.h}: post_map is {@code arch_flush_lazy_mmu_mode()}, post_unmap
 *       {@code flush_tlb_one_kernel(vaddr)} then {@code arch_flush_lazy_mmu_mode()}; no pkmap hook.
 * </ul>
 */
final class X86Vectors {
  private static final String FIXMAP = "arch/x86/include/asm/fixmap.h, v5.11";
  private static final String AREAS = "arch/x86/include/asm/pgtable_32_areas.h, v5.11";
  private static final String TYPES = "arch/x86/include/asm/pgtable_types.h, v5.11";
  private static final String HIGHMEM = "arch/x86/include/asm/highmem.h, v5.11";
  private static final long TWO_GIB = 2L << 30;

  private X86Vectors() {}

  static List<ReferenceVectors> of(X86Paging paging) {
    boolean pae = paging == X86Paging.PAE;
    // the layouts differ in PKMAP_BASE and MAXMEM only: PAE's 2 MiB PMDs
    return List.of(
        config(pae, 4, false, 132, 0xfff79000L, pae ? 0xff600000L : 0xff400000L,
            pae ? 0x375feL : 0x373feL),
        config(pae, 4, true, 200, 0xfff35000L, pae ? 0xff600000L : 0xff400000L,
            pae ? 0x375feL : 0x373feL),
        config(pae, 8, false, 196, 0xfff39000L, pae ? 0xff600000L : 0xff000000L,
            pae ? 0x375feL : 0x36ffeL),
        config(pae, 8, true, 332, 0xffeb1000L, pae ? 0xff600000L : 0xff000000L,
            pae ? 0x375feL : 0x36ffeL));
  }

  /**
   * One configuration.
   *
   * @param fixKmapEnd 69 + KM_MAX_IDX * NR_CPUS - 1
   * @param fixaddrStart 0xfffff000 - ((FIX_KMAP_END + 2) << 12)
   * @param maxLowPfn MAXMEM >> 12
   */
  private static ReferenceVectors config(boolean pae, int cpus, boolean debug, int fixKmapEnd,
      long fixaddrStart, long pkmapBase, long maxLowPfn) {
    int km = debug ? 33 : 16;
    long c1s0 = 0xfffff000L - ((69L + km) << 12);
    long va = debug ? c1s0 - 0x1000 : c1s0; // CPU1's first slot: 1 with DEBUG_KMAP_LOCAL
    return ReferenceVectors.builder(cpus, debug)
        .source(FIXMAP)
        .fixaddrTop(0xfffff000L)
        .fixKmapBegin(69)
        .fixKmapEnd(fixKmapEnd)
        .fixaddrStart(fixaddrStart)
        .slotAddress(0, 0, 0xfffba000L)
        .slotAddress(0, 1, 0xfffb9000L)
        .slotAddress(1, 0, c1s0)
        .slotAddress(1, 1, c1s0 - 0x1000)
        .source(AREAS)
        .pageOffset(0xc0000000L)
        .pkmapBase(pkmapBase)
        .lastPkmap(pae ? 512 : 1024)
        .maxLowPfn(TWO_GIB, maxLowPfn)
        .vmallocStart(TWO_GIB, 0xc0000000L + (maxLowPfn << 12) + 0x800000L)
        .maxLowPfn(512L << 20, 0x20000)
        .vmallocStart(512L << 20, 0xe0800000L)
        .source(TYPES)
        .kmapProtPte(0x40000, (pae ? 0x8000000000000000L : 0) | 0x40000163L,
            (pae ? 0x8000000000000000L : 0) | 0x40000163L)
        .emptyPte(0)
        .physicalAddressBits(pae ? 52 : 32)
        .source(HIGHMEM)
        .hookCall(Operation.MAP, Phase.POST_MAP, 1, ServiceCall.flushLazyMmuMode())
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, 1, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.SCHED_OUT, Phase.POST_UNMAP, 1, ServiceCall.flushLazyMmuMode())
        .hookCall(Operation.SCHED_IN, Phase.POST_MAP, 1, ServiceCall.flushLazyMmuMode())
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1, ServiceCall.localFlushTlbKernelPage(va))
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1, ServiceCall.flushLazyMmuMode())
        .noHookCalls(Operation.KMAP, Operation.PKMAP_WRAP)
        .build();
  }
}
