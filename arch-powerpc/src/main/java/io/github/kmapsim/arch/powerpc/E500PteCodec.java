// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import io.github.kmapsim.spi.PteTable;

/**
 * The 64-bit PTE of Freescale Book-E (e500) with CONFIG_PTE_64BIT, which PHYS_64BIT selects:
 * {@code arch/powerpc/include/asm/nohash/pte-book3e.h} (v5.11), whose bits sit where the
 * Embedded Page Table category has them: _PAGE_PRESENT (0x1), _PAGE_SW1 (0x2), the access
 * permissions _PAGE_BAP_SR/UR/SW/UW/SX/UX (0x4..0x80), the page size _PAGE_PSIZE (0xf00, 4K =
 * 0x200), _PAGE_DIRTY (0x1000), _PAGE_SW0 (0x2000, _PAGE_SPECIAL), U3..U0 (0x4000..0x20000),
 * _PAGE_ACCESSED (0x40000) and the WIMGE bits _PAGE_ENDIAN .. _PAGE_WRITETHRU (0x80000..0x800000);
 * the pfn from PTE_RPN_SHIFT = 24.
 *
 * <p>"On 32-bit, we never clear the top part of the PTE": _PTE_NONE_MASK is 0xffffffff00000000,
 * and {@code pte_clear()} updates only the low word ({@code pte_update(mm, addr, ptep, ~0, 0, 0)}
 * with a 32-bit {@code clr}), so a used kmap slot keeps the high bits of its last pfn and is still
 * {@code pte_none()}.
 */
final class E500PteCodec implements PteCodec {

  private static final long PAGE_PRESENT = 0x000001;
  private static final long PAGE_BAP_SR = 0x000004;
  private static final long PAGE_BAP_SW = 0x000010;
  private static final long PAGE_BAP_UW = 0x000020;
  private static final long PAGE_PSIZE_MASK = 0x000f00;
  private static final long PAGE_PSIZE_4K = 0x000200;
  private static final long PAGE_DIRTY = 0x001000;
  private static final long PAGE_ACCESSED = 0x040000;
  private static final long PAGE_GUARDED = 0x100000;
  private static final long PAGE_COHERENT = 0x200000;
  private static final long PAGE_NO_CACHE = 0x400000;
  private static final long PAGE_WRITETHRU = 0x800000;

  /** _PAGE_RW = _PAGE_BAP_SW | _PAGE_BAP_UW. */
  private static final long PAGE_RW = PAGE_BAP_SW | PAGE_BAP_UW;

  /** _PAGE_KERNEL_RW = _PAGE_BAP_SW | _PAGE_BAP_SR | _PAGE_DIRTY. */
  private static final long PAGE_KERNEL_RW = PAGE_BAP_SW | PAGE_BAP_SR | PAGE_DIRTY;

  /** _PAGE_BASE with SMP = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_PSIZE (4K) | _PAGE_COHERENT. */
  private static final long PAGE_BASE =
      PAGE_PRESENT | PAGE_ACCESSED | PAGE_PSIZE_4K | PAGE_COHERENT;

  /**
   * {@code PAGE_KERNEL} = _PAGE_BASE | _PAGE_KERNEL_RW ({@code asm/nohash/pgtable.h}) = 0x241215;
   * {@code kmap_prot} is the generic default, PAGE_KERNEL.
   */
  private static final long PAGE_KERNEL = PAGE_BASE | PAGE_KERNEL_RW;

  /** _PAGE_CACHE_CTL = _PAGE_COHERENT | _PAGE_GUARDED | _PAGE_NO_CACHE | _PAGE_WRITETHRU. */
  private static final long PAGE_CACHE_CTL =
      PAGE_COHERENT | PAGE_GUARDED | PAGE_NO_CACHE | PAGE_WRITETHRU;

  /** PTE_RPN_SHIFT. */
  private static final int RPN_SHIFT = 24;

  /** _PTE_NONE_MASK on 32-bit: the high word is never cleared. */
  private static final long PTE_NONE_MASK = 0xFFFF_FFFF_0000_0000L;

  /** MAS3's permission bits UX SX UW SW UR SR, PTE bits 2..7 shifted right by 2. */
  private static final long MAS3_PERMS = 0x3f;

  /** MAS3_SW | MAS3_UW, cleared for a clean page. */
  private static final long MAS3_WRITE = 0x04 | 0x08;

  /** PHYS_64BIT on e500: a 36-bit physical address, MAS7 holding its top 4 bits. */
  private static final int PHYSICAL_BITS = 36;

  private static final String[] FLAG_NAMES = {"P", "SW1", "SR", "UR", "SW", "UW", "SX", "UX",
      null, null, null, null, "D", "SPECIAL", "U3", "U2", "U1", "U0", "A", "E", "G", "M", "I", "W"};

