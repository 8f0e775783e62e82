// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import io.github.kmapsim.spi.PteTable;

/**
 * The abiv2 PTE of {@code arch/csky/abiv2/inc/abi/pgtable-bits.h} (v5.11): the bits the MMU uses
 * at the bottom, _PAGE_GLOBAL (0), _PAGE_VALID (1), _PAGE_DIRTY (2), _PAGE_CACHE (3), _PAGE_SO (5)
 * and _PAGE_BUF (6), then the software bits _PAGE_ACCESSED (7), _PAGE_READ (8), _PAGE_WRITE (9),
 * _PAGE_PRESENT (10) and _PAGE_MODIFIED (11); the pfn from bit 12 of a 32-bit {@code pte_t}.
 *
 * <p>What csky does differently from the generic PTE accessors ({@code asm/pgtable.h}): {@code
 * pte_clear()} of a kernel address ({@code addr & PAGE_OFFSET}) writes {@code _PAGE_GLOBAL}
 * rather than 0, and {@code pte_none()} ignores that bit, so a kmap slot reads 0x1 once it has
 * been used and 0 before (its table came zeroed from memblock, {@code fixrange_init()} in {@code
 * arch/csky/mm/init.c}). Every entry of kmapsim's kernel page table lies above PAGE_OFFSET.
 */
final class CskyPteCodec implements PteCodec {

  private static final long PAGE_GLOBAL = 1L;
  private static final long PAGE_VALID = 1L << 1;
  private static final long PAGE_DIRTY = 1L << 2;
  private static final long PAGE_CACHE = 1L << 3;
  private static final long PAGE_BUF = 1L << 6;
  private static final long PAGE_ACCESSED = 1L << 7;
  private static final long PAGE_READ = 1L << 8;
  private static final long PAGE_WRITE = 1L << 9;
  private static final long PAGE_PRESENT = 1L << 10;
  private static final long PAGE_MODIFIED = 1L << 11;

  /** _CACHE_MASK = _PAGE_CACHE; _CACHE_CACHED = _PAGE_CACHE | _PAGE_BUF; _CACHE_UNCACHED = 0. */
  private static final long CACHE_MASK = PAGE_CACHE;

  private static final long CACHE_CACHED = PAGE_CACHE | PAGE_BUF;

  /** {@code __READABLE} = _PAGE_READ | _PAGE_VALID | _PAGE_ACCESSED. */
  private static final long READABLE = PAGE_READ | PAGE_VALID | PAGE_ACCESSED;

  /** {@code __WRITEABLE} = _PAGE_WRITE | _PAGE_DIRTY | _PAGE_MODIFIED. */
  private static final long WRITEABLE = PAGE_WRITE | PAGE_DIRTY | PAGE_MODIFIED;

  /**
   * {@code PAGE_KERNEL} = _PAGE_PRESENT | __READABLE | __WRITEABLE | _PAGE_GLOBAL |
   * _CACHE_CACHED ({@code asm/pgtable.h}, v5.11) = 0xfcf; {@code kmap_prot} is the
   * {@code include/linux/highmem-internal.h} default, PAGE_KERNEL.
   */
  private static final long PAGE_KERNEL =
      PAGE_PRESENT | READABLE | WRITEABLE | PAGE_GLOBAL | CACHE_CACHED;

  private static final int PFN_SHIFT = CskyLayout.PAGE_SHIFT;
  private static final long FLAGS_MASK = (1L << PFN_SHIFT) - 1;
  private static final long PTE_MASK = 0xFFFF_FFFFL;

  /** Flag names by bit, the kernel's without the _PAGE_ prefix; bit 4 has none. */
  private static final String[] FLAG_NAMES =
      {"G", "V", "D", "C", null, "SO", "B", "A", "R", "W", "P", "M"};

  /** {@code pte_t} is one 32-bit {@code pte_low} ({@code asm/page.h}). */
  @Override
  public int pteBits() {
    return 32;
  }

  /**
   * {@code pfn_pte(pfn, prot)}: {@code ((unsigned long long)pfn << PAGE_SHIFT) | prot}, stored in
   * the 32-bit {@code pte_low}.
   *
   * @throws IllegalArgumentException when the pfn does not fit 32 bits above PAGE_SHIFT, or prot
   *     has bits above the flags
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(String.format(
          "pfn_pte: pfn %#x does not fit the 32-bit pte_low above PAGE_SHIFT 12", pfn));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
    }
    return (pfn << PFN_SHIFT) | prot;
  }

  /** {@code pte_pfn(x)}: {@code x.pte_low >> PAGE_SHIFT}. */
  @Override
  public long ptePfn(long pte) {
    return (pte & PTE_MASK) >>> PFN_SHIFT;
  }

  /** {@code pte_present(pte)}: {@code _PAGE_PRESENT}, a software bit (bit 10). */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & PAGE_PRESENT) != 0;
  }

  /** {@code pte_write(pte)}: {@code _PAGE_WRITE} (bit 9). */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & PAGE_WRITE) != 0;
  }

  /** {@code pte_none(pte)}: {@code !(pte_val(pte) & ~_PAGE_GLOBAL)}. */
  @Override
  public boolean pteNone(long pte) {
    return (pte & PTE_MASK & ~PAGE_GLOBAL) == 0;
  }

  /**
   * {@code pte_clear(mm, addr, ptep)} of a kernel address: {@code set_pte(ptep, __pte(
   * _PAGE_GLOBAL))}, because {@code addr & PAGE_OFFSET} is set for every address above 0x80000000.
   */
  @Override
  public void pteClear(PteTable table, long ptep) {
    table.set(ptep, PAGE_GLOBAL);
  }

  /** {@code PAGE_KERNEL}, 0xfcf. */
  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /**
   * {@code pgprot_writecombine(prot)} ({@code asm/pgtable.h}): {@code (prot & ~_CACHE_MASK) |
   * _CACHE_UNCACHED}, which clears _PAGE_CACHE and keeps _PAGE_BUF: 0xfcf becomes 0xfc7.
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return prot & ~CACHE_MASK;
  }

  /** One past the largest pfn of a 32-bit {@code pte_low} above PAGE_SHIFT: 4 GiB physical. */
  @Override
  public long maxPfn() {
    return 1L << (32 - PFN_SHIFT);
  }

  /**
   * The word the hardware refill loads, which is the PTE: valid with V, the kernel may store with
   * D, cacheable with C, global with G. No execute permission exists (everything valid executes),
   * and no user access: kmap addresses lie above 0x80000000, which user mode cannot reach.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    return new PtePermissions((pte & PAGE_VALID) != 0, (pte & PAGE_DIRTY) != 0, false, true,
        (pte & PAGE_CACHE) != 0, (pte & PAGE_GLOBAL) != 0);
  }

  /** The MMU has no execute permission: PAGE_KERNEL executes. */
  @Override
  public boolean kmapProtExecutable() {
    return true;
  }

  /**
   * The flags by bit number and the pfn: {@code "G|V|D|C|B|A|R|W|P|M pfn=0x40000"}; {@code
   * "none"} for 0 and {@code "none (G)"} for the bare {@code _PAGE_GLOBAL} pte_clear leaves.
   * The MMU refills its TLB from this word itself (the hardware refill {@code pre_mmu_init()}
   * enables), so there is no separate hardware word.
   */
  @Override
  public String describe(long pte) {
    long p = pte & PTE_MASK;
    if (p == 0) {
      return "none";
    }
    if (p == PAGE_GLOBAL) {
      return "none (G)";
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
