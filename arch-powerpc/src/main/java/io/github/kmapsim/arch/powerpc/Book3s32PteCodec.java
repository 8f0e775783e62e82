// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import io.github.kmapsim.spi.PteTable;

/**
 * The 32-bit Linux PTE of the book3s32 hash MMU ({@code arch/powerpc/include/asm/book3s/32/hash.h}
 * and {@code pgtable.h}, v5.11, without CONFIG_PTE_64BIT): _PAGE_PRESENT (0x001), _PAGE_HASHPTE
 * (0x002, set by {@code hash_page} once an HPTE exists for the entry), _PAGE_USER (0x004),
 * _PAGE_GUARDED (0x008, G), _PAGE_COHERENT (0x010, M), _PAGE_NO_CACHE (0x020, I),
 * _PAGE_WRITETHRU (0x040, W), _PAGE_DIRTY (0x080, C), _PAGE_ACCESSED (0x100, R), _PAGE_EXEC
 * (0x200), _PAGE_RW (0x400), _PAGE_SPECIAL (0x800); the pfn from PTE_RPN_SHIFT = PAGE_SHIFT.
 *
 * <p>The hash MMU never reads this word: {@code hash_page} ({@code
 * arch/powerpc/mm/book3s32/hash_low.S}) builds an HPTE from it, whose second word is {@link
 * #hardwarePte}. {@code pte_clear()} and {@code set_pte_at()} keep _PAGE_HASHPTE, because the hash
 * table may still hold an entry for the address until it is flushed; kmapsim models no hash table,
 * so the bit stays clear in its page table.
 */
final class Book3s32PteCodec implements PteCodec {

  static final long PAGE_PRESENT = 0x001;
  /** _PAGE_HASHPTE: "hash_page has made an HPTE for this pte". */
  static final long PAGE_HASHPTE = 0x002;
  private static final long PAGE_USER = 0x004;
  private static final long PAGE_GUARDED = 0x008;
  private static final long PAGE_COHERENT = 0x010;
  private static final long PAGE_NO_CACHE = 0x020;
  private static final long PAGE_WRITETHRU = 0x040;
  private static final long PAGE_DIRTY = 0x080;
  private static final long PAGE_ACCESSED = 0x100;
  private static final long PAGE_RW = 0x400;

  /** _PAGE_CACHE_CTL = _PAGE_COHERENT | _PAGE_GUARDED | _PAGE_NO_CACHE | _PAGE_WRITETHRU. */
  private static final long PAGE_CACHE_CTL =
      PAGE_COHERENT | PAGE_GUARDED | PAGE_NO_CACHE | PAGE_WRITETHRU;

  /**
   * {@code PAGE_KERNEL} = _PAGE_BASE | _PAGE_KERNEL_RW = (_PAGE_PRESENT | _PAGE_ACCESSED |
   * _PAGE_COHERENT) | (_PAGE_DIRTY | _PAGE_RW) = 0x591; {@code kmap_prot} is the generic default,
   * PAGE_KERNEL.
   */
  private static final long PAGE_KERNEL =
      PAGE_PRESENT | PAGE_ACCESSED | PAGE_COHERENT | PAGE_DIRTY | PAGE_RW;

  /**
   * The bits {@code create_hpte} copies into the HPTE's second word: R, C, W, I, M and G, which
   * the Linux PTE keeps at the hardware's positions.
   */
  private static final long HPTE_RCWIMG = 0x1f8;

  private static final int PFN_SHIFT = PowerpcLayout.PAGE_SHIFT;
  private static final long FLAGS_MASK = (1L << PFN_SHIFT) - 1;
  private static final long PTE_MASK = 0xFFFF_FFFFL;

  private static final String[] FLAG_NAMES =
      {"P", "HASHPTE", "U", "G", "M", "I", "W", "D", "A", "X", "RW", "SPECIAL"};

