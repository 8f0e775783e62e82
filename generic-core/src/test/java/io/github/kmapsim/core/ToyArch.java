// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import java.util.List;

/**
 * A minimal architecture for testing the core in isolation: 4 KiB pages, PAGE_OFFSET 0xC0000000,
 * 256 MiB of lowmem, FIXADDR_TOP 0xfffff000, FIX_KMAP_BEGIN 1, PTE = pfn << 12 | prot with the
 * present bit 0. Its hooks flush the local TLB entry after unmap, as x86's do, unless told not to.
 */
public class ToyArch implements ArchVariant {
  public static final long PRESENT = 1;
  public static final long RW = 2;
  public static final long PAGE_KERNEL = PRESENT | RW;
  public static final long WC = 0x10;
  public static final long FIXADDR_TOP = 0xfffff000L;
  public static final long PAGE_OFFSET = 0xc0000000L;
  public static final long LOWMEM = 256L << 20;
  public static final long MAX_LOW_PFN = LOWMEM >> 12;

  private final KmapHooks hooks;
  private final int ptrsPerPte;
  private final boolean contiguous;

  public ToyArch() {
    this(new FlushingHooks(true, true));
  }

  public ToyArch(KmapHooks hooks) {
    this(hooks, 1024, true);
  }

  /** A toy whose PTE tables hold {@code ptrsPerPte} entries and may not be contiguous. */
  public ToyArch(KmapHooks hooks, int ptrsPerPte, boolean contiguous) {
    this.hooks = hooks;
    this.ptrsPerPte = ptrsPerPte;
    this.contiguous = contiguous;
  }

  /** Hooks that flush the local TLB entry after unmap (and optionally say the PTEs are linear). */
  public static class FlushingHooks implements KmapHooks {
    private final boolean flush;
    private final boolean linear;

    public FlushingHooks(boolean flush, boolean linear) {
      this.flush = flush;
      this.linear = linear;
    }

    @Override
    public void postUnmap(HardwareServices hw, long vaddr) {
      if (flush) {
        hw.localFlushTlbKernelPage(vaddr);
      }
    }

    @Override
    public boolean kmapPtesLinear() {
      return linear;
    }
  }

  @Override
  public String name() {
    return "toy";
  }

  @Override
  public String description() {
    return "test architecture";
  }

  @Override
  public boolean supportsKmapLocalForceMap() {
    return true;
  }

  @Override
  public int maxCpus() {
    return 16;
  }

  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    int end = 1 + kmMaxIdx * nrCpus - 1;
    return MemoryLayout.builder()
        .pageShift(12)
        .pageOffset(PAGE_OFFSET)
        .maxLowmemBytes(LOWMEM)
        .vmallocOffset(8 << 20)
        .vmallocEnd(0xff800000L - 0x2000)
        .pkmapBase(0xff800000L)
        .lastPkmap(512)
        .fixaddrTop(FIXADDR_TOP)
        .fixaddrStart(FIXADDR_TOP - ((long) (end + 1) << 12))
        .fixKmapBegin(1)
        .fixKmapEnd(end)
        .archRegions(List.of())
        .ptrsPerPte(ptrsPerPte)
        .kmapPteTablesContiguous(contiguous)
        .build();
  }

  @Override
  public PteCodec pteCodec() {
    return Codec.INSTANCE;
  }

  @Override
  public KmapHooks hooks() {
    return hooks;
  }

  /** The toy PTE format. */
  public enum Codec implements PteCodec {
    INSTANCE;

    @Override
    public int pteBits() {
      return 32;
    }

    @Override
    public long pfnPte(long pfn, long prot) {
      if ((prot & ~0xfffL) != 0) {
        throw new IllegalArgumentException(
            String.format("pfn_pte: prot %#x has bits outside the flags of pte_t", prot));
      }
      return (pfn << 12) | prot;
    }

    @Override
    public long ptePfn(long pte) {
      return pte >>> 12;
    }

    @Override
    public boolean ptePresent(long pte) {
      return (pte & PRESENT) != 0;
    }

    @Override
    public boolean pteWrite(long pte) {
      return (pte & RW) != 0;
    }

    @Override
    public long pageKernel() {
      return PAGE_KERNEL;
    }

    @Override
    public long pgprotWritecombine(long prot) {
      return prot | WC;
    }

    @Override
    public long maxPfn() {
      return 1L << 20;
    }

    @Override
    public String describe(long pte) {
      return ((pte & PRESENT) != 0 ? "P" : "-") + ((pte & RW) != 0 ? "|RW" : "");
    }
  }
}
