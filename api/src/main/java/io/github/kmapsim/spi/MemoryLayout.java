// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The kernel virtual memory layout of a variant: page size, the direct map, pkmap and the fixmap
 * with its kmap window. The fixmap arithmetic defaults to {@code include/asm-generic/fixmap.h}
 * ({@code __fix_to_virt(x) = FIXADDR_TOP - (x << PAGE_SHIFT)}: a higher index is a lower address);
 * an architecture with another direction overrides {@link #fixToVirt} and {@link #virtToFix}.
 *
 * <p>Build one with {@link #builder()}.
 */
public interface MemoryLayout {

  /** PAGE_SHIFT. */
  int pageShift();

  /** PAGE_SIZE. */
  default long pageSize() {
    return 1L << pageShift();
  }

  /** PAGE_OFFSET: the start of the direct map of lowmem. */
  long pageOffset();

  /**
   * The most lowmem the direct map can hold, in bytes (x86's MAXMEM; the lowmem limit on ARM and
   * MIPS); memory above it is highmem. The direct map is {@code [PAGE_OFFSET, PAGE_OFFSET +
   * lowmem)}; the other regions (vmalloc, pkmap, the fixmap) usually lie above it but need not:
   * xtensa's and ARC's vmalloc area and ARC's fixmap and pkmap lie below PAGE_OFFSET.
   */
  long maxLowmemBytes();

  /** VMALLOC_OFFSET: the gap between the end of lowmem and VMALLOC_START. */
  long vmallocOffset();

  /**
   * VMALLOC_START for a kernel whose lowmem ends at {@code highMemory} ({@code high_memory}).
   * The default is x86-32's {@code high_memory + VMALLOC_OFFSET}; ARM rounds that down to
   * VMALLOC_OFFSET, and MIPS32's is the fixed MAP_BASE. Where the vmalloc area lies below
   * PAGE_OFFSET (xtensa's 0x90000000, ARC's 0x70000000) it is a constant and {@link
   * #vmallocOffset()} is 0: there is no gap after lowmem; {@link #vmallocEnd()} must then lie below
   * PAGE_OFFSET too.
   */
  default long vmallocStart(long highMemory) {
    return highMemory + vmallocOffset();
  }

  /** VMALLOC_END. */
  long vmallocEnd();

  /** PKMAP_BASE. */
  long pkmapBase();

  /** LAST_PKMAP: the number of persistent kmap entries. */
  int lastPkmap();

  /** FIXADDR_TOP: the address of fixmap index 0. */
  long fixaddrTop();

  /** FIXADDR_START: the lowest address of the permanent fixmap. */
  long fixaddrStart();

  /** FIX_KMAP_BEGIN. */
  int fixKmapBegin();

  /**
   * FIX_KMAP_END: {@code FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1}, and on an architecture whose
   * D-cache has colours {@code FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS * DCACHE_N_COLORS - 1}
   * (xtensa's {@code asm/fixmap.h}; {@link ArchVariant#dcacheColours()}).
   */
  int fixKmapEnd();

  /** Further regions the architecture prints in its boot-time layout (x86's cpu_entry). */
  List<Region> archRegions();

  /** PTRS_PER_PTE: the entries of one PTE table, which maps one PMD-sized region. */
  int ptrsPerPte();

  /**
   * Whether the PTE tables of the kmap window sit next to each other in memory, in address
   * order, so that {@code __kmap_pte - idx} may cross from one table into the next (x86-32
   * guarantees it in {@code page_table_kmap_check()}). When false, linear arithmetic that leaves
   * the table holding FIX_KMAP_BEGIN writes outside any page table.
   */
  boolean kmapPteTablesContiguous();

  /** {@code __fix_to_virt(idx)}. */
  default long fixToVirt(int idx) {
    return fixaddrTop() - ((long) idx << pageShift());
  }

  /** {@code __virt_to_fix(vaddr)}. */
  default int virtToFix(long vaddr) {
    return (int) ((fixaddrTop() - (vaddr & -pageSize())) >>> pageShift());
  }

  /** A named virtual address range, {@code [start, end)}. */
  record Region(String name, long start, long end) {}

  /** A builder for the standard (top-down) layout. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MemoryLayout}; every value must be set. */
  final class Builder {
    private int pageShift = -1;
    private long pageOffset = -1;
    private long maxLowmemBytes = -1;
    private long vmallocOffset = -1;
    private long vmallocEnd = -1;
    private long pkmapBase = -1;
    private int lastPkmap = -1;
    private long fixaddrTop = -1;
    private long fixaddrStart = -1;
    private int fixKmapBegin = -1;
    private int fixKmapEnd = -1;
    private List<Region> archRegions = List.of();
    private int ptrsPerPte = -1;
    private boolean kmapPteTablesContiguous = true;
    private LongUnaryOperator vmallocStart;

    private Builder() {}

    /** Sets PTRS_PER_PTE; the default is one page of 4-byte PTEs. */
    public Builder ptrsPerPte(int v) {
      ptrsPerPte = v;
      return this;
    }

    /** Sets whether the kmap PTE tables are contiguous in memory; the default is true. */
    public Builder kmapPteTablesContiguous(boolean v) {
      kmapPteTablesContiguous = v;
      return this;
    }

    /** Sets PAGE_SHIFT. */
    public Builder pageShift(int v) {
      pageShift = v;
      return this;
    }

    /** Sets PAGE_OFFSET. */
    public Builder pageOffset(long v) {
      pageOffset = v;
      return this;
    }

    /** Sets the lowmem limit in bytes. */
    public Builder maxLowmemBytes(long v) {
      maxLowmemBytes = v;
      return this;
    }

    /** Sets VMALLOC_OFFSET. */
    public Builder vmallocOffset(long v) {
      vmallocOffset = v;
      return this;
    }

    /**
     * Sets VMALLOC_START as a function of {@code high_memory}, where it is not x86's
     * {@code high_memory + VMALLOC_OFFSET}.
     */
    public Builder vmallocStart(LongUnaryOperator fromHighMemory) {
      vmallocStart = fromHighMemory;
      return this;
    }

    /** Sets VMALLOC_END. */
    public Builder vmallocEnd(long v) {
      vmallocEnd = v;
      return this;
    }

    /** Sets PKMAP_BASE. */
    public Builder pkmapBase(long v) {
      pkmapBase = v;
      return this;
    }

    /** Sets LAST_PKMAP. */
    public Builder lastPkmap(int v) {
      lastPkmap = v;
      return this;
    }

    /** Sets FIXADDR_TOP. */
    public Builder fixaddrTop(long v) {
      fixaddrTop = v;
      return this;
    }

    /** Sets FIXADDR_START. */
    public Builder fixaddrStart(long v) {
      fixaddrStart = v;
      return this;
    }

    /** Sets FIX_KMAP_BEGIN. */
    public Builder fixKmapBegin(int v) {
      fixKmapBegin = v;
      return this;
    }

    /** Sets FIX_KMAP_END. */
    public Builder fixKmapEnd(int v) {
      fixKmapEnd = v;
      return this;
    }

    /** Sets the extra regions for the layout print. */
    public Builder archRegions(List<Region> v) {
      archRegions = List.copyOf(v);
      return this;
    }

    /**
     * Builds the layout.
     *
     * @throws IllegalStateException when a value is missing or inconsistent
     */
    public MemoryLayout build() {
      if (pageShift < 0 || pageOffset < 0 || maxLowmemBytes < 0 || vmallocOffset < 0
          || vmallocEnd < 0 || pkmapBase < 0 || lastPkmap < 0 || fixaddrTop < 0
          || fixaddrStart < 0 || fixKmapBegin < 0 || fixKmapEnd < 0) {
        throw new IllegalStateException("every MemoryLayout value must be set");
      }
      if (fixKmapEnd < fixKmapBegin) {
        throw new IllegalStateException("FIX_KMAP_END below FIX_KMAP_BEGIN");
      }
      int ptrs = ptrsPerPte > 0 ? ptrsPerPte : 1 << (pageShift - 2);
      if (Integer.bitCount(ptrs) != 1) {
        throw new IllegalStateException("PTRS_PER_PTE must be a power of two, got " + ptrs);
      }
      StandardLayout layout = new StandardLayout(pageShift, pageOffset, maxLowmemBytes,
          vmallocOffset, vmallocEnd, pkmapBase, lastPkmap, fixaddrTop, fixaddrStart, fixKmapBegin,
          fixKmapEnd, archRegions, ptrs, kmapPteTablesContiguous);
      return vmallocStart == null ? layout : new VmallocStartLayout(layout, vmallocStart);
    }
  }
}
