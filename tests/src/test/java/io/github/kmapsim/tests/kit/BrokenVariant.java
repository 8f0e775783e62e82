// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PtePermissions;
import io.github.kmapsim.spi.PteTable;
import io.github.kmapsim.spi.ReferenceVectors;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A deliberately broken port: a real variant with its layout, PTE codec or hooks replaced by a
 * wrapper that makes one typical porting mistake, named after it. Everything else is the real
 * variant's, its reference vectors included: the kernel's values, which the port gets wrong.
 */
final class BrokenVariant implements ArchVariant {

  final String mistake;
  private final ArchVariant real;
  private final UnaryOperator<MemoryLayout> layout;
  private final PteCodec codec;
  private final KmapHooks hooks;
  private final Set<MmuBehaviour> mmu;

  BrokenVariant(String realName, String mistake, UnaryOperator<MemoryLayout> layout,
      PteCodec codec, KmapHooks hooks) {
    this(realName, mistake, layout, codec, hooks, null);
  }

  /** With MMU behaviours of its own ({@code null}: the real variant's). */
  BrokenVariant(String realName, String mistake, UnaryOperator<MemoryLayout> layout,
      PteCodec codec, KmapHooks hooks, Set<MmuBehaviour> mmu) {
    this.real = KmapSim.variant(realName);
    this.mistake = mistake;
    this.layout = layout == null ? UnaryOperator.identity() : layout;
    this.codec = codec == null ? real.pteCodec() : codec;
    this.hooks = hooks == null ? real.hooks() : hooks;
    this.mmu = mmu == null ? real.mmuBehaviours() : Set.copyOf(mmu);
  }

  @Override
  public String name() {
    return real.name() + "-broken-" + mistake;
  }

  @Override
  public String description() {
    return real.description() + " with a porting mistake: " + mistake;
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
    return layout.apply(real.layout(nrCpus, kmMaxIdx));
  }

