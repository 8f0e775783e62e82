// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteTable;

/**
 * A deliberately broken port: a real variant whose layout, PTE codec and cache are kept, and whose
 * hooks are {@link Hooks}, which delegate to the real ones unless a test overrides a method. The
 * cross-architecture tests use it to show what the real hooks prevent.
 */
final class DelegatingVariant implements ArchVariant {

  private final ArchVariant real;
  private final String name;
  private final KmapHooks hooks;

  DelegatingVariant(ArchVariant real, String suffix, KmapHooks hooks) {
    this.real = real;
    this.name = real.name() + "-" + suffix;
    this.hooks = hooks;
  }

  /**
   * A machine on the broken variant built from the real variant's preset (with {@code config}'s
   * name replaced by the wrapper's).
   */
  static Machine machine(MachineConfig config, String suffix, KmapHooks hooks) {
    DelegatingVariant v = new DelegatingVariant(KmapSim.variant(config.arch()), suffix, hooks);
    return KmapSim.newMachine(config.toBuilder().arch(v.name()).build(), v);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return real.description() + " (hooks altered by a test)";
  }

  @Override
  public int maxCpus() {
    return real.maxCpus();
  }

  @Override
  public boolean supportsKmapLocalForceMap() {
    return real.supportsKmapLocalForceMap();
  }

  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    return real.layout(nrCpus, kmMaxIdx);
  }

  @Override
  public PteCodec pteCodec() {
    return real.pteCodec();
  }

  @Override
  public KmapHooks hooks() {
    return hooks;
  }

  @Override
  public CacheType cacheType() {
    return real.cacheType();
  }

  @Override
  public int dcacheColours() {
    return real.dcacheColours();
  }

  @Override
  public String refuseAliasingDcache() {
    return real.refuseAliasingDcache();
  }

  /** Hooks that delegate every call to a real variant's hooks; override what should break. */
  static class Hooks implements KmapHooks {
    private final KmapHooks real;

    Hooks(String variant) {
      this.real = KmapSim.variant(variant).hooks();
    }

    @Override
    public void setPte(PteCodec codec, PteTable table, long vaddr, long ptep, long pteval) {
      real.setPte(codec, table, vaddr, ptep, pteval);
    }

    @Override
    public void postMap(HardwareServices hw, long vaddr, long pteval) {
      real.postMap(hw, vaddr, pteval);
    }

    @Override
    public void preUnmap(HardwareServices hw, long vaddr) {
      real.preUnmap(hw, vaddr);
    }

    @Override
    public void postUnmap(HardwareServices hw, long vaddr) {
      real.postUnmap(hw, vaddr);
    }

    @Override
    public int mapIdx(HardwareServices hw, int idx, long pfn) {
      return real.mapIdx(hw, idx, pfn);
    }

    @Override
    public int unmapIdx(HardwareServices hw, int idx, long vaddr) {
      return real.unmapIdx(hw, idx, vaddr);
    }

    @Override
    public long highGet(HardwareServices hw, long pfn) {
      return real.highGet(hw, pfn);
    }

    @Override
    public boolean needsKmapHighGet() {
      return real.needsKmapHighGet();
    }

    @Override
    public boolean haveAtomicIomap() {
      return real.haveAtomicIomap();
    }

    @Override
    public void flushCacheKmaps(HardwareServices hw) {
      real.flushCacheKmaps(hw);
    }

    @Override
    public void kmapFlushTlb(HardwareServices hw, long vaddr) {
      real.kmapFlushTlb(hw, vaddr);
    }

    @Override
    public boolean kmapPtesLinear() {
      return real.kmapPtesLinear();
    }

    @Override
    public int getPkmapColor(long pfn) {
      return real.getPkmapColor(pfn);
    }

    @Override
    public int getNextPkmapNr(int[] lastPkmapNr, int color, int lastPkmap) {
      return real.getNextPkmapNr(lastPkmapNr, color, lastPkmap);
    }

    @Override
    public boolean noMorePkmaps(int pkmapNr, int color) {
      return real.noMorePkmaps(pkmapNr, color);
    }

    @Override
    public int getPkmapEntriesCount(int color, int lastPkmap) {
      return real.getPkmapEntriesCount(color, lastPkmap);
    }

    @Override
    public int getPkmapWaitQueueHead(int color) {
      return real.getPkmapWaitQueueHead(color);
    }
  }

  /**
   * The services of a CPU as a port that forgot its TLB flushes of kmap slots sees them: one page
   * or a range on this CPU, one page broadcast, or the whole TLB of every CPU (sparc's {@code
   * flush_tlb_all()}) does nothing; everything else goes through.
   */
  static HardwareServices withoutSlotTlbFlushes(HardwareServices hw) {
    return new HardwareServices() {
      @Override public int smpProcessorId() {
        return hw.smpProcessorId();
      }

      @Override public int kmMaxIdx() {
        return hw.kmMaxIdx();
      }

      @Override public void localFlushTlbKernelPage(long vaddr) {}

      @Override public void localFlushTlbKernelRange(long start, long end) {}

      @Override public void flushTlbKernelPageBroadcast(long vaddr) {}

      @Override public void flushTlbKernelRange(long start, long end) {
        hw.flushTlbKernelRange(start, end);
      }

      @Override public void flushTlbAll() {}

      @Override public void flushDcacheArea(long vaddr, long size) {
        hw.flushDcacheArea(vaddr, size);
      }

      @Override public void flushCacheAll() {
        hw.flushCacheAll();
      }

      @Override public void flushLazyMmuMode() {
        hw.flushLazyMmuMode();
      }

      @Override public long kmapHighGet(long pfn) {
        return hw.kmapHighGet(pfn);
      }
    };
  }
}
