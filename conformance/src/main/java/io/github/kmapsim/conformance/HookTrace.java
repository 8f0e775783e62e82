// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteTable;
import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ServiceCall;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The hook trace of a port: the {@link HardwareServices} calls its hooks make during the reference
 * operations ({@link ReferenceVectors}, {@link Operation}), each with the hook (phase) it is made
 * from and the CPU it runs on. The port runs on a real machine with its hooks wrapped: each hook
 * is handed {@link RecordingHardwareServices#around} the CPU's services and otherwise does what it
 * does.
 */
final class HookTrace {

  /**
   * One call the port made.
   *
   * @param phase the hook that made it
   * @param cpu the CPU it ran on
   * @param call the service and its arguments
   */
  record Call(Phase phase, int cpu, ServiceCall call) {
    /** {@code arch_kmap_local_post_unmap: CPU1 localFlushTlbKernelPage(0xfffaa000)}. */
    @Override
    public String toString() {
      return phase.kernelName() + ": CPU" + cpu + " " + call;
    }
  }

  /** The calls of each operation, and the operation's address. */
  private final Map<Operation, List<Call>> calls = new EnumMap<>(Operation.class);
  private final Map<Operation, Long> addresses = new EnumMap<>(Operation.class);
  private final int cpu;

  private HookTrace(int cpu) {
    this.cpu = cpu;
  }

  /** The calls made during an operation, in order; empty when it made none. */
  List<Call> calls(Operation op) {
    return calls.getOrDefault(op, List.of());
  }

  /** The address the operation mapped, unmapped or kmapped. */
  long address(Operation op) {
    return addresses.getOrDefault(op, -1L);
  }

  /** The CPU the operations ran on: {@code min(1, NR_CPUS - 1)}. */
  int cpu() {
    return cpu;
  }

  /**
   * Runs the reference operations on a machine of the variant built with {@code nrCpus} and
   * DEBUG_KMAP_LOCAL on or off, and records the hook calls of each.
   */
  static HookTrace record(ArchVariant variant, int nrCpus, boolean debug) {
    List<Call> sink = new ArrayList<>();
    ArchVariant traced = new Traced(variant, new TracingHooks(variant.hooks(), sink));
    Machine m = Subject.machine(traced, nrCpus, debug, MachineConfig.DEFAULT_MEMORY);
    int c = Math.min(1, nrCpus - 1);
    HookTrace t = new HookTrace(c);
    int colours = variant.dcacheColours();
    long pfn = (m.maxLowPfn() + colours - 1) / colours * colours;
    Page p = m.page(pfn);
    Cpu cpu = m.cpu(c);
    Task a = m.createTask("trace-a", c);
    Task b = m.createTask("trace-b", c);
    Task idle = cpu.current();
    m.schedule(c, a);
    sink.clear();
    long va = cpu.kmapLocalPage(p);
    t.keep(Operation.MAP, sink, va);
    m.schedule(c, b);
    t.keep(Operation.SCHED_OUT, sink, va);
    m.schedule(c, a);
    t.keep(Operation.SCHED_IN, sink, va);
    cpu.kunmapLocal(va);
    t.keep(Operation.UNMAP, sink, va);
    if (m.layout().lastPkmap() > 0) {
      long pk = cpu.kmap(p).vaddr();
      t.keep(Operation.KMAP, sink, pk);
      cpu.kunmap(p);
      long flushes = m.counters().pkmapFlushes();
      for (int i = 1; i <= 2 * m.layout().lastPkmap() + 2; i++) {
        Page q = m.page(pfn + (long) colours * i);
        sink.clear();
        long qa = cpu.kmap(q).vaddr();
        boolean wrapped = m.counters().pkmapFlushes() > flushes;
        if (wrapped) {
          t.keep(Operation.PKMAP_WRAP, sink, qa);
        }
        cpu.kunmap(q);
        if (wrapped) {
          break;
        }
      }
    }
    m.schedule(c, idle);
    return t;
  }

  private void keep(Operation op, List<Call> sink, long address) {
    calls.put(op, List.copyOf(sink));
    addresses.put(op, address);
    sink.clear();
  }

  /** The variant with its hooks traced; everything else is the variant's own. */
  private static final class Traced implements ArchVariant {
    private final ArchVariant v;
    private final KmapHooks hooks;

    Traced(ArchVariant v, KmapHooks hooks) {
      this.v = v;
      this.hooks = hooks;
    }

    @Override public String name() { return v.name(); }
    @Override public String description() { return v.description(); }
    @Override public int maxCpus() { return v.maxCpus(); }
    @Override public MemoryLayout layout(int nrCpus, int kmMaxIdx) { return v.layout(nrCpus, kmMaxIdx); }
    @Override public PteCodec pteCodec() { return v.pteCodec(); }
    @Override public KmapHooks hooks() { return hooks; }
    @Override public CacheType cacheType() { return v.cacheType(); }
    @Override public int dcacheColours() { return v.dcacheColours(); }
    @Override public boolean supportsKmapLocalForceMap() { return v.supportsKmapLocalForceMap(); }
    @Override public Set<MmuBehaviour> mmuBehaviours() { return v.mmuBehaviours(); }
    @Override public List<ReferenceVectors> referenceVectors() { return v.referenceVectors(); }
    @Override public String refuseAliasingDcache() { return v.refuseAliasingDcache(); }
  }

  /**
   * The port's hooks, each handed services that record; the calls go to the sink with the hook's
   * phase. Every hook is overridden (so the core takes none of its inline defaults) and delegates.
   */
  private static final class TracingHooks implements KmapHooks {
    private final KmapHooks r;
    private final List<Call> sink;

    TracingHooks(KmapHooks r, List<Call> sink) {
      this.r = r;
      this.sink = sink;
    }

    private <T> T traced(Phase phase, HardwareServices hw, Function<HardwareServices, T> hook) {
      RecordingHardwareServices rec = RecordingHardwareServices.around(hw);
      try {
        return hook.apply(rec);
      } finally {
        for (ServiceCall c : rec.calls()) {
          sink.add(new Call(phase, hw.smpProcessorId(), c));
        }
      }
    }

    @Override public void setPte(PteCodec c, PteTable t, long va, long ptep, long pte) {
      r.setPte(c, t, va, ptep, pte);
    }

    @Override public void postMap(HardwareServices hw, long va, long pte) {
      traced(Phase.POST_MAP, hw, s -> {
        r.postMap(s, va, pte);
        return null;
      });
    }

    @Override public void preUnmap(HardwareServices hw, long va) {
      traced(Phase.PRE_UNMAP, hw, s -> {
        r.preUnmap(s, va);
        return null;
      });
    }

    @Override public void postUnmap(HardwareServices hw, long va) {
      traced(Phase.POST_UNMAP, hw, s -> {
        r.postUnmap(s, va);
        return null;
      });
    }

    @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
      return traced(Phase.MAP_IDX, hw, s -> r.mapIdx(s, idx, pfn));
    }

    @Override public int unmapIdx(HardwareServices hw, int idx, long va) {
      return traced(Phase.UNMAP_IDX, hw, s -> r.unmapIdx(s, idx, va));
    }

    @Override public long highGet(HardwareServices hw, long pfn) {
      return traced(Phase.HIGH_GET, hw, s -> r.highGet(s, pfn));
    }

    @Override public boolean needsKmapHighGet() { return r.needsKmapHighGet(); }
    @Override public boolean haveAtomicIomap() { return r.haveAtomicIomap(); }
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

    @Override public void flushCacheKmaps(HardwareServices hw) {
      traced(Phase.FLUSH_CACHE_KMAPS, hw, s -> {
        r.flushCacheKmaps(s);
        return null;
      });
    }

    @Override public void kmapFlushTlb(HardwareServices hw, long va) {
      traced(Phase.KMAP_FLUSH_TLB, hw, s -> {
        r.kmapFlushTlb(s, va);
        return null;
      });
    }
  }
}
