// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * The ARM_LPAE PTE: a 64-bit long-descriptor page entry whose Linux bits share the word with the
 * hardware bits ({@code arch/arm/include/asm/pgtable-3level.h}, {@code pgtable-3level-hwdef.h}).
 *
 * <p>There is one copy, but {@code cpu_v7_set_pte_ext} ({@code arch/arm/mm/proc-v7-3level.S})
 * adjusts the word before storing it: since "ARM: 8109/1: mm: Modify pte_write and pmd_write logic
 * for LPAE" (v3.17) L_PTE_RDONLY is software bit 58 and the store sets the hardware AP[2] (bit 7,
 * read-only) when the PTE is read-only or clean, clearing it otherwise; a PROT_NONE PTE
 * (L_PTE_NONE) is stored with L_PTE_VALID cleared. Older kernels kept L_PTE_RDONLY at bit 7 and
 * only set it for clean PTEs. The {@link io.github.kmapsim.spi.PteTable} keeps the
 * {@code pfn_pte()} value, as the kmap_ctrl ptevals do, and {@link #hardwarePte} gives the stored
 * word; the two are equal for PAGE_KERNEL.
 *
 * <p>Assumed Kconfig: ARMv7 SMP with ARM_LPAE (Cortex-A7/A15 class), cache policy writealloc.
 */
final class ArmLpaePteCodec implements PteCodec {

  /** L_PTE_VALID, bit 0. */
  private static final long L_PTE_VALID = 1L;

  /** L_PTE_PRESENT, bits 1:0: a valid page descriptor (PTE_TYPE_PAGE). */
  private static final long L_PTE_PRESENT = 3L;

  /** bit 1 alone: PTE_TABLE_BIT. */
  private static final long PTE_TABLE_BIT = 1L << 1;

  /** L_PTE_MT_MASK: AttrIndx[2:0], bits 4:2, an index into MAIR0/MAIR1. */
  private static final long L_PTE_MT_MASK = 7L << 2;

  /** L_PTE_MT_WRITEALLOC: AttrIndx 7, normal inner write-alloc. */
  private static final long L_PTE_MT_WRITEALLOC = 7L << 2;

  /** L_PTE_USER, bit 6: AP[1]. */
  private static final long L_PTE_USER = 1L << 6;

  /** PTE_AP2, bit 7: AP[2], read-only, written by {@code set_pte_ext} only. */
  private static final long PTE_AP2 = 1L << 7;

  /** SH[0], bit 8. */
  private static final long SH0 = 1L << 8;

  /** SH[1], bit 9. */
  private static final long SH1 = 1L << 9;

  /** L_PTE_SHARED = SH[1:0] = 3: inner shareable. */
  private static final long L_PTE_SHARED = SH0 | SH1;

  /** L_PTE_YOUNG = PTE_EXT_AF, bit 10: the hardware access flag. */
  private static final long L_PTE_YOUNG = 1L << 10;

  /** PTE_EXT_NG, bit 11. */
  private static final long PTE_EXT_NG = 1L << 11;

  /** Contiguous hint, bit 52 (unused by Linux on ARM). */
  private static final long PTE_CONT = 1L << 52;

  /** PTE_EXT_PXN, bit 53. */
  private static final long PTE_EXT_PXN = 1L << 53;

  /** L_PTE_XN, bit 54. */
  private static final long L_PTE_XN = 1L << 54;

  /** L_PTE_DIRTY, bit 55 (software; hardware ignores 55..58). */
  private static final long L_PTE_DIRTY = 1L << 55;

  /** L_PTE_SPECIAL, bit 56. */
  private static final long L_PTE_SPECIAL = 1L << 56;

  /** L_PTE_NONE, bit 57: PROT_NONE. */
  private static final long L_PTE_NONE = 1L << 57;

  /** L_PTE_RDONLY, bit 58. */
  private static final long L_PTE_RDONLY = 1L << 58;

  /** PHYS_MASK_SHIFT: 40-bit output addresses ({@code pgtable-3level-hwdef.h}). */
  private static final int PHYS_MASK_SHIFT = 40;

  /** PHYS_MASK &amp; PAGE_MASK: the output address, bits 39:12. */
  private static final long PFN_MASK =
      ((1L << PHYS_MASK_SHIFT) - 1) & -(1L << ArmLayout.PAGE_SHIFT);

  /** The attribute bits: the lower 11:0 and the upper 63:52; 51:40 are RES0 in a page entry. */
  private static final long FLAGS_MASK = 0xFFF0_0000_0000_0FFFL;

  /**
   * PAGE_KERNEL = {@code pgprot_kernel | L_PTE_XN}, {@code pgprot_kernel} = L_PTE_PRESENT |
   * L_PTE_YOUNG | L_PTE_DIRTY | {@code kern_pgprot}, {@code kern_pgprot} = L_PTE_MT_WRITEALLOC |
   * L_PTE_SHARED | PTE_EXT_AF ({@code build_mem_type_table()}, {@code mm/mmu.c}):
   * 0x00c000000000071f.
   */
  private static final long PAGE_KERNEL =
      L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | L_PTE_MT_WRITEALLOC | L_PTE_SHARED | L_PTE_XN;

  /** Single-bit attribute names by bit number, after the kernel's macro names. */
  private static final String[] BIT_NAMES = new String[64];

  static {
    nameBit(L_PTE_VALID, "VALID");
    nameBit(PTE_TABLE_BIT, "TABLE");
    nameBit(L_PTE_USER, "USER");
    nameBit(PTE_AP2, "AP2");
    nameBit(L_PTE_YOUNG, "Y");
    nameBit(PTE_EXT_NG, "NG");
    nameBit(PTE_CONT, "CONT");
    nameBit(PTE_EXT_PXN, "PXN");
    nameBit(L_PTE_XN, "XN");
    nameBit(L_PTE_DIRTY, "D");
    nameBit(L_PTE_SPECIAL, "SPECIAL");
    nameBit(L_PTE_NONE, "NONE");
    nameBit(L_PTE_RDONLY, "RDONLY");
  }

  /** The L_PTE_MT_* names by AttrIndx; DEV_WC, DEV_CACHED, DEV_NONSHARED share 1, 3 and 4. */
  private static final String[] MT_NAMES = {
    "UNCACHED", "BUFFERABLE", "WRITETHROUGH", "WRITEBACK", "DEV_SHARED", null, null, "WRITEALLOC"
  };

  @Override
  public int pteBits() {
    return 64;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code __pfn_to_phys(pfn) | prot}.
   *
   * @throws IllegalArgumentException when the pfn does not fit 40 physical address bits or
   *     {@code prot} has bits in the address field 51:12
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: pfn %#x does not fit a 40-bit LPAE output address", pfn));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits in the output address field", prot));
    }
    return (pfn << ArmLayout.PAGE_SHIFT) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code (pte & PHYS_MASK) >> PAGE_SHIFT}. */
  @Override
  public long ptePfn(long pte) {
    return (pte & PFN_MASK) >>> ArmLayout.PAGE_SHIFT;
  }

  /**
   * Whether the MMU translates through the PTE without a fault: the stored word is a page
   * descriptor (bits 1:0 = 3, so not PROT_NONE) with the access flag set.
   */
  @Override
  public boolean ptePresent(long pte) {
    long hw = hardwarePte(pte);
    return (hw & L_PTE_PRESENT) == L_PTE_PRESENT && (hw & L_PTE_YOUNG) != 0;
  }

  /** {@code pte_write(pte)} ({@code pgtable.h}): {@code !(pte & L_PTE_RDONLY)}. */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & L_PTE_RDONLY) == 0;
  }

  /** PAGE_KERNEL: 0x00c000000000071f (P|S|Y|XN|D with MT_WRITEALLOC). */
  /**
   * {@code pgprot_writecombine(prot)} = {@code __pgprot_modify(prot, L_PTE_MT_MASK,
   * L_PTE_MT_BUFFERABLE)} ({@code arch/arm/include/asm/pgtable.h}): memory type 0b0001 << 2.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return (prot & ~L_PTE_MT_MASK) | (1L << 2);
  }

  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /** 1 << 28: PHYS_MASK_SHIFT 40 minus PAGE_SHIFT. */
  @Override
  public long maxPfn() {
    return 1L << (PHYS_MASK_SHIFT - ArmLayout.PAGE_SHIFT);
  }

  /**
   * The word {@code cpu_v7_set_pte_ext} stores (current {@code proc-v7-3level.S}): an invalid PTE
   * unchanged; a PROT_NONE one without L_PTE_VALID; otherwise AP[2] set when the PTE is
   * L_PTE_RDONLY or not L_PTE_DIRTY, cleared when it is writable and dirty.
   */
  @Override
  public long hardwarePte(long pte) {
    if ((pte & L_PTE_VALID) == 0) {
      return pte;
    }
    if ((pte & L_PTE_NONE) != 0) {
      return pte & ~L_PTE_VALID;
    }
    boolean readOnly = (pte & L_PTE_RDONLY) != 0 || (pte & L_PTE_DIRTY) == 0;
    return readOnly ? pte | PTE_AP2 : pte & ~PTE_AP2;
  }

  /**
   * The long descriptor the MMU reads ({@link #hardwarePte}): valid when it is a page (bits 1:0
   * = 3) with the access flag; the kernel may store unless AP[2]; user access with AP[1]; the
   * kernel executes unless PXN or XN; global unless nG; cacheable when AttrIndx, through the MAIR
   * Linux programs ({@code proc-v7-3level.S}), is WRITETHROUGH (2), WRITEBACK (3) or WRITEALLOC
   * (7); BUFFERABLE (1) is normal non-cacheable memory.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    long hw = hardwarePte(pte);
    if ((hw & L_PTE_PRESENT) != L_PTE_PRESENT || (hw & L_PTE_YOUNG) == 0) {
      return PtePermissions.INVALID;
    }
    int index = (int) ((hw & L_PTE_MT_MASK) >>> 2);
    return new PtePermissions(true, (hw & PTE_AP2) == 0, (hw & L_PTE_USER) != 0,
        (hw & (L_PTE_XN | PTE_EXT_PXN)) == 0, index == 2 || index == 3 || index == 7,
        (hw & PTE_EXT_NG) == 0);
  }

  /**
   * The set attributes in bit order ({@code P} for L_PTE_PRESENT, {@code S} for L_PTE_SHARED,
   * {@code bitN} for unnamed bits), then the memory type and the pfn:
   * {@code "P|S|Y|XN|D|MT_WRITEALLOC pfn=0x40000"}; a zero PTE is "none".
   */
  @Override
  public String describe(long pte) {
    if (pte == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    long rest = pte & ~PFN_MASK & ~L_PTE_MT_MASK;
    if ((rest & L_PTE_PRESENT) == L_PTE_PRESENT) {
      sb.append("P");
      rest &= ~L_PTE_PRESENT;
    }
    for (int bit = 0; bit < 64; bit++) {
      long mask = 1L << bit;
      if ((rest & mask) == 0) {
        continue;
      }
      String name;
      if (mask == SH0 && (rest & SH1) != 0) {
        name = "S";
        rest &= ~SH1;
      } else {
        name = BIT_NAMES[bit] != null ? BIT_NAMES[bit] : "bit" + bit;
      }
      sb.append(sb.length() == 0 ? "" : "|").append(name);
    }
    int mt = (int) ((pte & L_PTE_MT_MASK) >>> 2);
    sb.append(sb.length() == 0 ? "MT_" : "|MT_").append(MT_NAMES[mt] != null ? MT_NAMES[mt] : mt);
    return sb.append(" pfn=0x").append(Long.toHexString(ptePfn(pte))).toString();
  }

  private static void nameBit(long bit, String name) {
    BIT_NAMES[Long.numberOfTrailingZeros(bit)] = name;
  }
}
