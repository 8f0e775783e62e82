// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * The MicroBlaze PTE of {@code arch/microblaze/include/asm/pgtable.h} (v5.11), laid out to match
 * the PPC-40x-style TLBLO word: _PAGE_GUARDED (0x001, G), _PAGE_PRESENT (0x002, software, in the
 * M position), _PAGE_NO_CACHE (0x004, I), _PAGE_WRITETHRU (0x008, W), _PAGE_USER (0x010, the low
 * ZSEL bit), _PAGE_RW (0x040) and _PAGE_DIRTY (0x080, both software), _PAGE_HWWRITE (0x100, WR),
 * _PAGE_HWEXEC (0x200, EX), _PAGE_ACCESSED (0x400, software); the pfn from bit 12 of a 32-bit
 * {@code pte_t}. {@code pte_none()} and {@code pte_clear()} are the plain ones (_PTE_NONE_MASK 0).
 */
final class MicroblazePteCodec implements PteCodec {

  private static final long PAGE_GUARDED = 0x001;
  private static final long PAGE_PRESENT = 0x002;
  private static final long PAGE_NO_CACHE = 0x004;
  private static final long PAGE_WRITETHRU = 0x008;
  private static final long PAGE_USER = 0x010;
  private static final long PAGE_RW = 0x040;
  private static final long PAGE_DIRTY = 0x080;
  private static final long PAGE_HWWRITE = 0x100;
  private static final long PAGE_HWEXEC = 0x200;
  private static final long PAGE_ACCESSED = 0x400;

  /** _PAGE_CACHE_CTL = _PAGE_GUARDED | _PAGE_NO_CACHE | _PAGE_WRITETHRU. */
  private static final long PAGE_CACHE_CTL = PAGE_GUARDED | PAGE_NO_CACHE | PAGE_WRITETHRU;

  /**
   * {@code PAGE_KERNEL} = _PAGE_KERNEL = _PAGE_BASE (PRESENT | ACCESSED) | _PAGE_WRENABLE (RW |
   * DIRTY | HWWRITE) | _PAGE_SHARED (0) | _PAGE_HWEXEC = 0x7c2; {@code kmap_prot} is PAGE_KERNEL
   * (the {@code include/linux/highmem-internal.h} default).
   */
  private static final long PAGE_KERNEL =
      PAGE_PRESENT | PAGE_ACCESSED | PAGE_RW | PAGE_DIRTY | PAGE_HWWRITE | PAGE_HWEXEC;

  /**
   * The bits {@code finish_tlb_load}'s callers clear before loading TLBLO ({@code andni r4, r4,
   * 0x0ce2}, {@code arch/microblaze/kernel/hw_exception_handler.S}): PRESENT (the M bit),
   * ZSEL bits 24-26 (RW, DIRTY and the unused 0x20) and bits 20-21 (ACCESSED, 0x800).
   */
  private static final long TLBLO_CLEARED = 0x0ce2;

  private static final int PFN_SHIFT = MicroblazeLayout.PAGE_SHIFT;
  private static final long FLAGS_MASK = (1L << PFN_SHIFT) - 1;
  private static final long PTE_MASK = 0xFFFF_FFFFL;

  /** Flag names by bit; bits 5 and 11 have none. */
  private static final String[] FLAG_NAMES =
      {"G", "P", "I", "W", "U", null, "RW", "D", "HWWRITE", "HWEXEC", "A", null};

  /** {@code pte_t} is 32 bits ({@code pte_basic_t} is unsigned long). */
  @Override
  public int pteBits() {
    return 32;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code ((pte_basic_t)pfn << PFN_SHIFT_OFFSET) | prot}, with
   * PFN_SHIFT_OFFSET = PAGE_SHIFT.
   *
   * @throws IllegalArgumentException when the pfn does not fit 32 bits above PAGE_SHIFT, or prot
   *     has bits above the flags
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(String.format(
          "pfn_pte: pfn %#x does not fit a 32-bit pte_t above PAGE_SHIFT 12", pfn));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
    }
    return (pfn << PFN_SHIFT) | prot;
  }

  /** {@code pte_pfn(x)}: {@code pte_val(x) >> PFN_SHIFT_OFFSET}. */
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

  /** {@code PAGE_KERNEL}, 0x7c2. */
  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /**
   * The protection {@code io_mapping_init_wc()} ({@code include/linux/io-mapping.h}) gives a
   * write-combining mapping: {@code pgprot_noncached_wc(PAGE_KERNEL)}, which it prefers where the
   * architecture defines it, as microblaze does ({@code asm/pgtable.h}): {@code (prot &
   * ~_PAGE_CACHE_CTL) | _PAGE_NO_CACHE}, 0x7c6 for PAGE_KERNEL.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return (prot & ~PAGE_CACHE_CTL) | PAGE_NO_CACHE;
  }

  /** One past the largest pfn of a 32-bit PTE above PAGE_SHIFT: 4 GiB physical. */
  @Override
  public long maxPfn() {
    return 1L << (32 - PFN_SHIFT);
  }

  /**
   * The TLBLO word the TLB miss handler loads ({@code hw_exception_handler.S}): the PTE with
   * {@code 0x0ce2} cleared and {@code _PAGE_HWEXEC} set ({@code finish_tlb_load}): RPN, EX (0x200),
   * WR (0x100), ZSEL's low bit (_PAGE_USER), W, I and G. PAGE_KERNEL becomes RPN | 0x300.
   */
  @Override
  public long hardwarePte(long pte) {
    return ((pte & PTE_MASK) & ~TLBLO_CLEARED) | PAGE_HWEXEC;
  }

  /**
   * The TLBLO word ({@link #hardwarePte}) with what the miss handler puts in TLBHI: valid for a
   * present PTE (the handler loads no other), the kernel may store with WR, user access with ZSEL's
   * zone bit (_PAGE_USER), execute with EX (the handler sets it on every entry), cacheable unless
   * I; global: kernel addresses are loaded with TID 0.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    if (!ptePresent(pte)) {
      return PtePermissions.INVALID;
    }
    long lo = hardwarePte(pte);
    return new PtePermissions(true, (lo & PAGE_HWWRITE) != 0, (lo & PAGE_USER) != 0,
        (lo & PAGE_HWEXEC) != 0, (lo & PAGE_NO_CACHE) == 0, true);
  }

  /** {@code finish_tlb_load} sets EX on every entry: PAGE_KERNEL executes. */
  @Override
  public boolean kmapProtExecutable() {
    return true;
  }

  /** The flags by bit number and the pfn: {@code "P|RW|D|HWWRITE|HWEXEC|A pfn=0x30000"}. */
  @Override
  public String describe(long pte) {
    long p = pte & PTE_MASK;
    if (p == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (int bit = 0; bit < PFN_SHIFT; bit++) {
      if ((p & (1L << bit)) != 0) {
        String name = FLAG_NAMES[bit];
        sb.append(sb.length() == 0 ? "" : "|").append(name == null ? "bit" + bit : name);
      }
    }
    return sb.append(sb.length() == 0 ? "" : " ").append("pfn=0x")
        .append(Long.toHexString(ptePfn(p))).toString();
  }
}
