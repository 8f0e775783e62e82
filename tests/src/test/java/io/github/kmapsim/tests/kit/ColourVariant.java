// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;

/**
 * A colour-aware port for the kit's colour rule: x86's PTEs and hooks with a D-cache of
 * {@value #COLOURS} page colours, mapped the way xtensa's {@code kmap_idx()} does it
 * ({@code arch/xtensa/mm/highmem.c}, v5.11): each CPU owns {@code KM_MAX_IDX * DCACHE_N_COLORS}
 * slots and a page goes to the one of its colour, {@code DCACHE_N_COLORS - 1 - color} from the
 * top because the fixmap grows down. As on xtensa, FIX_KMAP_BEGIN is placed so that
 * {@code FIXADDR_TOP + PAGE_SIZE} is colour aligned, and pkmap takes xtensa's colour hooks: a scan,
 * a wrap and a wait queue per colour. {@code offByOne} makes tglx's first
 * version of the fix, {@code DCACHE_N_COLORS - color}, which Max Filippov corrected.
 */
final class ColourVariant implements ArchVariant {
  static final int COLOURS = 4;
  private final ArchVariant x86 = KmapSim.variant("x86");
  private final boolean offByOne;

  ColourVariant(boolean offByOne) {
    this.offByOne = offByOne;
  }

  @Override
  public String name() {
    return offByOne ? "x86-colour4-broken-colour-offset-off-by-one" : "x86-colour4";
  }

  @Override
  public String description() {
    return "x86 with a " + COLOURS + "-colour D-cache and xtensa's kmap_idx"
        + (offByOne ? ", colour offset DCACHE_N_COLORS - color" : "");
  }

  @Override
  public int maxCpus() {
    return (x86.maxCpus() - 1) / COLOURS;
  }

  @Override
  public int dcacheColours() {
    return COLOURS;
  }

  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    MemoryLayout room = x86.layout(nrCpus * COLOURS + 1, kmMaxIdx); // one CPU's worth spare
    long topVpn = room.fixaddrTop() >>> room.pageShift();
    int begin = room.fixKmapBegin();
    while ((topVpn - begin + 1) % COLOURS != 0) {
      begin++;
    }
    int first = begin;
    return new BrokenVariant.Layout(room) {
      @Override public int fixKmapBegin() {
        return first;
      }

      @Override public int fixKmapEnd() {
        return first + kmMaxIdx * nrCpus * COLOURS - 1;
      }
    };
  }

  @Override
  public PteCodec pteCodec() {
    return x86.pteCodec();
  }

  @Override
  public KmapHooks hooks() {
    return new BrokenVariant.Hooks("x86") {
      @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
        return kmapIdx(hw, idx, pfn);
      }

      @Override public int unmapIdx(HardwareServices hw, int idx, long vaddr) {
        return kmapIdx(hw, idx, vaddr >>> 12);
      }

      // xtensa's pkmap colour hooks (asm/highmem.h, 15de36a4c3cf)
      @Override public int getPkmapColor(long pfn) {
        return (int) (pfn & (COLOURS - 1));
      }

      @Override public int getNextPkmapNr(int[] last, int color, int lastPkmap) {
        last[color] = (last[color] + COLOURS) & (lastPkmap - 1);
        return last[color] + color;
      }

      @Override public boolean noMorePkmaps(int nr, int color) {
        return nr < COLOURS;
      }

      @Override public int getPkmapEntriesCount(int color, int lastPkmap) {
        return lastPkmap / COLOURS;
      }

      @Override public int getPkmapWaitQueueHead(int color) {
        return color;
      }
    };
  }

  /** {@code kmap_idx(type, DCACHE_ALIAS(page << PAGE_SHIFT))}. */
  private int kmapIdx(HardwareServices hw, int type, long pageNumber) {
    int colour = (int) (pageNumber & (COLOURS - 1));
    int idx = (type + hw.kmMaxIdx() * hw.smpProcessorId()) * COLOURS;
    return idx + COLOURS - (offByOne ? 0 : 1) - colour;
  }
}
