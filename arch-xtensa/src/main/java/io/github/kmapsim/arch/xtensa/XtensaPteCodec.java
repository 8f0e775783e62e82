// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * The Xtensa PTE of {@code arch/xtensa/include/asm/pgtable.h} (v5.11), for a core of hardware
 * version 2000 or later (dc233c is LX4, XCHAL_HW_VERSION_MAJOR 2400): the hardware attribute in
 * bits 3:0 (bit 0 execute, bit 1 write, bits 3:2 the cache attribute CA: 00 bypass, 01
 * write-back, 10 write-through, 11 invalid), the ring in bits 5:4, the software bits
 * {@code _PAGE_WRITABLE} (6), {@code _PAGE_DIRTY} (7) and {@code _PAGE_ACCESSED} (8), and the PPN
 * from bit 12. The MMU refills its TLB from this very word, so the hardware word is the PTE.
 *
 * <p>An empty PTE is not 0: {@code pte_clear()} writes {@code _PAGE_CA_INVALID | _PAGE_USER}
 * (0x1c) and {@code pte_none()} compares with it, because the ring must be the user ring even for
 * a non-present page ("multihit-exception has the highest priority of all MMU exceptions").
 * {@code pte_write()} tests the software bit {@code _PAGE_WRITABLE}, which PAGE_KERNEL does not
 * set; the MMU lets the kernel store through {@code _PAGE_HW_WRITE}.
 */
final class XtensaPteCodec implements PteCodec {

  private static final long PAGE_HW_EXEC = 1L;
  private static final long PAGE_HW_WRITE = 1L << 1;
  private static final long PAGE_CA_BYPASS = 0;
  private static final long PAGE_CA_WB = 1L << 2;
  private static final long PAGE_CA_MASK = 3L << 2;
  private static final long PAGE_CA_INVALID = 3L << 2;
  /** {@code _PAGE_NONE} for XCHAL_HW_VERSION_MAJOR >= 2000: attribute 1111, PROT_NONE. */
  private static final long PAGE_NONE = 0x0f;
  private static final long PAGE_ATTRIB_MASK = 0x0f;
  private static final long PAGE_USER = 1L << 4;
  private static final long PAGE_WRITABLE = 1L << 6;
  private static final long PAGE_DIRTY = 1L << 7;
  private static final long PAGE_ACCESSED = 1L << 8;

  /** {@code _PAGE_PRESENT} = _PAGE_HW_VALID (0 from LX2 on) | _PAGE_CA_WB | _PAGE_ACCESSED. */
  private static final long PAGE_PRESENT = PAGE_CA_WB | PAGE_ACCESSED;

  /** {@code PAGE_KERNEL} = _PAGE_PRESENT | _PAGE_HW_WRITE = 0x106. */
  private static final long PAGE_KERNEL = PAGE_PRESENT | PAGE_HW_WRITE;

  /** {@code PAGE_KERNEL_EXEC} = _PAGE_PRESENT | _PAGE_HW_WRITE | _PAGE_HW_EXEC = 0x107. */
  private static final long PAGE_KERNEL_EXEC = PAGE_KERNEL | PAGE_HW_EXEC;

  /** The value {@code pte_clear()} writes and {@code pte_none()} looks for: 0x1c. */
  private static final long EMPTY = PAGE_CA_INVALID | PAGE_USER;

  private static final long FLAGS_MASK = (1L << XtensaLayout.PAGE_SHIFT) - 1;
  private static final long PTE_MASK = 0xFFFF_FFFFL;
  private static final String[] CA = {"CA=bypass", "CA=WB", "CA=WT", "CA=invalid"};