  @Override
  public int pteBits() {
    return 64;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code ((pte_basic_t)pfn << PTE_RPN_SHIFT) | prot}.
   *
   * @throws IllegalArgumentException when the pfn is past the 36-bit physical space, or prot has
   *     bits above the flags
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(String.format(
          "pfn_pte: pfn %#x is past e500's %d-bit physical address space", pfn, PHYSICAL_BITS));
    }
    if ((prot & -(1L << RPN_SHIFT)) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
    }
    return (pfn << RPN_SHIFT) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code pte_val(pte) >> PTE_RPN_SHIFT}. */
  @Override
  public long ptePfn(long pte) {
    return pte >>> RPN_SHIFT;
  }

  /** {@code pte_present(pte)}: {@code _PAGE_PRESENT}. */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & PAGE_PRESENT) != 0;
  }

  /** {@code pte_write(pte)}: {@code _PAGE_RW}, either write permission. */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & PAGE_RW) != 0;
  }

  /** {@code pte_none(pte)}: {@code (pte_val(pte) & ~_PTE_NONE_MASK) == 0}: the low word only. */
  @Override
  public boolean pteNone(long pte) {
    return (pte & ~PTE_NONE_MASK) == 0;
  }

  /** {@code pte_clear()}: the low word cleared, the high word kept. */
  @Override
  public void pteClear(PteTable table, long ptep) {
    table.set(ptep, table.get(ptep) & PTE_NONE_MASK);
  }

  /** {@code PAGE_KERNEL}, 0x241215. */
  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /**
   * {@code pgprot_writecombine} = {@code pgprot_noncached_wc} ({@code asm/nohash/pgtable.h}):
   * {@code (prot & ~_PAGE_CACHE_CTL) | _PAGE_NO_CACHE}, 0x441215 for PAGE_KERNEL.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return (prot & ~PAGE_CACHE_CTL) | PAGE_NO_CACHE;
  }

  /** 1 << 24: the 36-bit physical space of PHYS_64BIT, 64 GiB. */
  @Override
  public long maxPfn() {
    return 1L << (PHYSICAL_BITS - PowerpcLayout.PAGE_SHIFT);
  }

  /**
   * The TLB entry's physical half the TLB miss handler writes ({@code finish_tlb_load} in {@code
   * arch/powerpc/kernel/head_fsl_booke.S}, CONFIG_PTE_64BIT): MAS7 (RPN bits above 4 GiB) in the
   * high word and MAS3 in the low, that is the physical address of the page with the permission
   * bits in MAS3's low six (PTE bits 2..7 shifted right by 2: SR, UR, SW, UW, SX, UX), SW and UW
   * dropped for a page that is not dirty. PAGE_KERNEL gives SR | SW (0x5). The WIMGE bits go to
   * MAS2 with the virtual page number, and are not part of this word.
   */
  @Override
  public long hardwarePte(long pte) {
    long perms = (pte >>> 2) & MAS3_PERMS;
    if ((pte & PAGE_DIRTY) == 0) {
      perms &= ~MAS3_WRITE;
    }
    return (ptePfn(pte) << PowerpcLayout.PAGE_SHIFT) | perms;
  }

  /**
   * The TLB entry the miss handler writes: MAS3's permissions ({@link #hardwarePte}: SR SW UR UW
   * SX UX), MAS2's WIMGE from the PTE's cache bits, MAS1's V for a present PTE and TID 0 for
   * kernel addresses. The kernel may store with SW, user mode has access with UR, UW or UX, the
   * kernel executes with SX; cacheable unless I.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    if (!ptePresent(pte)) {
      return PtePermissions.INVALID;
    }
    long mas3 = hardwarePte(pte);
    return new PtePermissions(true, (mas3 & 0x04) != 0, (mas3 & 0x2a) != 0,
        (mas3 & 0x10) != 0, (pte & PAGE_NO_CACHE) == 0, true);
  }

  /**
   * The flags, the page size and the pfn: {@code "P|SR|SW|4K|D|A|M pfn=0x30000"}; {@code "none"}
   * for 0, and {@code "none (high word 0x300)"} for the high word a cleared slot keeps.
   */
  @Override
  public String describe(long pte) {
    if (pte == 0) {
      return "none";
    }
    if (pteNone(pte)) {
      return "none (high word 0x" + Long.toHexString(pte >>> 32) + ")";
    }
    StringBuilder sb = new StringBuilder();
    for (int bit = 0; bit < RPN_SHIFT; bit++) {
      String name = FLAG_NAMES[bit];
      if (name != null && (pte & (1L << bit)) != 0) {
        sb.append(sb.length() == 0 ? "" : "|").append(name);
      }
      if (bit == 7 && (pte & PAGE_PSIZE_MASK) != 0) {
        // _PAGE_PSIZE_4K is 2, 8K 3, ...: 2^n KiB.
        sb.append(sb.length() == 0 ? "" : "|").append(1L << ((pte & PAGE_PSIZE_MASK) >>> 8))
            .append('K');
      }
    }
    return sb.append(sb.length() == 0 ? "" : " ").append("pfn=0x")
        .append(Long.toHexString(ptePfn(pte))).toString();
  }
}