  @Override
  public int pteBits() {
    return 32;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code ((pte_basic_t)pfn << PTE_RPN_SHIFT) | prot}.
   *
   * @throws IllegalArgumentException when the pfn does not fit 32 bits above PAGE_SHIFT, or prot
   *     has bits above the flags
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(String.format(
          "pfn_pte: pfn %#x does not fit a 32-bit pte_t above PTE_RPN_SHIFT 12", pfn));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
    }
    return (pfn << PFN_SHIFT) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code pte_val(pte) >> PTE_RPN_SHIFT}. */
  @Override
  public long ptePfn(long pte) {
    return (pte & PTE_MASK) >>> PFN_SHIFT;
  }

  /** {@code pte_present(pte)}: {@code _PAGE_PRESENT}. */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & PAGE_PRESENT) != 0;
  }

  /** {@code pte_write(pte)}: {@code _PAGE_RW}. */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & PAGE_RW) != 0;
  }

  /** {@code pte_none(pte)}: {@code (pte_val(pte) & ~_PTE_NONE_MASK) == 0}, the mask _PAGE_HASHPTE. */
  @Override
  public boolean pteNone(long pte) {
    return (pte & PTE_MASK & ~PAGE_HASHPTE) == 0;
  }

  /**
   * {@code set_pte_at()} on SMP with 32-bit PTEs ({@code arch/powerpc/mm/pgtable.c}, {@code
   * __set_pte_at(..., 0)}): {@code set_pte_filter()} drops _PAGE_HPTEFLAGS from the new value,
   * then {@code pte_update(mm, addr, ptep, ~_PAGE_HASHPTE, pte, 0)} stores it atomically keeping
   * the old _PAGE_HASHPTE.
   */
  @Override
  public void setPte(PteTable table, long ptep, long pte) {
    table.set(ptep, (table.get(ptep) & PAGE_HASHPTE) | (pte & ~PAGE_HASHPTE));
  }

  /** {@code pte_clear()}: {@code pte_update(mm, addr, ptep, ~_PAGE_HASHPTE, 0, 0)}. */
  @Override
  public void pteClear(PteTable table, long ptep) {
    table.set(ptep, table.get(ptep) & PAGE_HASHPTE);
  }

  /** {@code PAGE_KERNEL}, 0x591. */
  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /**
   * {@code pgprot_writecombine} = {@code pgprot_noncached_wc} ({@code asm/book3s/32/pgtable.h}):
   * {@code (prot & ~_PAGE_CACHE_CTL) | _PAGE_NO_CACHE}, 0x5a1 for PAGE_KERNEL.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return (prot & ~PAGE_CACHE_CTL) | PAGE_NO_CACHE;
  }

  /** One past the largest pfn of a 32-bit PTE: 4 GiB physical without PTE_64BIT. */
  @Override
  public long maxPfn() {
    return 1L << (32 - PFN_SHIFT);
  }

  /**
   * The second word of the HPTE {@code create_hpte} writes ({@code
   * arch/powerpc/mm/book3s32/hash_low.S}): RPN, R, C, W, I, M, G from the Linux PTE, and PP =
   * user ? (RW and DIRTY ? 1 : 3) : 0; M stays because SMP sets CPU_FTR_NEED_COHERENT ({@code
   * asm/cputable.h}). PAGE_KERNEL becomes RPN | R | C | M (0x190), PP 00: read-write for the
   * kernel (Ks = 0).
   */
  @Override
  public long hardwarePte(long pte) {
    long p = pte & PTE_MASK;
    long pp = (p & PAGE_USER) == 0 ? 0 : (p & PAGE_RW) != 0 && (p & PAGE_DIRTY) != 0 ? 1 : 3;
    return (p & ~FLAGS_MASK) | (p & HPTE_RCWIMG) | pp;
  }

  /**
   * The HPTE ({@link #hardwarePte} is its second word; the first, with V, is written for present
   * PTEs only): valid for a present PTE; with the segment keys Linux sets (Ks 0, Kp 1) the kernel
   * may store unless PP is 11 and user mode has access unless PP is 00; cacheable unless I; no
   * execute permission in the PTE (no-execute is a segment's), so everything executes; global:
   * kernel segments are shared by every context.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    if (!ptePresent(pte)) {
      return PtePermissions.INVALID;
    }
    long hw = hardwarePte(pte);
    long pp = hw & 3;
    return new PtePermissions(true, pp != 3, pp != 0, true, (hw & PAGE_NO_CACHE) == 0, true);
  }

  /** The hash PTE has no execute permission: PAGE_KERNEL executes. */
  @Override
  public boolean kmapProtExecutable() {
    return true;
  }

  /** The flags by bit number and the pfn: {@code "P|M|D|A|RW pfn=0x30000"}. */
  @Override
  public String describe(long pte) {
    long p = pte & PTE_MASK;
    if (p == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (int bit = 0; bit < PFN_SHIFT; bit++) {
      if ((p & (1L << bit)) != 0) {
        sb.append(sb.length() == 0 ? "" : "|").append(FLAG_NAMES[bit]);
      }
    }
    return sb.append(sb.length() == 0 ? "" : " ").append("pfn=0x")
        .append(Long.toHexString(ptePfn(p))).toString();
  }
}