  @Override
  public PteCodec pteCodec() {
    return codec;
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
  public Set<MmuBehaviour> mmuBehaviours() {
    return mmu;
  }

  /** The real variant's: the kernel's values, which the broken port gets wrong. */
  @Override
  public List<ReferenceVectors> referenceVectors() {
    return real.referenceVectors();
  }

  @Override
  public String refuseAliasingDcache() {
    return real.refuseAliasingDcache();
  }

  /** A layout that delegates everything; override what should break. */
  static class Layout implements MemoryLayout {
    final MemoryLayout r;

    Layout(MemoryLayout r) {
      this.r = r;
    }

    @Override public int pageShift() { return r.pageShift(); }
    @Override public long pageSize() { return r.pageSize(); }
    @Override public long pageOffset() { return r.pageOffset(); }
    @Override public long maxLowmemBytes() { return r.maxLowmemBytes(); }
    @Override public long vmallocOffset() { return r.vmallocOffset(); }
    @Override public long vmallocStart(long highMemory) { return r.vmallocStart(highMemory); }
    @Override public long vmallocEnd() { return r.vmallocEnd(); }
    @Override public long pkmapBase() { return r.pkmapBase(); }
    @Override public int lastPkmap() { return r.lastPkmap(); }
    @Override public long fixaddrTop() { return r.fixaddrTop(); }
    @Override public long fixaddrStart() { return r.fixaddrStart(); }
    @Override public int fixKmapBegin() { return r.fixKmapBegin(); }
    @Override public int fixKmapEnd() { return r.fixKmapEnd(); }
    @Override public List<Region> archRegions() { return r.archRegions(); }
    @Override public int ptrsPerPte() { return r.ptrsPerPte(); }
    @Override public boolean kmapPteTablesContiguous() { return r.kmapPteTablesContiguous(); }
    @Override public long fixToVirt(int idx) { return r.fixToVirt(idx); }
    @Override public int virtToFix(long vaddr) { return r.virtToFix(vaddr); }
  }

  /** A codec that delegates everything; override what should break. */
  static class Codec implements PteCodec {
    final PteCodec r;

    Codec(String variant) {
      this.r = KmapSim.variant(variant).pteCodec();
    }

    @Override public int pteBits() { return r.pteBits(); }
    @Override public long pfnPte(long pfn, long prot) { return r.pfnPte(pfn, prot); }
    @Override public long ptePfn(long pte) { return r.ptePfn(pte); }
    @Override public boolean ptePresent(long pte) { return r.ptePresent(pte); }
    @Override public boolean pteWrite(long pte) { return r.pteWrite(pte); }
    @Override public boolean hardwareWritable(long pte) { return r.hardwareWritable(pte); }
    @Override public boolean pteNone(long pte) { return r.pteNone(pte); }
    @Override public long emptyPte() { return r.emptyPte(); }
    @Override public void setPte(PteTable t, long ptep, long pte) { r.setPte(t, ptep, pte); }
    @Override public void pteClear(PteTable t, long ptep) { r.pteClear(t, ptep); }
    @Override public long pageKernel() { return r.pageKernel(); }
    @Override public long pgprotWritecombine(long prot) { return r.pgprotWritecombine(prot); }
    @Override public long kmapProt() { return r.kmapProt(); }
    @Override public long maxPfn() { return r.maxPfn(); }
    @Override public long hardwarePte(long pte) { return r.hardwarePte(pte); }
    @Override public String describe(long pte) { return r.describe(pte); }
    @Override public PtePermissions hardwarePermissions(long pte) {
      return r.hardwarePermissions(pte);
    }
    @Override public boolean kmapProtExecutable() { return r.kmapProtExecutable(); }
  }

  /** Hooks that delegate everything; override what should break. */
  static class Hooks implements KmapHooks {
    final KmapHooks r;

    Hooks(String variant) {
      this.r = KmapSim.variant(variant).hooks();
    }

    @Override public void setPte(PteCodec c, PteTable t, long va, long ptep, long pte) {
      r.setPte(c, t, va, ptep, pte);
    }
    @Override public void postMap(HardwareServices hw, long va, long pte) { r.postMap(hw, va, pte); }
    @Override public void preUnmap(HardwareServices hw, long va) { r.preUnmap(hw, va); }
    @Override public void postUnmap(HardwareServices hw, long va) { r.postUnmap(hw, va); }
    @Override public int mapIdx(HardwareServices hw, int idx, long pfn) { return r.mapIdx(hw, idx, pfn); }
    @Override public int unmapIdx(HardwareServices hw, int idx, long va) { return r.unmapIdx(hw, idx, va); }
    @Override public long highGet(HardwareServices hw, long pfn) { return r.highGet(hw, pfn); }
    @Override public boolean needsKmapHighGet() { return r.needsKmapHighGet(); }
    @Override public boolean haveAtomicIomap() { return r.haveAtomicIomap(); }
    @Override public void flushCacheKmaps(HardwareServices hw) { r.flushCacheKmaps(hw); }
    @Override public void kmapFlushTlb(HardwareServices hw, long va) { r.kmapFlushTlb(hw, va); }
    @Override public boolean kmapPtesLinear() { return r.kmapPtesLinear(); }
    @Override public int getPkmapColor(long pfn) { return r.getPkmapColor(pfn); }
    @Override public int getNextPkmapNr(int[] last, int color, int lastPkmap) {
      return r.getNextPkmapNr(last, color, lastPkmap);
    }
    @Override public boolean noMorePkmaps(int nr, int color) { return r.noMorePkmaps(nr, color); }
    @Override public int getPkmapEntriesCount(int color, int lastPkmap) {
      return r.getPkmapEntriesCount(color, lastPkmap);
    }
    @Override public int getPkmapWaitQueueHead(int color) { return r.getPkmapWaitQueueHead(color); }
  }
}
