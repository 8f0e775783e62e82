// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * The SPARC Reference MMU PTE ({@code arch/sparc/include/asm/pgtsrmmu.h}, {@code pgtable_32.h},
 * v5.11), which Linux uses as it is: the hardware walks the same word. From the bottom: ET (bits
 * 0-1, 2 = PTE), ACC (bits 2-4, the access permissions), R (5, referenced), M (6, modified), C (7,
 * cacheable), then the physical page number in bits 8-31, physical address bits 12-35.
 *
 * <p>Linux names the ACC values by their bits: SRMMU_WRITE (0x04), SRMMU_EXEC (0x08), SRMMU_NOREAD
 * (0x10); SRMMU_PRIV 0x1c is ACC 7 (supervisor read/write/execute, no user access). PAGE_KERNEL is
 * SRMMU_VALID | SRMMU_CACHE | SRMMU_PRIV | SRMMU_DIRTY | SRMMU_REF = 0xfe; sparc's {@code
 * kmap_prot} ({@code asm/highmem.h}) is SRMMU_ET_PTE | SRMMU_PRIV | SRMMU_CACHE = 0x9e, without R
 * and M, which the MMU sets itself on the first access and store.
 *
 * <p>The 24-bit PPN reaches 64 GiB, but the top four bits select the sun4m I/O space ({@code
 * mk_pte_io}, {@code srmmu_device_memory()}): {@code pte_pfn()} answers ~0 for any PTE with one of
 * them set, so RAM is the pfns below 2^20, 4 GiB.
 */
final class SrmmuPteCodec implements PteCodec {

  /** SRMMU_ET_MASK and SRMMU_ET_PTE: the entry type. */
  private static final long ET_MASK = 0x3;

  private static final long ET_PTE = 0x2;

  /** SRMMU_WRITE: ACC bit 0, the store permission of ACC 1, 3, 5 and 7. */
  private static final long SRMMU_WRITE = 0x04;

  private static final long ACC_MASK = 0x1c;
  private static final int ACC_SHIFT = 2;
  private static final long SRMMU_PRIV = 0x1c;
  private static final long SRMMU_REF = 0x20;
  private static final long SRMMU_DIRTY = 0x40;
  private static final long SRMMU_CACHE = 0x80;

  /** PAGE_KERNEL = SRMMU_PAGE_KERNEL, 0xfe. */
  private static final long PAGE_KERNEL =
      ET_PTE | SRMMU_CACHE | SRMMU_PRIV | SRMMU_DIRTY | SRMMU_REF;

  /** {@code kmap_prot} = SRMMU_ET_PTE | SRMMU_PRIV | SRMMU_CACHE, 0x9e ({@code asm/highmem.h}). */
  private static final long KMAP_PROT = ET_PTE | SRMMU_PRIV | SRMMU_CACHE;

  /** SRMMU_PTE_PMASK: the PPN, bits 8-31. */
  private static final long PTE_PMASK = 0xFFFF_FF00L;

  /** pfn_pte shifts by PAGE_SHIFT - 4: the PPN holds physical address bits 12-35. */
  private static final int PFN_SHIFT = SparcLayout.PAGE_SHIFT - 4;

  /** {@code srmmu_device_memory(x)}: {@code (x & 0xF0000000) != 0}, an I/O space PTE. */
  private static final long DEVICE_MASK = 0xF000_0000L;

  private static final long FLAGS_MASK = 0xFF;
  private static final long PTE_MASK = 0xFFFF_FFFFL;

  /** What {@code pte_pfn()} returns for an I/O space PTE: ~0UL of a 32-bit long. */
  static final long NOT_RAM = 0xFFFF_FFFFL;

  /**
   * ACC: the permissions of the SPARC V8 Reference MMU (SPARC Architecture Manual v8, appendix H):
   * for ACC 0-7, whether the supervisor may store, whether user mode has any access, whether the
   * supervisor may execute.
   */
  private static final boolean[] SUPERVISOR_WRITE =
      {false, true, false, true, false, true, false, true};

  private static final boolean[] USER_ACCESS = {true, true, true, true, true, true, false, false};
  private static final boolean[] SUPERVISOR_EXEC =
      {false, false, true, true, true, false, true, true};

  /** The ACC values as the manual tables them, supervisor access first. */
  private static final String[] ACC_NAMES = {"S:R U:R", "S:RW U:RW", "S:RX U:RX", "S:RWX U:RWX",
      "S:X U:X", "S:RW U:R", "S:RX", "S:RWX"};

  /** {@code pte_t} is one 32-bit {@code unsigned long} ({@code asm/page_32.h}). */
  @Override
  public int pteBits() {
    return 32;
  }

