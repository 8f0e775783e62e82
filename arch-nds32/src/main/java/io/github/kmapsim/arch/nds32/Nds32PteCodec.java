// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * The nds32 level-2 PTE of {@code arch/nds32/include/asm/pgtable.h} (v5.11): {@code _PAGE_V} (0),
 * the access mode {@code _PAGE_M} in bits 3:1 (0 XKRW, 1 UR_KR, 2 UR_KRW, 3 URW_KRW, 5 KR, 7
 * KRW), {@code _PAGE_D} (4), {@code _PAGE_E} (5), {@code _PAGE_A} (6), {@code _PAGE_G} (7), the
 * cache mode {@code _PAGE_C} in bits 10:8 (0 device, 1 device write-back, 2 memory, 4/5 shared
 * memory write-back/through, 6/7 memory write-back/through), {@code _PAGE_L} (11) and the PPN
 * from bit 12. The MMU reads this very word (and {@code tlbop_rwr} writes it into the TLB), so
 * the hardware word is the PTE.
 *
 * <p>{@code pte_write()} is "this page is writeable for user mode", {@code _PAGE_M} ==
 * URW_KRW; the kernel's own permission is {@code pte_kernel_write()}, which PAGE_KERNEL's KRW
 * satisfies: {@link #hardwareWritable}.
 */
final class Nds32PteCodec implements PteCodec {

  private static final long PAGE_V = 1L;
  private static final int M_SHIFT = 1;
  private static final long PAGE_M_MASK = 7L << M_SHIFT;
  private static final long PAGE_M_XKRW = 0;
  private static final long PAGE_M_UR_KRW = 2L << M_SHIFT;
  private static final long PAGE_M_URW_KRW = 3L << M_SHIFT;
  private static final long PAGE_M_KRW = 7L << M_SHIFT;
  private static final long PAGE_D = 1L << 4;
  private static final long PAGE_E = 1L << 5;
  private static final long PAGE_G = 1L << 7;
  private static final int C_SHIFT = 8;
  private static final long PAGE_C_MASK = 7L << C_SHIFT;
  private static final long PAGE_C_DEV_WB = 1L << C_SHIFT;
  private static final long PAGE_C_MEM_WB = 6L << C_SHIFT;

  /**
   * {@code PAGE_KERNEL} = _PAGE_V | _PAGE_M_KRW | _PAGE_D | _PAGE_E | _PAGE_G | _PAGE_CACHE_SHRD,
   * where {@code _PAGE_CACHE_SHRD} is {@code _PAGE_C_MEM_WB} without CONFIG_SMP (which nds32 does
   * not have) and without CONFIG_CPU_DCACHE_WRITETHROUGH: 0x6bf. kmap_prot is PAGE_KERNEL.
   */
  private static final long PAGE_KERNEL =
      PAGE_V | PAGE_M_KRW | PAGE_D | PAGE_E | PAGE_G | PAGE_C_MEM_WB;

  private static final long FLAGS_MASK = (1L << Nds32Layout.PAGE_SHIFT) - 1;
  private static final long PTE_MASK = 0xFFFF_FFFFL;
  private static final String[] MODES =
      {"XKRW", "UR_KR", "UR_KRW", "URW_KRW", "M4", "KR", "M6", "KRW"};
  private static final String[] CACHE =
      {"DEV", "DEV_WB", "MEM", "C3", "MEM_SHRD_WB", "MEM_SHRD_WT", "MEM_WB", "MEM_WT"};

  /** {@code pte_t} is one {@code unsigned long}. */
  @Override
  public int pteBits() {
    return 32;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code (pfn << PAGE_SHIFT) | prot}.
   *
   * @throws IllegalArgumentException when the pfn does not fit 32 bits or {@code prot} has bits
   *     above the flags
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(String.format(
          "pfn_pte: pfn %#x does not fit a 32-bit pte_t (PPN bits 31:12)", pfn));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
    }
    return (pfn << Nds32Layout.PAGE_SHIFT) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code pte_val(pte) >> PAGE_SHIFT}. */
  @Override
  public long ptePfn(long pte) {
    return (pte & PTE_MASK) >>> Nds32Layout.PAGE_SHIFT;
  }

  /** {@code pte_present(pte)}: {@code _PAGE_V}. */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & PAGE_V) != 0;
  }

  /** {@code pte_write(pte)}: {@code (pte_val(pte) & _PAGE_M_MASK) == _PAGE_M_URW_KRW}, user write. */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & PAGE_M_MASK) == PAGE_M_URW_KRW;
  }

  /**
   * {@code pte_kernel_write(pte)}: the access mode URW_KRW, UR_KRW or KRW, or XKRW with
   * {@code _PAGE_E}.
   */
  @Override
  public boolean hardwareWritable(long pte) {
    long m = pte & PAGE_M_MASK;
    return m == PAGE_M_URW_KRW || m == PAGE_M_UR_KRW || m == PAGE_M_KRW
        || m == PAGE_M_XKRW && (pte & PAGE_E) != 0;
  }

  /** PAGE_KERNEL, 0x6bf. */
  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /** {@code pgprot_writecombine(prot)}: the cache mode replaced by {@code _PAGE_C_DEV_WB}. */
  @Override
  public long pgprotWritecombine(long prot) {
    return (prot & ~PAGE_C_MASK) | PAGE_C_DEV_WB;
  }

  /** One past the largest PPN of a 32-bit PTE: 4 GiB of 4 KiB pages. */
  @Override
  public long maxPfn() {
    return 1L << (32 - Nds32Layout.PAGE_SHIFT);
  }

  /**
   * The MMU reads the PTE itself: valid with V; the kernel may store as {@link
   * #hardwareWritable} says; user access in modes UR_KR, UR_KRW and URW_KRW; execute with E;
   * cacheable for the memory types MEM_SHRD_WB, MEM_SHRD_WT, MEM_WB and MEM_WT (not device
   * memory, not uncached MEM); global with G.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    if ((pte & PAGE_V) == 0) {
      return PtePermissions.INVALID;
    }
    long mode = (pte & PAGE_M_MASK) >>> M_SHIFT;
    long cache = (pte & PAGE_C_MASK) >>> C_SHIFT;
    return new PtePermissions(true, hardwareWritable(pte), mode >= 1 && mode <= 3,
        (pte & PAGE_E) != 0, cache >= 4, (pte & PAGE_G) != 0);
  }

  /** PAGE_KERNEL carries _PAGE_E: kernel pages execute. */
  @Override
  public boolean kmapProtExecutable() {
    return true;
  }

  /**
   * The flags, access mode, cache mode and pfn: {@code "V|M=KRW|D|E|G|C=MEM_WB pfn=0x47600"};
   * {@code "none"} for 0.
   */
  @Override
  public String describe(long pte) {
    if (pte == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder((pte & PAGE_V) != 0 ? "V" : "-");
    sb.append("|M=").append(MODES[(int) ((pte & PAGE_M_MASK) >>> M_SHIFT)]);
    String[] bits = {"D", "E", "A", "G"};
    for (int i = 0; i < bits.length; i++) {
      if ((pte & (1L << (4 + i))) != 0) {
        sb.append('|').append(bits[i]);
      }
    }
    sb.append("|C=").append(CACHE[(int) ((pte & PAGE_C_MASK) >>> C_SHIFT)]);
    if ((pte & (1L << 11)) != 0) {
      sb.append("|L");
    }
    return sb.append(" pfn=0x").append(Long.toHexString(ptePfn(pte))).toString();
  }
}
