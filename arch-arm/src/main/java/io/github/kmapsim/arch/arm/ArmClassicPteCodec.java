// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * The classic (non-LPAE) ARM PTE: a 32-bit Linux PTE
 * ({@code arch/arm/include/asm/pgtable-2level.h}) and the ARMv7 hardware small-page descriptor
 * derived from it ({@code pgtable-2level-hwdef.h}, {@code cpu_v7_set_pte_ext} in
 * {@code arch/arm/mm/proc-v7-2level.S}).
 *
 * <p>The MMU has no young or dirty bit, so Linux keeps its own entries: a PTE page holds 512 Linux
 * entries and, 2048 bytes further ({@code PTE_HWTABLE_OFF}), the 2 * 256 hardware entries.
 * {@code set_pte_ext()} writes both words. The {@link io.github.kmapsim.spi.PteTable} holds the
 * Linux word only, which is what {@code pte_none()}, {@code pte_pfn()} and the kmap_ctrl ptevals
 * see; the hardware word is derived from it by {@link #hardwarePte}.
 *
 * <p>Assumed CPU and Kconfig: ARMv7 SMP with TEX remapping (SCTLR.TRE), cache policy writealloc
 * (forced on SMP by {@code build_mem_type_table()}), shared mappings, CPU_USE_DOMAINS off.
 */
final class ArmClassicPteCodec implements PteCodec {

  /** L_PTE_VALID = L_PTE_PRESENT, bit 0. */
  private static final long L_PTE_PRESENT = 1L;

  /** L_PTE_YOUNG, bit 1: the page may be accessed (no hardware access flag). */
  private static final long L_PTE_YOUNG = 1L << 1;

  /** L_PTE_MT_MASK: the memory type, bits 5:2 ({@code n/a, TEX[0], C, B} under TEX remap). */
  private static final long L_PTE_MT_MASK = 0x0fL << 2;

  /** L_PTE_MT_WRITEALLOC: 0111, normal memory, write-back write-allocate. */
  private static final long L_PTE_MT_WRITEALLOC = 0x07L << 2;

  /** L_PTE_DIRTY, bit 6: write access is granted only to dirty pages. */
  private static final long L_PTE_DIRTY = 1L << 6;

  /** L_PTE_RDONLY, bit 7. */
  private static final long L_PTE_RDONLY = 1L << 7;

  /** L_PTE_USER, bit 8. */
  private static final long L_PTE_USER = 1L << 8;

  /** L_PTE_XN, bit 9. */
  private static final long L_PTE_XN = 1L << 9;

  /** L_PTE_SHARED, bit 10. */
  private static final long L_PTE_SHARED = 1L << 10;

  /** L_PTE_NONE, bit 11: PROT_NONE, present to Linux but not to the MMU. */
  private static final long L_PTE_NONE = 1L << 11;

  /** The flag bits of the Linux PTE; the pfn starts at PAGE_SHIFT. */
  private static final long FLAGS_MASK = (1L << ArmLayout.PAGE_SHIFT) - 1;

  /**
   * One past the largest pfn: MAX_POSSIBLE_PHYSMEM_BITS 32 ({@code pgtable-2level.h}); 36-bit
   * addresses exist only as supersections, never in a PTE.
   */
  private static final long MAX_PFN = 1L << (32 - ArmLayout.PAGE_SHIFT);

  /** PTE_TYPE_MASK, bits 1:0 of the hardware entry. */
  private static final long PTE_TYPE_MASK = 3L;

  /** PTE_TYPE_SMALL: a 4 KiB small page (the extended small page of ARMv6+). */
  private static final long PTE_TYPE_SMALL = 2L;

  /** PTE_EXT_XN, hardware bit 0. */
  private static final long PTE_EXT_XN = 1L;

  /** PTE_EXT_AP0, hardware bit 4: privileged access. */
  private static final long PTE_EXT_AP0 = 1L << 4;

  /** PTE_EXT_AP1, hardware bit 5: user access. */
  private static final long PTE_EXT_AP1 = 2L << 4;

  /** PTE_EXT_TEX(1), hardware bit 6: TEX[0]. */
  private static final long PTE_EXT_TEX0 = 1L << 6;

  /** PTE_EXT_APX, hardware bit 9: read-only. */
  private static final long PTE_EXT_APX = 1L << 9;

  /** PTE_EXT_NG, hardware bit 11: not global (user addresses). */
  private static final long PTE_EXT_NG = 1L << 11;

  /** The Linux bits {@code cpu_v7_set_pte_ext} clears first ({@code bic #0x3f0}, type bits). */
  private static final long HW_CLEARED = 0x3f0L | PTE_TYPE_MASK;

  /**
   * PAGE_KERNEL = {@code pgprot_kernel | L_PTE_XN} ({@code pgtable.h}), {@code pgprot_kernel} =
   * L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | {@code kern_pgprot}, {@code kern_pgprot} =
   * L_PTE_MT_WRITEALLOC | L_PTE_SHARED ({@code build_mem_type_table()}, {@code mm/mmu.c}): 0x65f.
   */
  private static final long PAGE_KERNEL =
      L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | L_PTE_MT_WRITEALLOC | L_PTE_SHARED | L_PTE_XN;

  /** The L_PTE_MT_* names by memory type (bits 5:2); null where pgtable-2level.h has none. */
  private static final String[] MT_NAMES = {
    "UNCACHED", "BUFFERABLE", "WRITETHROUGH", "WRITEBACK", "DEV_SHARED", null, "MINICACHE",
    "WRITEALLOC", null, "DEV_WC", null, "DEV_CACHED", "DEV_NONSHARED", null, null, "VECTORS"
  };

  @Override
  public int pteBits() {
    return 32;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code __pfn_to_phys(pfn) | prot}.
   *
   * @throws IllegalArgumentException when the pfn does not fit 32 physical address bits or
   *     {@code prot} has bits outside the flag bits 11:0
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= MAX_PFN) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: pfn %#x does not fit a 32-bit ARM pte_t", pfn));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the L_PTE_* flags", prot));
    }
    return (pfn << ArmLayout.PAGE_SHIFT) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code (pte & PHYS_MASK) >> PAGE_SHIFT}, PHYS_MASK being 32 bits. */
  @Override
  public long ptePfn(long pte) {
    return (pte & 0xFFFF_FFFFL) >>> ArmLayout.PAGE_SHIFT;
  }

  /**
   * Whether the MMU translates through the PTE: its hardware entry is not a fault entry. That
   * needs L_PTE_YOUNG and no L_PTE_NONE besides the L_PTE_PRESENT that {@code pte_present()}
   * tests; PAGE_KERNEL has all three.
   */
  @Override
  public boolean ptePresent(long pte) {
    return hardwarePte(pte) != 0;
  }

  /** {@code pte_write(pte)} ({@code pgtable.h}): {@code !(pte & L_PTE_RDONLY)}. */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & L_PTE_RDONLY) == 0;
  }

  /** PAGE_KERNEL: 0x65f (P|Y|D|XN|S with MT_WRITEALLOC). */
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

  /** 1 << 20: 32-bit physical addresses. */
  @Override
  public long maxPfn() {
    return MAX_PFN;
  }

  /**
   * The hardware word {@code cpu_v7_set_pte_ext(ptep, pte, 0)} stores 2048 bytes after the Linux
   * word, for a kernel address ({@code set_ptes()} passes {@code ext} = PTE_EXT_NG for user
   * addresses only): the Linux word with bits 9:4 and 1:0 cleared (keeping C/B = MT bits 3:2, S =
   * L_PTE_SHARED at bit 10 and the pfn), then small page type 2 and AP0; TEX[0] from MT bit 2 (so
   * with TEX remap the index TEX[0]:C:B is MT bits 4:2); APX when L_PTE_RDONLY or not L_PTE_DIRTY;
   * AP1 for L_PTE_USER; XN for L_PTE_XN; and 0 (a fault entry) unless L_PTE_YOUNG and L_PTE_VALID
   * are set and L_PTE_NONE is not.
   */
  @Override
  public long hardwarePte(long pte) {
    if ((pte & (L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_NONE)) != (L_PTE_PRESENT | L_PTE_YOUNG)) {
      return 0;
    }
    long hw = (pte & 0xFFFF_FFFFL & ~HW_CLEARED) | PTE_EXT_AP0 | PTE_TYPE_SMALL;
    if ((pte & (1L << 4)) != 0) {
      hw |= PTE_EXT_TEX0;
    }
    if ((pte & L_PTE_RDONLY) != 0 || (pte & L_PTE_DIRTY) == 0) {
      hw |= PTE_EXT_APX;
    }
    if ((pte & L_PTE_USER) != 0) {
      hw |= PTE_EXT_AP1;
    }
    if ((pte & L_PTE_XN) != 0) {
      hw |= PTE_EXT_XN;
    }
    return hw;
  }

  /**
   * The ARMv7 small-page descriptor ({@link #hardwarePte}): valid when its type bits are not a
   * fault entry; the kernel may store unless APX; user access with AP1; execute unless XN; global
   * unless nG; cacheable when TEX[0]:C:B, through the PRRR/NMRR remap Linux programs
   * ({@code proc-v7-2level.S}), is WRITETHROUGH (010), WRITEBACK (011) or WRITEALLOC (111):
   * BUFFERABLE (001) is normal non-cacheable memory, UNCACHED (000) strongly ordered.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    long hw = hardwarePte(pte);
    if ((hw & PTE_TYPE_SMALL) == 0) {
      return PtePermissions.INVALID;
    }
    int index = (int) ((hw >>> 4) & 4 | (hw >>> 2) & 3);
    return new PtePermissions(true, (hw & PTE_EXT_APX) == 0 && (hw & PTE_EXT_AP0) != 0,
        (hw & PTE_EXT_AP1) != 0, (hw & PTE_EXT_XN) == 0, index == 2 || index == 3 || index == 7,
        (hw & PTE_EXT_NG) == 0);
  }

  /**
   * The set L_PTE_* flags in bit order, then the memory type and the pfn:
   * {@code "P|Y|D|XN|S|MT_WRITEALLOC pfn=0x40000"}; a zero PTE is "none".
   */
  @Override
  public String describe(long pte) {
    if (pte == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    flag(sb, pte, L_PTE_PRESENT, "P");
    flag(sb, pte, L_PTE_YOUNG, "Y");
    flag(sb, pte, L_PTE_DIRTY, "D");
    flag(sb, pte, L_PTE_RDONLY, "RDONLY");
    flag(sb, pte, L_PTE_USER, "USER");
    flag(sb, pte, L_PTE_XN, "XN");
    flag(sb, pte, L_PTE_SHARED, "S");
    flag(sb, pte, L_PTE_NONE, "NONE");
    int mt = (int) ((pte & L_PTE_MT_MASK) >>> 2);
    sb.append(sb.length() == 0 ? "MT_" : "|MT_")
        .append(MT_NAMES[mt] != null ? MT_NAMES[mt] : String.format("%#x", mt << 2));
    return sb.append(" pfn=0x").append(Long.toHexString(ptePfn(pte))).toString();
  }

  private static void flag(StringBuilder sb, long pte, long bit, String name) {
    if ((pte & bit) != 0) {
      sb.append(sb.length() == 0 ? "" : "|").append(name);
    }
  }
}
