// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.kmapsim.toy;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;

/**
 * {@code toy}: 4 KiB pages, 32-bit PTEs, a 3G/1G split, the asm-generic fixmap
 * ({@code __fix_to_virt(x) = FIXADDR_TOP - (x << PAGE_SHIFT)}).
 */
final class ToyVariant implements ArchVariant {

  // asm/page.h
  static final int PAGE_SHIFT = 12;
  static final long PAGE_SIZE = 1L << PAGE_SHIFT;
  static final long PAGE_OFFSET = 0xC000_0000L;
  // asm/pgtable.h: the direct map ends 256 MiB below the top, as on 32-bit x86
  static final long MAX_LOWMEM = 0x3000_0000L;
  static final long VMALLOC_OFFSET = 8L << 20;
  // asm/highmem.h
  static final long PKMAP_BASE = 0xFF80_0000L;
  static final int LAST_PKMAP = 512;
  // asm/fixmap.h
  static final long FIXADDR_TOP = 0xFFFF_F000L;
  static final int FIX_KMAP_BEGIN = 1; // index 0 is FIX_HOLE

  @Override
  public String name() {
    return "toy";
  }

  @Override
  public String description() {
    return "toy 32-bit: 4 KiB pages, 32-bit PTEs, asm-generic fixmap";
  }

  @Override
  public int maxCpus() {
    return 16; // 33 * 16 slots fit between pkmap and FIXADDR_TOP
  }

  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    if (nrCpus < 1 || nrCpus > maxCpus()) {
      throw new IllegalArgumentException("toy: NR_CPUS must be 1.." + maxCpus());
    }
    int end = FIX_KMAP_BEGIN + kmMaxIdx * nrCpus - 1;
    return MemoryLayout.builder()
        .pageShift(PAGE_SHIFT)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(MAX_LOWMEM)
        .vmallocOffset(VMALLOC_OFFSET)
        .vmallocEnd(PKMAP_BASE - 2 * PAGE_SIZE)
        .pkmapBase(PKMAP_BASE)
        .lastPkmap(LAST_PKMAP)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(FIXADDR_TOP - ((long) end << PAGE_SHIFT))
        .fixKmapBegin(FIX_KMAP_BEGIN)
        .fixKmapEnd(end)
        .ptrsPerPte(1024)
        .build();
  }

  @Override
  public PteCodec pteCodec() {
    return CODEC;
  }

  @Override
  public KmapHooks hooks() {
    return HOOKS;
  }

  /** asm/pgtable.h: P, RW, U, PCD, A, D, G bits and the PFN above PAGE_SHIFT. */
  static final PteCodec CODEC = new PteCodec() {
    static final long P = 1, RW = 2, U = 4, PCD = 0x10, A = 0x20, D = 0x40, G = 0x100;

    @Override
    public int pteBits() {
      return 32;
    }

    @Override
    public long pfnPte(long pfn, long prot) {
      return (pfn << PAGE_SHIFT | prot) & 0xFFFF_FFFFL;
    }

    @Override
    public long ptePfn(long pte) {
      return (pte & 0xFFFF_FFFFL) >>> PAGE_SHIFT;
    }

    @Override
    public boolean ptePresent(long pte) {
      return (pte & P) != 0;
    }

    @Override
    public boolean pteWrite(long pte) {
      return (pte & RW) != 0;
    }

    /**
     * The entry as the MMU reads it (the architecture manual, not the Linux software bits): the
     * kit checks kmap_prot's permissions with it. No NX bit in a 32-bit entry: every valid page
     * is executable, so kmap_prot is too ({@link #kmapProtExecutable}).
     */
    @Override
    public PtePermissions hardwarePermissions(long pte) {
      if ((pte & P) == 0) {
        return PtePermissions.INVALID;
      }
      return new PtePermissions(true, (pte & RW) != 0, (pte & U) != 0, true, (pte & PCD) == 0,
          (pte & G) != 0);
    }

    @Override
    public boolean kmapProtExecutable() {
      return true;
    }

    @Override
    public long pageKernel() {
      return P | RW | A | D | G;
    }

    @Override
    public long maxPfn() {
      return 1L << 20;
    }

    @Override
    public String describe(long pte) {
      StringBuilder sb = new StringBuilder();
      if ((pte & P) != 0) sb.append("P|");
      if ((pte & RW) != 0) sb.append("RW|");
      if ((pte & U) != 0) sb.append("U|");
      if ((pte & PCD) != 0) sb.append("PCD|");
      if ((pte & A) != 0) sb.append("A|");
      if ((pte & D) != 0) sb.append("D|");
      if ((pte & G) != 0) sb.append("G|");
      return sb.length() == 0 ? "none" : sb.substring(0, sb.length() - 1);
    }
  };

  /** asm/highmem.h: only the TLB flush after unmap, as x86's flush_tlb_one_kernel. */
  static final KmapHooks HOOKS = new KmapHooks() {
    @Override
    public void postUnmap(HardwareServices hw, long vaddr) {
      hw.localFlushTlbKernelPage(vaddr);
    }
  };
}
