// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import io.github.kmapsim.spi.PteTable;

/**
 * The MIPS32 R4K PTE of {@code arch/mips/include/asm/pgtable-bits.h} with CONFIG_CPU_HAS_RIXI
 * (selected by CPU_MIPSR2, which CPU_MIPS32_R2 turns on): software bits _PAGE_PRESENT (0),
 * _PAGE_WRITE (1), _PAGE_ACCESSED (2), _PAGE_MODIFIED (3), then the bits EntryLo takes,
 * _PAGE_NO_EXEC (4), _PAGE_NO_READ (5), _PAGE_GLOBAL (6), _PAGE_VALID (7), _PAGE_DIRTY (8) and
 * the three-bit cache attribute at _CACHE_SHIFT (9); the pfn sits at PFN_PTE_SHIFT = PAGE_SHIFT -
 * 12 + _CACHE_SHIFT + 3. There is no _PAGE_NO_READ below WRITE (that is the !RIXI layout) and no
 * _PAGE_SPECIAL: MIPS selects ARCH_HAS_PTE_SPECIAL only {@code if !(32BIT && CPU_HAS_RIXI)}
 * ({@code arch/mips/Kconfig}); nor _PAGE_HUGE (no MIPS_HUGE_TLB_SUPPORT) or _PAGE_SOFT_DIRTY.
 *
 * <p>Assumes the core implements RI/XI ({@code cpu_has_rixi}), so {@code _PAGE_NO_EXEC} is bit 4
 * and {@code pte_to_entrylo()} rotates NO_EXEC/NO_READ into EntryLo's XI/RI bits, and boots with
 * Config.K0 = 3, so {@code _page_cachable_default} ({@code coherency_setup()}, {@code
 * arch/mips/mm/c-r4k.c}) is cacheable noncoherent write-back, 3 << _CACHE_SHIFT.
 */
final class MipsPteCodec implements PteCodec {

  private static final long PAGE_PRESENT = 1L;
  private static final long PAGE_WRITE = 1L << 1;
  private static final long PAGE_ACCESSED = 1L << 2;
  private static final long PAGE_MODIFIED = 1L << 3;
  private static final long PAGE_NO_EXEC = 1L << 4;
  private static final long PAGE_NO_READ = 1L << 5;
  private static final int PAGE_GLOBAL_SHIFT = 6;
  private static final long PAGE_GLOBAL = 1L << PAGE_GLOBAL_SHIFT;
  private static final long PAGE_VALID = 1L << 7;
  private static final long PAGE_DIRTY = 1L << 8;
  private static final int CACHE_SHIFT = 9;
  private static final long CACHE_MASK = 7L << CACHE_SHIFT;

  /** The flag bits of the enum and the cache attribute: everything below bit 12. */
  private static final long FLAGS_MASK = (1L << (CACHE_SHIFT + 3)) - 1;

  /** {@code _page_cachable_default} for CCA 3, {@code _CACHE_CACHABLE_NONCOHERENT}. */
  private static final long PAGE_CACHABLE_DEFAULT = 3L << CACHE_SHIFT;

  /** {@code __READABLE} = _PAGE_SILENT_READ (= _PAGE_VALID) | _PAGE_ACCESSED. */
  private static final long READABLE = PAGE_VALID | PAGE_ACCESSED;

  /** {@code __WRITEABLE} = _PAGE_SILENT_WRITE (= _PAGE_DIRTY) | _PAGE_WRITE | _PAGE_MODIFIED. */
  private static final long WRITEABLE = PAGE_DIRTY | PAGE_WRITE | PAGE_MODIFIED;

  /**
   * {@code PAGE_KERNEL} = _PAGE_PRESENT | __READABLE | __WRITEABLE | _PAGE_GLOBAL |
   * _page_cachable_default ({@code arch/mips/include/asm/pgtable.h}) = 0x7cf.
   */
  private static final long PAGE_KERNEL =
      PAGE_PRESENT | READABLE | WRITEABLE | PAGE_GLOBAL | PAGE_CACHABLE_DEFAULT;

  /** {@code pte_to_entrylo()}'s {@code sa = 31 - _PAGE_NO_READ_SHIFT} on 32-bit. */
  private static final int RIXI_ROTATE = 31 - 5;