  /**
   * {@code pfn_pte(pfn, prot)} = {@code mk_pte(pfn_to_page(pfn), prot)}: {@code (pfn << (PAGE_SHIFT
   * - 4)) | pgprot_val(prot)}.
   *
   * @throws IllegalArgumentException when the pfn is not RAM below 4 GiB (a higher PPN is I/O
   *     space, which {@code pte_pfn()} does not give back), or prot has bits above the flags
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(String.format("pfn_pte: pfn %#x is not RAM below 4 GiB:"
          + " its PTE would set a bit of 0xF0000000, which srmmu_device_memory() takes for sun4m"
          + " I/O space", pfn));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the SRMMU flags (0xff)", prot));
    }
    return (pfn << PFN_SHIFT) | prot;
  }

  /**
   * {@code pte_pfn(pte)}: ~0 for an I/O space PTE ({@code srmmu_device_memory()}), else {@code
   * (pte_val(pte) & SRMMU_PTE_PMASK) >> (PAGE_SHIFT - 4)}.
   */
  @Override
  public long ptePfn(long pte) {
    long p = pte & PTE_MASK;
    if ((p & DEVICE_MASK) != 0) {
      return NOT_RAM;
    }
    return (p & PTE_PMASK) >>> PFN_SHIFT;
  }

  /** {@code pte_present(pte)}: {@code (pte_val(pte) & SRMMU_ET_MASK) == SRMMU_ET_PTE}. */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & ET_MASK) == ET_PTE;
  }

  /**
   * {@code pte_write(pte)}: {@code pte_val(pte) & SRMMU_WRITE}. The bit is ACC's lowest, set in
   * exactly the ACC values that let the supervisor store (1, 3, 5, 7), so it is also the MMU's
   * write permission.
   */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & SRMMU_WRITE) != 0;
  }

  /** {@code pte_none(pte)}: {@code !pte_val(pte)}. */
  @Override
  public boolean pteNone(long pte) {
    return (pte & PTE_MASK) == 0;
  }

  /** {@code PAGE_KERNEL}: SRMMU_PAGE_KERNEL, 0xfe. */
  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /** {@code kmap_prot}: 0x9e, PAGE_KERNEL without SRMMU_REF and SRMMU_DIRTY. */
  @Override
  public long kmapProt() {
    return KMAP_PROT;
  }

  /**
   * {@code pgprot_writecombine(prot)}: sparc32 defines none, so it is the generic {@code
   * pgprot_noncached} ({@code include/linux/pgtable.h}), sparc32's ({@code pgtable_32.h}): {@code
   * prot & ~SRMMU_CACHE}. 0xfe becomes 0x7e.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return prot & ~SRMMU_CACHE;
  }

  /** RAM below 4 GiB: 2^20 pfns (the rest of the 24-bit PPN is I/O space). */
  @Override
  public long maxPfn() {
    return 1L << 20;
  }

  /**
   * The PTE as the Reference MMU reads it: valid with ET = 2; the supervisor may store, user mode
   * may access, the supervisor may execute as ACC says; cacheable with C. The SRMMU's TLB entries
   * carry a context number and no global bit: kernel addresses are the same in every context
   * because every context's table shares the kernel's level-1 entries, so global is false.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    if ((pte & ET_MASK) != ET_PTE) {
      return PtePermissions.INVALID;
    }
    int acc = (int) ((pte & ACC_MASK) >>> ACC_SHIFT);
    return new PtePermissions(true, SUPERVISOR_WRITE[acc], USER_ACCESS[acc],
        SUPERVISOR_EXEC[acc], (pte & SRMMU_CACHE) != 0, false);
  }

  /** kmap_prot's ACC 7 (SRMMU_PRIV) lets the supervisor execute: the SRMMU has no separate NX. */
  @Override
  public boolean kmapProtExecutable() {
    return true;
  }

  /**
   * {@code "PTE ACC=7(S:RWX) C|M|R pfn=0xc000"}; {@code "none"} for 0, {@code "ET=n ..."} for an
   * entry that is not a PTE, {@code "io pte=0x..."} for I/O space.
   */
  @Override
  public String describe(long pte) {
    long p = pte & PTE_MASK;
    if (p == 0) {
      return "none";
    }
    if ((p & DEVICE_MASK) != 0) {
      return "io pte=0x" + Long.toHexString(p);
    }
    long et = p & ET_MASK;
    int acc = (int) ((p & ACC_MASK) >>> ACC_SHIFT);
    StringBuilder sb = new StringBuilder(et == ET_PTE ? "PTE" : "ET=" + et);
    sb.append(" ACC=").append(acc).append('(').append(ACC_NAMES[acc]).append(')');
    String sep = " ";
    if ((p & SRMMU_CACHE) != 0) {
      sb.append(sep).append('C');
      sep = "|";
    }
    if ((p & SRMMU_DIRTY) != 0) {
      sb.append(sep).append('M');
      sep = "|";
    }
    if ((p & SRMMU_REF) != 0) {
      sb.append(sep).append('R');
    }
    return sb.append(" pfn=0x").append(Long.toHexString(ptePfn(p))).toString();
  }
}
