// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * The x86-32 PTE of {@code arch/x86/include/asm/pgtable_types.h}: flag bits _PAGE_BIT_PRESENT (0),
 * RW (1), USER (2), PWT (3), PCD (4), ACCESSED (5), DIRTY (6), PAT (7, PSE on large pages), GLOBAL
 * (8), SOFTW1..3 (9..11) and, with X86_PAE only, NX (63); the pfn sits at bit 12 under
 * {@code PTE_PFN_MASK = PAGE_MASK & __PHYSICAL_MASK}.
 *
 * <p>Assumes an NX-capable CPU ({@code __supported_pte_mask} keeps NX) and PTI off
 * ({@code __default_kernel_pte_mask} keeps GLOBAL); {@code _PAGE_ENC} is 0 on 32-bit. The L1TF
 * pfn inversion PAE applies to non-present, non-zero PTEs ({@code pgtable-invert.h}) is not
 * modelled: kmap PTEs are always present.
 */
final class X86PteCodec implements PteCodec {

  private static final int PAGE_SHIFT = 12;

  private static final long PAGE_PRESENT = 1L;
  private static final long PAGE_RW = 1L << 1;
  private static final long PAGE_USER = 1L << 2;
  private static final long PAGE_ACCESSED = 1L << 5;
  private static final long PAGE_DIRTY = 1L << 6;
  private static final long PAGE_GLOBAL = 1L << 8;
  private static final long PAGE_PWT = 1L << 3;
  private static final long PAGE_CACHE_MASK = PAGE_PWT | (1L << 4) | (1L << 7);
  private static final long PAGE_NX = 1L << 63;

  /** Flag names by bit, after the short forms in {@code pgtable_types.h} ({@code _USR}). */
  private static final String[] FLAG_NAMES = new String[64];

  static {
    String[] low = {
      "P", "RW", "USR", "PWT", "PCD", "A", "D", "PAT", "G", "SOFTW1", "SOFTW2", "SOFTW3"
    };
    System.arraycopy(low, 0, FLAG_NAMES, 0, low.length);
    FLAG_NAMES[63] = "NX";
  }

  private final int pteBits;
  private final long pfnMask;
  private final long flagsMask;
  private final long knlErratumMask;
  private final long pageKernel;

  X86PteCodec(X86Paging paging) {
    boolean pae = paging == X86Paging.PAE;
    long pteWidthMask = paging.pteBits == 64 ? -1L : (1L << paging.pteBits) - 1;
    pteBits = paging.pteBits;
    // PTE_PFN_MASK = PHYSICAL_PAGE_MASK = PAGE_MASK & ((1 << __PHYSICAL_MASK_SHIFT) - 1)
    pfnMask = ((1L << paging.physicalMaskShift) - 1) & -(1L << PAGE_SHIFT);
    flagsMask = pteWidthMask & ~pfnMask;
    // _PAGE_KNL_ERRATUM_MASK: D|A with X86_64 || X86_PAE (Knights Landing may set them in
    // non-present entries), 0 otherwise.
    knlErratumMask = pae ? PAGE_DIRTY | PAGE_ACCESSED : 0;
    // __PAGE_KERNEL = __PP|__RW|___A|__NX|___D|___G; _PAGE_NX is 0 without X86_PAE.
    pageKernel =
        PAGE_PRESENT | PAGE_RW | PAGE_ACCESSED | PAGE_DIRTY | PAGE_GLOBAL | (pae ? PAGE_NX : 0);
  }

  @Override
  public int pteBits() {
    return pteBits;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code (pfn << PAGE_SHIFT) & PTE_PFN_MASK | prot}.
   *
   * @throws IllegalArgumentException when the pfn does not fit the PTE or {@code prot} has bits
   *     outside the flag bits of {@code pte_t}
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: pfn %#x does not fit a %d-bit pte_t", pfn, pteBits));
    }
    if ((prot & ~flagsMask) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
    }
    return (pfn << PAGE_SHIFT) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code (pte & PTE_PFN_MASK) >> PAGE_SHIFT}. */
  @Override
  public long ptePfn(long pte) {
    return (pte & pfnMask) >>> PAGE_SHIFT;
  }

  /** {@code _PAGE_PRESENT}: what the MMU walks through (PROTNONE is a software state). */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & PAGE_PRESENT) != 0;
  }

  /** {@code pte_write(pte)}: {@code _PAGE_RW}. */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & PAGE_RW) != 0;
  }

  /** {@code pte_none(pte)} ({@code pgtable.h}): {@code !(pte & ~_PAGE_KNL_ERRATUM_MASK)}. */
  @Override
  public boolean pteNone(long pte) {
    return (pte & ~knlErratumMask) == 0;
  }

  /**
   * {@code pgprot_writecombine(prot)}: the cache-mode bits replaced by
   * {@code cachemode2protval(_PAGE_CACHE_MODE_WC)}, which is {@code _PAGE_PWT} once
   * {@code pat_init()} has programmed PAT entry 1 as WC (arch/x86/mm/pat/memtype.c); PAT enabled
   * is assumed, so iomap_create_wc's {@code __PAGE_KERNEL | WC} is 0x16b.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return (prot & ~PAGE_CACHE_MASK) | PAGE_PWT;
  }

  /** {@code PAGE_KERNEL} = {@code __PAGE_KERNEL}: 0x163, with NX (bit 63) under X86_PAE. */
  @Override
  public long pageKernel() {
    return pageKernel;
  }

  /** One past the largest pfn PTE_PFN_MASK holds: 1 << 20 non-PAE, 1 << 40 PAE. */
  @Override
  public long maxPfn() {
    return (pfnMask >>> PAGE_SHIFT) + 1;
  }

  /**
   * The MMU reads the PTE itself: valid is P, the kernel's write permission RW (CR0.WP set), user
   * USER, execute unless NX (a bit only PAE has: without it every readable page executes), global
   * G; cacheable unless the PAT entry that PWT, PCD and PAT select is WC, UC- or UC
   * ({@code pat_init()} programs WB, WC, UC-, UC, WB, WP, UC-, WT; arch/x86/mm/pat/memtype.c).
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    int pat = (int) ((pte >>> 3) & 1 | (pte >>> 3) & 2 | (pte >>> 5) & 4);
    boolean cacheable = pat == 0 || pat == 4 || pat == 5 || pat == 7;
    return new PtePermissions((pte & PAGE_PRESENT) != 0, (pte & PAGE_RW) != 0,
        (pte & PAGE_USER) != 0, pteBits == 32 || (pte & PAGE_NX) == 0, cacheable,
        (pte & PAGE_GLOBAL) != 0);
  }

  /** Without PAE there is no NX: PAGE_KERNEL executes. With PAE it carries NX. */
  @Override
  public boolean kmapProtExecutable() {
    return pteBits == 32;
  }

  /** The set flags, then the pfn: {@code "P|RW|A|D|G|NX pfn=0x40000"}; a zero PTE is "none". */
  @Override
  public String describe(long pte) {
    if (pte == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    long flags = pte & flagsMask;
    for (int bit = 0; bit < 64; bit++) {
      if ((flags & (1L << bit)) != 0) {
        sb.append(sb.length() == 0 ? "" : "|")
            .append(FLAG_NAMES[bit] != null ? FLAG_NAMES[bit] : "bit" + bit);
      }
    }
    return sb.append(sb.length() == 0 ? "" : " ").append("pfn=0x")
        .append(Long.toHexString(ptePfn(pte))).toString();
  }
}