  /** Names of the flag bits 0..8, after the final-layout comment of pgtable-bits.h. */
  private static final String[] FLAG_NAMES = {"P", "W", "A", "M", "XI", "RI", "G", "V", "D"};

  private static final long PTE_MASK = 0xFFFF_FFFFL;

  private final int pfnPteShift;

  /** @param pageShift PAGE_SHIFT */
  MipsPteCodec(int pageShift) {
    this.pfnPteShift = pageShift - 12 + CACHE_SHIFT + 3;
  }

  /** {@code pte_t} is one 32-bit word without PHYS_ADDR_T_64BIT ({@code asm/page.h}). */
  @Override
  public int pteBits() {
    return 32;
  }

  /**
   * {@code pfn_pte(pfn, prot)} ({@code pgtable-32.h}): {@code (pfn << PFN_PTE_SHIFT) | prot}.
   *
   * @throws IllegalArgumentException when the pfn does not fit the 32-bit PTE or {@code prot} has
   *     bits outside the flag and cache bits
   */
  @Override
  public long pfnPte(long pfn, long prot) {
    if (pfn < 0 || pfn >= maxPfn()) {
      throw new IllegalArgumentException(String.format(
          "pfn_pte: pfn %#x does not fit a 32-bit pte_t above PFN_PTE_SHIFT %d", pfn, pfnPteShift));
    }
    if ((prot & ~FLAGS_MASK) != 0) {
      throw new IllegalArgumentException(
          String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
    }
    return (pfn << pfnPteShift) | prot;
  }

  /** {@code pte_pfn(pte)}: {@code pte >> PFN_PTE_SHIFT}. */
  @Override
  public long ptePfn(long pte) {
    return (pte & PTE_MASK) >>> pfnPteShift;
  }

  /**
   * {@code pte_present(pte)}: {@code _PAGE_PRESENT}. The TLB itself looks at EntryLo's V bit
   * (_PAGE_VALID), which every kernel protection sets together with PRESENT ({@code __READABLE}).
   */
  @Override
  public boolean ptePresent(long pte) {
    return (pte & PAGE_PRESENT) != 0;
  }

  /**
   * {@code pte_write(pte)}: {@code _PAGE_WRITE}; the dirty (EntryLo D) bit is set by the
   * TLB-modified handler.
   */
  @Override
  public boolean pteWrite(long pte) {
    return (pte & PAGE_WRITE) != 0;
  }

  /** {@code pte_none(pte)} ({@code pgtable.h}): {@code !(pte & ~_PAGE_GLOBAL)}. */
  @Override
  public boolean pteNone(long pte) {
    return (pte & ~PAGE_GLOBAL) == 0;
  }

  /**
   * {@code set_pte(ptep, pteval)} ({@code pgtable.h}, 32-bit without PHYS_ADDR_T_64BIT): writes the
   * entry and, when it is global, makes the buddy ({@code ptep_buddy()}, the other half of the
   * EntryLo0/EntryLo1 pair) global too with {@code cmpxchg(&buddy->pte, 0, _PAGE_GLOBAL)}: only an
   * all-zero buddy changes (older kernels tested {@code pte_none(*buddy)} and ORed the bit in, to
   * the same effect).
   */
  @Override
  public void setPte(PteTable table, long ptep, long pte) {
    table.set(ptep, pte);
    if ((pte & PAGE_GLOBAL) != 0) {
      long buddy = ptep ^ 1;
      if (table.get(buddy) == 0) {
        table.set(buddy, PAGE_GLOBAL);
      }
    }
  }

  /**
   * {@code pte_clear()} ({@code pgtable.h}): writes {@code _PAGE_GLOBAL} when the buddy is global,
   * "to preserve global status for the pair", else 0, through {@code set_pte()} (which, the value
   * being a bare G, leaves the already global buddy as it is).
   */
  @Override
  public void pteClear(PteTable table, long ptep) {
    setPte(table, ptep, (table.get(ptep ^ 1) & PAGE_GLOBAL) != 0 ? PAGE_GLOBAL : 0);
  }

  /** {@code PAGE_KERNEL}, 0x7cf; {@code kmap_prot} is PAGE_KERNEL too. */
  /**
   * {@code pgprot_writecombine(prot)}: the cache attribute replaced by
   * {@code cpu_data[0].writecombine} ({@code arch/mips/include/asm/pgtable.h}), which
   * {@code cpu_probe()} sets to _CACHE_UNCACHED (CCA 2) for a generic core without uncached
   * accelerated support ({@code arch/mips/kernel/cpu-probe.c}).
   */
  @Override
  public long pgprotWritecombine(long prot) {
    return (prot & ~CACHE_MASK) | (2L << CACHE_SHIFT);
  }

  @Override
  public long pageKernel() {
    return PAGE_KERNEL;
  }

  /**
   * One past the largest pfn above PFN_PTE_SHIFT in 32 bits: 1 << 20 with 4 KiB pages, 1 << 18
   * with 16 KiB; 4 GiB either way ({@code arch_mm_preinit()} in {@code arch/mips/mm/init.c}
   * BUILD_BUG_ONs a 32-bit kernel whose PFN_PTE_SHIFT exceeds PAGE_SHIFT for that reason).
   */
  @Override
  public long maxPfn() {
    return 1L << (32 - pfnPteShift);
  }

  /**
   * The EntryLo word, {@code pte_to_entrylo(pte)} ({@code pgtable-bits.h}) with {@code
   * cpu_has_rixi}: {@code (pte >> _PAGE_GLOBAL_SHIFT) | ((pte & (_PAGE_NO_EXEC | _PAGE_NO_READ))
   * << (31 - _PAGE_NO_READ_SHIFT))}, leaving G, V, D and C in bits 0..5, the physical page number
   * (in 4 KiB units) from bit 6, XI at bit 30 and RI at bit 31.
   */
  @Override
  public long hardwarePte(long pte) {
    long p = pte & PTE_MASK;
    return (p >>> PAGE_GLOBAL_SHIFT) | ((p & (PAGE_NO_EXEC | PAGE_NO_READ)) << RIXI_ROTATE);
  }

  /**
   * The EntryLo word ({@link #hardwarePte}): valid with V, the kernel may store with D, execute
   * unless XI, global with G; cacheable unless the CCA is 2 (uncached) or 7 (uncached
   * accelerated). No user access: kmap addresses lie in KSEG2, which user mode cannot reach
   * whatever the entry says.
   */
  @Override
  public PtePermissions hardwarePermissions(long pte) {
    long lo = hardwarePte(pte);
    long cca = (lo >>> 3) & 7;
    return new PtePermissions((lo & 2) != 0, (lo & 4) != 0, false, (lo & (1L << 30)) == 0,
        cca != 2 && cca != 7, (lo & 1) != 0);
  }

  /** PAGE_KERNEL leaves _PAGE_NO_EXEC clear: kernel pages execute, RI/XI or not. */
  @Override
  public boolean kmapProtExecutable() {
    return true;
  }

  /**
   * The set flags, the cache attribute and the pfn: {@code "P|W|A|M|G|V|D|CCA=3 pfn=0x40000"};
   * {@code "none"} for 0 and {@code "none (G)"} for the bare {@code _PAGE_GLOBAL} an empty slot
   * next to a global buddy holds. Bits with no name (12 and 13 with 16 KiB pages, anything above
   * bit 31) print as {@code bitN}.
   */
  @Override
  public String describe(long pte) {
    if (pte == 0) {
      return "none";
    }
    if (pte == PAGE_GLOBAL) {
      return "none (G)";
    }
    StringBuilder sb = new StringBuilder();
    long loose = pte & ~CACHE_MASK & ~(PTE_MASK & -(1L << pfnPteShift));
    for (int bit = 0; bit < 64; bit++) {
      if ((loose & (1L << bit)) != 0) {
        sb.append(sb.length() == 0 ? "" : "|")
            .append(bit < FLAG_NAMES.length ? FLAG_NAMES[bit] : "bit" + bit);
      }
    }
    return sb.append(sb.length() == 0 ? "" : "|")
        .append("CCA=").append((pte & CACHE_MASK) >>> CACHE_SHIFT)
        .append(" pfn=0x").append(Long.toHexString(ptePfn(pte)))
        .toString();
  }
}
