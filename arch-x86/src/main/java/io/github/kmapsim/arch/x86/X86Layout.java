// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;

/**
 * The x86-32 kernel virtual memory layout, computed top-down as the kernel computes it: the fixmap
 * below FIXADDR_TOP ({@code arch/x86/include/asm/fixmap.h}), then the CPU entry area, the LDT
 * remap, pkmap and the end of vmalloc ({@code arch/x86/include/asm/pgtable_32_areas.h}), and from
 * those MAXMEM, the most lowmem the direct map can hold. Assumes VMSPLIT_3G and no
 * {@code reservetop=} or {@code vmalloc=} on the command line.
 *
 * <p>The one extra region is {@code cpu_entry}, [CPU_ENTRY_AREA_BASE, + CPU_ENTRY_AREA_MAP_SIZE),
 * as {@code mem_init()} in {@code arch/x86/mm/init_32.c} printed it (with fixmap, pkmap, vmalloc
 * and lowmem) until v5.7; the LDT remap PMD between it and pkmap was never printed.
 */
final class X86Layout {

  /** PAGE_SHIFT: x86 has 4 KiB pages only. */
  private static final int PAGE_SHIFT = 12;

  private static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  /** PAGE_OFFSET = CONFIG_PAGE_OFFSET, 0xC0000000 for VMSPLIT_3G ({@code page_32_types.h}). */
  private static final long PAGE_OFFSET = 0xC000_0000L;

  /** FIXADDR_TOP: {@code __FIXADDR_TOP} starts at 0xfffff000 ({@code arch/x86/mm/pgtable_32.c}). */
  private static final long FIXADDR_TOP = 0xFFFF_F000L;

  /** VMALLOC_OFFSET: the 8 MiB hole after the direct map ({@code pgtable_32_areas.h}). */
  private static final long VMALLOC_OFFSET = 8L << 20;

  /** {@code __VMALLOC_RESERVE}: 128 MiB without {@code vmalloc=} ({@code mm/pgtable_32.c}). */
  private static final long VMALLOC_RESERVE = 128L << 20;

  private X86Layout() {}

  /** The layout of a kernel built with {@code paging}, {@code nrCpus} and {@code kmMaxIdx}. */
  static MemoryLayout of(X86Paging paging, int nrCpus, int kmMaxIdx) {
    X86Fixmap fixmap = X86Fixmap.of(nrCpus, kmMaxIdx, paging.ptrsPerPte);
    long pmdMask = -(1L << paging.pmdShift);
    long fixaddrStart = FIXADDR_TOP - ((long) fixmap.endOfPermanent() << PAGE_SHIFT);
    long fixaddrTotStart = FIXADDR_TOP - ((long) fixmap.endOfFixed() << PAGE_SHIFT);
    // The +1 is the read-only IDT page in front of the per-CPU areas.
    long cpuEntryAreaSize = PAGE_SIZE * (CpuEntryArea.pages(nrCpus) + 1);
    long cpuEntryAreaBase = (fixaddrTotStart - cpuEntryAreaSize) & pmdMask;
    long ldtBaseAddr = (cpuEntryAreaBase - PAGE_SIZE) & pmdMask;
    long pkmapBase = (ldtBaseAddr - PAGE_SIZE) & pmdMask;
    long vmallocEnd = pkmapBase - 2 * PAGE_SIZE;
    long maxmem = vmallocEnd - PAGE_OFFSET - VMALLOC_RESERVE;
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(maxmem)
        .vmallocOffset(VMALLOC_OFFSET)
        .vmallocEnd(vmallocEnd)
        .pkmapBase(pkmapBase)
        .lastPkmap(paging.lastPkmap)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(fixaddrStart)
        .fixKmapBegin(fixmap.kmapBegin())
        .fixKmapEnd(fixmap.kmapEnd())
        .archRegions(
            List.of(
                new MemoryLayout.Region(
                    "cpu_entry", cpuEntryAreaBase, cpuEntryAreaBase + cpuEntryAreaSize)))
        .ptrsPerPte(paging.ptrsPerPte)
        // page_table_kmap_check() (arch/x86/mm/init_32.c) re-allocates the kmap PTE pages so
        // that they follow each other, and BUGs if they still do not: __kmap_pte - idx is valid.
        .kmapPteTablesContiguous(true)
        .build();
  }
}
