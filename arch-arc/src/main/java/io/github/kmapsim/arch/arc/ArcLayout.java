// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import io.github.kmapsim.spi.MemoryLayout;
import java.util.List;

/**
 * The ARC (ARCv2, MMUv4) kernel virtual memory layout of v5.11 for hsdk_defconfig (8 KiB pages,
 * CONFIG_ARC_KVADDR_SIZE 256):
 *
 * <ul>
 *   <li>{@code arch/arc/include/asm/processor.h}: the upper 2 GiB are untranslated, 0x80000000
 *       - 0xbfffffff the kernel's direct map (PAGE_OFFSET 0x80000000) and 0xc0000000 up the
 *       uncached peripheral space, so lowmem is at most 1 GiB; VMALLOC_START = PAGE_OFFSET -
 *       (CONFIG_ARC_KVADDR_SIZE << 20) = 0x70000000, below PAGE_OFFSET whatever high_memory is;
 *       VMALLOC_SIZE = (CONFIG_ARC_KVADDR_SIZE << 20) - PGDIR_SIZE * 4 ("1 PGDIR_SIZE each for
 *       fixmap/pkmap, 2 PGDIR_SIZE gutter");
 *   <li>{@code asm/pgtable.h}: PGDIR_SHIFT 21 (the 11:8:13 split), PTRS_PER_PTE = 1 <<
 *       (PGDIR_SHIFT - PAGE_SHIFT) = 256;
 *   <li>{@code asm/highmem.h} as 39cac191ff37 ("arc/mm/highmem: Use generic kmap atomic
 *       implementation", v5.11) left it: FIXMAP_BASE = PAGE_OFFSET - FIXMAP_SIZE - PKMAP_SIZE,
 *       both one PGDIR_SIZE; FIX_KMAP_BEGIN 0, FIX_KMAP_END = KM_MAX_IDX * NR_CPUS - 1;
 *       FIXADDR_TOP = FIXMAP_BASE + (FIX_KMAP_END << PAGE_SHIFT), with asm-generic's
 *       {@code __fix_to_virt} spelled out ("needlessly different from all other architectures.
 *       Sigh - tglx"), so FIX_KMAP_END sits at FIXMAP_BASE; PKMAP_BASE = FIXMAP_BASE +
 *       FIXMAP_SIZE, LAST_PKMAP = PKMAP_SIZE >> PAGE_SHIFT = 256. v5.11 defines no FIXADDR_START:
 *       the fixmap begins at FIXMAP_BASE, which stands for it here.
 * </ul>
 *
 * <p>{@code kmap_init()} ({@code arch/arc/mm/highmem.c}) gives the fixmap and pkmap one PTE table
 * each ({@code alloc_kmap_pgtable()}, one {@code memblock_alloc_low()} per table), and
 * {@code BUILD_BUG_ON(FIX_KMAP_SLOTS > PTRS_PER_PTE)} keeps the kmap window inside its table.
 */
final class ArcLayout {

  /** PAGE_SHIFT for CONFIG_ARC_PAGE_SIZE_8K, the Kconfig default and hsdk_defconfig's. */
  static final int PAGE_SHIFT = 13;

  /** PGDIR_SHIFT ({@code asm/pgtable.h}) without huge pages. */
  private static final int PGDIR_SHIFT = 21;

  private static final long PGDIR_SIZE = 1L << PGDIR_SHIFT;

  /** PTRS_PER_PTE = 1 << BITS_FOR_PTE, BITS_FOR_PTE = PGDIR_SHIFT - PAGE_SHIFT. */
  static final int PTRS_PER_PTE = 1 << (PGDIR_SHIFT - PAGE_SHIFT);

  /** PAGE_OFFSET: the start of the untranslated upper 2 GiB. */
  static final long PAGE_OFFSET = 0x8000_0000L;

  /** The direct-mapped part of the untranslated space, 0x80000000 - 0xbfffffff (ARCv2). */
  static final long LOWMEM = 0x4000_0000L;

  /** VMALLOC_START = PAGE_OFFSET - (CONFIG_ARC_KVADDR_SIZE << 20), KVADDR_SIZE 256. */
  static final long VMALLOC_START = PAGE_OFFSET - (256L << 20);

  /** VMALLOC_END = VMALLOC_START + (256 << 20) - PGDIR_SIZE * 4. */
  static final long VMALLOC_END = VMALLOC_START + (256L << 20) - PGDIR_SIZE * 4;

  /** FIXMAP_BASE = PAGE_OFFSET - FIXMAP_SIZE - PKMAP_SIZE. */
  static final long FIXMAP_BASE = PAGE_OFFSET - 2 * PGDIR_SIZE;

  /** PKMAP_BASE = FIXMAP_BASE + FIXMAP_SIZE. */
  static final long PKMAP_BASE = FIXMAP_BASE + PGDIR_SIZE;

  /** LAST_PKMAP = PKMAP_SIZE >> PAGE_SHIFT. */
  static final int LAST_PKMAP = (int) (PGDIR_SIZE >> PAGE_SHIFT);

  private ArcLayout() {}

  /**
   * The layout of a kernel built with {@code nrCpus} and {@code kmMaxIdx}.
   *
   * @throws IllegalArgumentException when the kernel does not build: {@code
   *     BUILD_BUG_ON(FIX_KMAP_SLOTS > PTRS_PER_PTE)} in {@code kmap_init()}, FIX_KMAP_SLOTS being
   *     KM_MAX_IDX * NR_CPUS (at most 16 CPUs, 7 with DEBUG_KMAP_LOCAL)
   */
  static MemoryLayout of(int nrCpus, int kmMaxIdx) {
    int slots = kmMaxIdx * nrCpus;
    if (slots > PTRS_PER_PTE) {
      throw new IllegalArgumentException(String.format(
          "BUILD_BUG_ON(FIX_KMAP_SLOTS > PTRS_PER_PTE) (arch/arc/mm/highmem.c): KM_MAX_IDX %d *"
              + " NR_CPUS %d = %d fixmap slots, but the fixmap is one PTE table of %d",
          kmMaxIdx, nrCpus, slots, PTRS_PER_PTE));
    }
    int fixKmapEnd = slots - 1;
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(LOWMEM)
        .vmallocOffset(0)
        .vmallocStart(highMemory -> VMALLOC_START)
        .vmallocEnd(VMALLOC_END)
        .pkmapBase(PKMAP_BASE)
        .lastPkmap(LAST_PKMAP)
        .fixaddrTop(FIXMAP_BASE + ((long) fixKmapEnd << PAGE_SHIFT))
        .fixaddrStart(FIXMAP_BASE)
        .fixKmapBegin(0)
        .fixKmapEnd(fixKmapEnd)
        .archRegions(List.of())
        .ptrsPerPte(PTRS_PER_PTE)
        .kmapPteTablesContiguous(false)
        .build();
  }
}
