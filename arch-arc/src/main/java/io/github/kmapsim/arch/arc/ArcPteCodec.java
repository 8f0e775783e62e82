// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * The ARC PTE of {@code arch/arc/include/asm/pgtable.h} (v5.11) for MMU v3 and later with
 * CONFIG_ARC_CACHE_PAGES: {@code _PAGE_CACHEABLE} (0), {@code _PAGE_EXECUTE} (1),
 * {@code _PAGE_WRITE} (2), {@code _PAGE_READ} (3), {@code _PAGE_ACCESSED} (4), {@code _PAGE_DIRTY}
 * (5), {@code _PAGE_SPECIAL} (6), {@code _PAGE_WTHRU} (7, MMU v4), {@code _PAGE_GLOBAL} (8),
 * {@code _PAGE_PRESENT} (9), {@code _PAGE_HW_SZ} (10, MMU v4), {@code _PAGE_SHARED_CODE} (11),
 * and the physical address from PAGE_SHIFT: {@code pfn_pte(pfn, prot) = __pfn_to_phys(pfn) |
 * prot}. With CONFIG_ARC_HAS_PAE40 {@code pte_t} is 64 bits and the physical address reaches
 * bit 39 ({@code PAGE_MASK_PHYS = 0xff00000000 | PAGE_MASK}, {@code MAX_PHYSMEM_BITS 40} in
 * {@code asm/sparsemem.h}); otherwise 32.
 *
 * <p>The TLB's entry is two words that the TLB miss handler (and {@code create_tlb()} in
 * {@code arch/arc/mm/tlb.c}) builds from the PTE: PD0 takes the virtual address, the ASID and
 * {@code PTE_BITS_IN_PD0} (global, present, page size); PD1 (with PD1HI for bits 39:32 under
 * PAE40) takes {@code PTE_BITS_NON_RWX_IN_PD1} (the physical address and the cacheable bit) and
 * the permissions, which the PTE keeps once: a global (kernel-only) entry gets them as Kr Kw Kx
 * ({@code rwx << 3}), a user entry as both Kr Kw Kx and Ur Uw Ux. {@link #hardwarePte} is PD1.
 */
final class ArcPteCodec implements PteCodec {

  private static final long PAGE_CACHEABLE = 1L;
  private static final long PAGE_EXECUTE = 1L << 1;
  private static final long PAGE_WRITE = 1L << 2;
  private static final long PAGE_READ = 1L << 3;
  private static final long PAGE_GLOBAL = 1L << 8;
  private static final long PAGE_PRESENT = 1L << 9;

  /** {@code PTE_BITS_RWX} = _PAGE_EXECUTE | _PAGE_WRITE | _PAGE_READ. */
  private static final long PTE_BITS_RWX = PAGE_EXECUTE | PAGE_WRITE | PAGE_READ;

  /** {@code _K_PAGE_PERMS} = _PAGE_EXECUTE | _PAGE_WRITE | _PAGE_READ | _PAGE_GLOBAL | _PAGE_PRESENT. */
  private static final long K_PAGE_PERMS = PTE_BITS_RWX | PAGE_GLOBAL | PAGE_PRESENT;

  /** {@code PAGE_KERNEL} = _K_PAGE_PERMS | _PAGE_CACHEABLE = 0x30f; kmap_prot is PAGE_KERNEL. */
  private static final long PAGE_KERNEL = K_PAGE_PERMS | PAGE_CACHEABLE;

  private static final long FLAGS_MASK = (1L << ArcLayout.PAGE_SHIFT) - 1;

  private static final String[] FLAG_NAMES =
      {"C", "X", "W", "R", "A", "D", "S", "WT", "G", "P", "SZ", "SC", "bit12"};

  private final boolean pae40;
  private final int physBits;

  /** @param pae40 CONFIG_ARC_HAS_PAE40: a 64-bit pte_t and 40 physical address bits */
  ArcPteCodec(boolean pae40) {
    this.pae40 = pae40;
    this.physBits = pae40 ? 40 : 32;
  }

  /** {@code pte_t} is {@code unsigned long long} with PAE40, {@code unsigned long} otherwise. */
  @Override
  public int pteBits() {
    return pae40 ? 64 : 32;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code __pfn_to_phys(pfn) | pgprot_val(prot)}.
   *
   * @throws IllegalArgumentException when the physical address does not fit {@code
   *     PAGE_MASK_PHYS} or {@code prot} has bits above PAGE_SHIFT
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(String.format(
          "pfn_pte: pfn %#x is beyond the %d-bit physical address of ARC%s", pfn, physBits,
          pae40 ? " with PAE40" : " without PAE40"));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
    }
    return (pfn << ArcLayout.PAGE_SHIFT) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code pte_val(pte) >> PAGE_SHIFT} ("could cause truncations for PAE40" otherwise). */
  @Override
  public long ptePfn(long pte) {
    return (pte & physMask()) >>> ArcLayout.PAGE_SHIFT;
  }

  /** {@code pte_present(pte)}: {@code _PAGE_PRESENT}, which is also the TLB entry's valid bit. */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & PAGE_PRESENT) != 0;
  }

  /**
   * {@code pte_write(pte)}: {@code _PAGE_WRITE}. For a global PTE it becomes the TLB's Kw, for a
   * user one Kw and Uw: the kernel's write permission either way.
   */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & PAGE_WRITE) != 0;
  }

  /** PAGE_KERNEL, 0x30f. */
  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /**
   * {@code pgprot_writecombine(prot)}: ARC defines none, so it is the generic fallback
   * {@code pgprot_noncached()} ({@code include/linux/pgtable.h}), ARC's {@code prot &
   * ~_PAGE_CACHEABLE}.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return prot & ~PAGE_CACHEABLE;
  }

  /** One past the largest pfn: 1 << (40 - 13) with PAE40, 1 << (32 - 13) without. */
  @Override
  public long maxPfn() {
    return 1L << (physBits - ArcLayout.PAGE_SHIFT);
  }

  /**
   * PD1 of the TLB entry ({@code create_tlb()}): the permission bits moved to Kr Kw Kx (shifted
   * left by 3) for a global PTE, doubled into Kr Kw Kx Ur Uw Ux for a user one, or-ed with
   * {@code pte & (PAGE_MASK_PHYS | _PAGE_CACHEABLE)}; with PAE40 the word's high half is PD1HI.
   */
  @Override
  public long hardwarePte(long pte) {
    long rwx = pte & PTE_BITS_RWX;
    rwx = (pte & PAGE_GLOBAL) != 0 ? rwx << 3 : rwx | rwx << 3;
    return rwx | (pte & (physMask() | PAGE_CACHEABLE));
  }

  /** {@code PAGE_MASK_PHYS}. */
  private long physMask() {
    return ((1L << physBits) - 1) & -(1L << ArcLayout.PAGE_SHIFT);
  }

  /**
   * The TLB entry {@code create_tlb()} writes: PD1 ({@link #hardwarePte}) with the kernel's Kr Kw
   * Kx (bits 6, 5, 4), the user's Ur Uw Ux (bits 3, 2, 1) and the cache bit; PD0's V for a present
   * PTE and its G from _PAGE_GLOBAL.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    if (!ptePresent(pte)) {
      return PtePermissions.INVALID;
    }
    long pd1 = hardwarePte(pte);
    return new PtePermissions(true, (pd1 & 0x20) != 0, (pd1 & 0x0e) != 0, (pd1 & 0x10) != 0,
        (pd1 & PAGE_CACHEABLE) != 0, (pte & PAGE_GLOBAL) != 0);
  }

  /** PAGE_KERNEL carries _PAGE_EXECUTE: kernel pages execute. */
  @Override
  public boolean kmapProtExecutable() {
    return true;
  }

  /** The set flags and the pfn: {@code "C|X|W|R|G|P pfn=0x20000"}; {@code "none"} for 0. */
  @Override
  public String describe(long pte) {
    if (pte == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (int bit = 0; bit < ArcLayout.PAGE_SHIFT; bit++) {
      if ((pte & (1L << bit)) != 0) {
        sb.append(sb.length() == 0 ? "" : "|").append(FLAG_NAMES[bit]);
      }
    }
    return sb.append(" pfn=0x").append(Long.toHexString(ptePfn(pte))).toString();
  }
}
