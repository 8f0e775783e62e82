// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

/**
 * The size of {@code struct cpu_entry_area} on x86-32 in v5.11, which
 * {@code CPU_ENTRY_AREA_PAGES = NR_CPUS * DIV_ROUND_UP(sizeof(struct cpu_entry_area), PAGE_SIZE)}
 * ({@code arch/x86/include/asm/pgtable_32_areas.h}) turns into the space reserved below the fixmap.
 *
 * <p>Derivation from {@code arch/x86/include/asm/cpu_entry_area.h}, {@code processor.h} and
 * {@code intel_ds.h}, 4 KiB pages, 4-byte {@code long}; every member is page-sized or page-aligned:
 *
 * <ul>
 *   <li>{@code char gdt[PAGE_SIZE]}: 1 page;
 *   <li>{@code char guard_entry_stack[PAGE_SIZE]} (X86_32: the GDT is writable there, so it cannot
 *       serve as the guard): 1;
 *   <li>{@code struct entry_stack_page}, {@code __aligned(PAGE_SIZE)}: 1;
 *   <li>{@code char guard_doublefault_stack[PAGE_SIZE]} (X86_32): 1;
 *   <li>{@code struct doublefault_stack} (stack words plus a {@code struct x86_hw_tss}, one
 *       page, {@code __aligned(PAGE_SIZE)}; X86_32): 1;
 *   <li>{@code struct tss_struct}, {@code __aligned(PAGE_SIZE)}: the 104-byte {@code x86_hw_tss}
 *       plus {@code struct x86_io_bitmap} ({@code u64 prev_sequence}, {@code unsigned int
 *       prev_max}, {@code bitmap[IO_BITMAP_LONGS + 1]} and {@code mapall[IO_BITMAP_LONGS + 1]}
 *       with IO_BITMAP_LONGS = 65536 / 8 / 4 = 2048, so 2 x 8196 bytes) = 16508 bytes: 5 pages;
 *   <li>{@code struct debug_store}, {@code __aligned(PAGE_SIZE)}: 1;
 *   <li>{@code struct debug_store_buffers}: BTS_BUFFER_SIZE + PEBS_BUFFER_SIZE, each
 *       {@code PAGE_SIZE << 4} = 64 KiB: 32 pages (unconditional in v5.11; older kernels had
 *       them under CPU_SUP_INTEL).
 * </ul>
 *
 * <p>Total: 43 pages per CPU. (Kernels that hard-coded this bound in {@code pgtable_32_types.h}
 * went from {@code NR_CPUS * 40} to 41 with the IOPL-emulation {@code mapall} bitmap and to 43
 * with the #DF stack; v5.11 takes the {@code sizeof}.)
 */
final class CpuEntryArea {

  /** {@code DIV_ROUND_UP(sizeof(struct cpu_entry_area), PAGE_SIZE)} on x86-32, v5.11. */
  private static final int PAGES_PER_CPU = 43;

  private CpuEntryArea() {}

  /** CPU_ENTRY_AREA_PAGES for NR_CPUS = {@code nrCpus} (the read-only IDT page not included). */
  static int pages(int nrCpus) {
    return nrCpus * PAGES_PER_CPU;
  }
}