  /** {@code pte_t} is one {@code unsigned long} ({@code asm/page.h}). */
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
    return (pfn << XtensaLayout.PAGE_SHIFT) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code pte_val(pte) >> PAGE_SHIFT}. */
  @Override
  public long ptePfn(long pte) {
    return (pte & PTE_MASK) >>> XtensaLayout.PAGE_SHIFT;
  }

  /**
   * {@code pte_present(pte)}: a cache attribute other than invalid, or the PROT_NONE attribute
   * {@code _PAGE_NONE}.
   */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & PAGE_CA_MASK) != PAGE_CA_INVALID || (pte & PAGE_ATTRIB_MASK) == PAGE_NONE;
  }

  /** {@code pte_write(pte)}: {@code pte_val(pte) & _PAGE_WRITABLE}, the software bit. */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & PAGE_WRITABLE) != 0;
  }

  /**
   * The MMU's write permission: the attribute's w bit, {@code _PAGE_HW_WRITE}, which PAGE_KERNEL
   * and PAGE_KERNEL_EXEC set ({@code pte_wrprotect()} and {@code pte_mkclean()} clear it).
   */
  @Override
  public boolean hardwareWritable(long pte) {
    return (pte & PAGE_HW_WRITE) != 0;
  }

  /** {@code pte_none(pte)}: {@code pte_val(pte) == (_PAGE_CA_INVALID | _PAGE_USER)}. */
  @Override
  public boolean pteNone(long pte) {
    return pte == EMPTY;
  }

  /** 0x1c, what {@code pte_clear()} writes. */
  @Override
  public long emptyPte() {
    return EMPTY;
  }

  /** {@code PAGE_KERNEL}, 0x106. */
  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /** {@code kmap_prot} is {@code PAGE_KERNEL_EXEC}, 0x107 ({@code asm/highmem.h}). */
  @Override
  public long kmapProt() {
    return PAGE_KERNEL_EXEC;
  }

  /**
   * {@code pgprot_writecombine(prot)}: xtensa defines none, so it is the generic fallback,
   * {@code pgprot_noncached()} ({@code include/linux/pgtable.h}): the cache attribute replaced by
   * {@code _PAGE_CA_BYPASS}.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return (prot & ~PAGE_CA_MASK) | PAGE_CA_BYPASS;
  }

  /** One past the largest PPN of a 32-bit PTE: 4 GiB of 4 KiB pages. */
  @Override
  public long maxPfn() {
    return 1L << (32 - XtensaLayout.PAGE_SHIFT);
  }

  /**
   * The MMU refills from the PTE itself: valid unless the cache attribute is invalid (which
   * PAGE_NONE's attribute 1111 is too); the kernel may store with _PAGE_HW_WRITE and execute with
   * _PAGE_HW_EXEC; user access outside ring 0; cacheable when the attribute is write-back or
   * write-through, not bypass; global: ring 0 has the one kernel ASID.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    long ca = pte & PAGE_CA_MASK;
    if (ca == PAGE_CA_INVALID) {
      return PtePermissions.INVALID;
    }
    return new PtePermissions(true, (pte & PAGE_HW_WRITE) != 0, (pte & (3L << 4)) != 0,
        (pte & PAGE_HW_EXEC) != 0, ca != PAGE_CA_BYPASS, true);
  }

  /** kmap_prot is PAGE_KERNEL_EXEC ({@code asm/highmem.h}). */
  @Override
  public boolean kmapProtExecutable() {
    return true;
  }

  /**
   * The attribute, ring, software flags and pfn: {@code "x|w|CA=WB|ring0|A pfn=0x20000"};
   * {@code "none"} for the empty PTE.
   */
  @Override
  public String describe(long pte) {
    if (pte == EMPTY) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    if ((pte & PAGE_HW_EXEC) != 0) {
      sb.append("x|");
    }
    if ((pte & PAGE_HW_WRITE) != 0) {
      sb.append("w|");
    }
    sb.append(CA[(int) ((pte & PAGE_CA_MASK) >>> 2)]).append("|ring").append((pte >>> 4) & 3);
    if ((pte & PAGE_WRITABLE) != 0) {
      sb.append("|W");
    }
    if ((pte & PAGE_DIRTY) != 0) {
      sb.append("|D");
    }
    if ((pte & PAGE_ACCESSED) != 0) {
      sb.append("|A");
    }
    for (int bit = 9; bit < XtensaLayout.PAGE_SHIFT; bit++) {
      if ((pte & (1L << bit)) != 0) {
        sb.append("|bit").append(bit);
      }
    }
    return sb.append(" pfn=0x").append(Long.toHexString(ptePfn(pte))).toString();
  }
}
