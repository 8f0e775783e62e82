// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.hw.Hardware;
import io.github.kmapsim.core.hw.KernelPageTable;
import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.Scheduler;
import io.github.kmapsim.core.sched.SimTask;
import io.github.kmapsim.core.sched.TaskKmaps;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.Capability;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The consolidated kmap_local code of {@code mm/highmem.c}, step for step: the per-task slot
 * stack, map, unmap, and the context-switch save and restore. Every architecture-specific step
 * goes through the variant's {@link KmapHooks}, {@link PteCodec} and {@link MemoryLayout}.
 *
 * <p>BUG-class checks are made before anything changes, so a failed call leaves the machine as it
 * was; WARN-class checks report and go on as the kernel goes on.
 */
public final class KmapLocal implements TaskKmaps {
  /** A PTE location outside the page table. */
  private static final int STRAY = -1;

  /** {@link #checkInvariants}' scratch: the expected PTE and liveness of each slot of a CPU. */
  private final int nrCpus;
  private final long[] checkExpected;
  private final boolean[] checkLive;
  /**
   * Every CPU's kmap slot addresses, {@code __fix_to_virt(FIX_KMAP_BEGIN + n)} in order, computed
   * by the first check.
   */
  private long[] slotAddresses;

  private final String archName;
  private final int dcacheColours;
  private final Hardware hw;
  private final Scheduler scheduler;
  private final Pkmap pkmap;
  private final PteCodec codec;
  private final KmapHooks hooks;
  private final MemoryLayout layout;
  private final KernelPageTable pt;
  private final Events events;
  private final Reporter reporter;
  private final int kmMaxIdx;
  private final int kmIncr;
  private final boolean debug;
  private final boolean forceMap;
  /** CONFIG_PREEMPT_RT: kmap_atomic disables migration, not preemption. */
  private final boolean preemptRt;
  private final boolean linear;
  private final int fixKmapBegin;
  private final int fixKmapEnd;
  private final int pageShift;
  private final long pageMask;
  private final long pageOffset;
  private final KmapWindow window;
  /** {@code __kmap_pte}: the table index of the PTE of {@code __fix_to_virt(FIX_KMAP_BEGIN)}. */
  private final int kmapPte;
  /** How far {@code __kmap_pte - idx} may go before it leaves the PTE table of __kmap_pte. */
  private final int kmapPteRoom;
  private final boolean tablesContiguous;
  /** The hooks keep the default map_idx/unmap_idx: the index is {@code kmap_local_calc_idx}. */
  private final boolean defaultIdx;
  /** The hooks keep the default arch_kmap_local_high_get (NULL). */
  private final boolean noHighGet;
  /** The layout keeps asm-generic {@code __fix_to_virt}: {@code kmapBase - (idx << PAGE_SHIFT)}. */
  private final boolean genericFixmap;
  /** {@code __fix_to_virt(FIX_KMAP_BEGIN)}. */
  private final long kmapBase;
  /** The codec keeps the generic set_pte and pte_clear. */
  private final boolean plainPteOps;
  /** The hooks keep the default arch_kmap_local_set_pte, set_pte_at. */
  private final boolean defaultKmapSetPte;
  private final long emptyPte;
  /** {@code kmap_prot}. */
  private final long kmapProt;
  /** The lowmem shortcut's bound: max_low_pfn, or 0 under DEBUG_KMAP_LOCAL_FORCE_MAP. */
  private final long shortcutEnd;
  /** The checker's view of each map and unmap ({@link KmapObserver#NONE} until installed). */
  private KmapObserver observer = KmapObserver.NONE;
  /**
   * Every step at its kernel default: {@code kmap_local_calc_idx}, asm-generic
   * {@code __fix_to_virt}, generic set_pte and pte_clear, {@code arch_kmap_local_set_pte} left
   * to set_pte_at, PTE stores that are plain stores ({@link Hardware#plainPteStores}), and
   * linear kmap PTEs that never leave
   * the page table or the PTE table of {@code __kmap_pte}. Map and unmap then take
   * {@link #mapDefault} and {@link #unmapDefault} when nobody listens.
   */
  private final boolean defaults;

  /**
   * @param maxLowPfn {@code max_low_pfn}
   * @param pkmap the persistent kmap pool, for {@code kmap_high_unmap_local}
   */
  public KmapLocal(MachineConfig config, ArchVariant arch, MemoryLayout layout, long maxLowPfn,
      Hardware hw, Scheduler scheduler, Pkmap pkmap, Events events, Reporter reporter) {
    this.archName = arch.name();
    this.dcacheColours = arch.dcacheColours();
    this.hw = hw;
    this.scheduler = scheduler;
    this.pkmap = pkmap;
    this.codec = arch.pteCodec();
    this.hooks = arch.hooks();
    this.layout = layout;
    this.pt = hw.pageTable();
    this.events = events;
    this.reporter = reporter;
    this.kmMaxIdx = config.kmMaxIdx();
    this.nrCpus = config.cpus();
    this.checkExpected = new long[kmMaxIdx * dcacheColours];
    this.checkLive = new boolean[kmMaxIdx * dcacheColours];
    this.kmIncr = config.kmIncr();
    this.debug = config.debugKmapLocal();
    this.forceMap = config.forceMap();
    this.preemptRt = config.preemptRt();
    this.linear = hooks.kmapPtesLinear();
    this.fixKmapBegin = layout.fixKmapBegin();
    this.fixKmapEnd = layout.fixKmapEnd();
    this.pageShift = layout.pageShift();
    this.pageMask = -layout.pageSize();
    this.pageOffset = layout.pageOffset();
    long a = layout.fixToVirt(fixKmapBegin);
    this.window = KmapWindow.of(layout);
    this.kmapPte = pt.indexOf(a >>> pageShift);
    this.kmapPteRoom = (int) ((a >>> pageShift) & (layout.ptrsPerPte() - 1));
    this.tablesContiguous = layout.kmapPteTablesContiguous();
    Set<Capability> caps = Capability.of(hooks, codec, layout);
    this.defaultIdx = !caps.contains(Capability.MAP_IDX) && !caps.contains(Capability.UNMAP_IDX);
    this.noHighGet = !caps.contains(Capability.HIGH_GET);
    this.genericFixmap = !caps.contains(Capability.FIX_TO_VIRT);
    this.kmapBase = a;
    this.plainPteOps = !caps.contains(Capability.SET_PTE) && !caps.contains(Capability.PTE_CLEAR);
    this.defaultKmapSetPte = !caps.contains(Capability.KMAP_SET_PTE);
    this.emptyPte = codec.emptyPte();
    this.kmapProt = codec.kmapProt();
    this.shortcutEnd = forceMap ? 0 : maxLowPfn;
    int maxIdx = config.cpus() * kmMaxIdx - 1;
    this.defaults = defaultIdx && genericFixmap && plainPteOps && defaultKmapSetPte && linear
        && hw.plainPteStores()
        && (tablesContiguous || maxIdx <= kmapPteRoom)
        && kmapPte - maxIdx >= 0 && kmapPte < pt.size();
  }

  /** Installs the checker's observer of every local map and unmap. */
  public void install(KmapObserver o) {
    observer = o;
  }

  /** The installed observer, which also checks the helpers' bulk accesses. */
  KmapObserver observer() {
    return observer;
  }

  /** {@code __fix_to_virt(FIX_KMAP_BEGIN + idx)}. */
  private long fixToVirt(int idx) {
    return genericFixmap ? kmapBase - ((long) idx << pageShift) : layout.fixToVirt(fixKmapBegin + idx);
  }

  /** {@code arch_kmap_local_map_idx(slot, pfn)}, checked against the kmap window. */
  private int mapIdx(SchedCpu cpu, int slot, long pfn) {
    return defaultIdx
        ? slot + cpu.kmapStride()
        : fixIdx(hooks.mapIdx(cpu.hw().services(), slot, pfn), "arch_kmap_local_map_idx", slot);
  }

  /** {@code arch_kmap_local_unmap_idx(slot, vaddr)}, checked against the kmap window. */
  private int unmapIdx(SchedCpu cpu, int slot, long vaddr) {
    return defaultIdx
        ? slot + cpu.kmapStride()
        : fixIdx(hooks.unmapIdx(cpu.hw().services(), slot, vaddr), "arch_kmap_local_unmap_idx", slot);
  }

  /**
   * {@code __kmap_local_page_prot()}: a lowmem page returns its direct-map address (no push, no
   * migrate_disable) unless DEBUG_KMAP_LOCAL_FORCE_MAP; then {@code arch_kmap_local_high_get()}
   * may hand back an existing mapping; otherwise a new local mapping. With {@code atomic} it is
   * {@code kmap_atomic_prot()} (include/linux/highmem-internal.h): preempt_disable (migrate_disable
   * on PREEMPT_RT) and pagefault_disable first, made here once every check has passed, so that a
   * refused call changes nothing.
   *
   * @throws io.github.kmapsim.api.KmapException {@code BAD_ARGUMENT} for a protection
   *     {@code pfn_pte} cannot encode, before anything else
   */
  public long kmapLocalPageProt(SchedCpu cpu, long pfn, long prot, boolean atomic) {
    if (prot != kmapProt) {
      pteFor(cpu, cpu.currentTask(), pfn, prot);
    }
    if (pfn < shortcutEnd) {
      if (atomic) {
        kmapAtomicEnter(cpu);
      }
      cpu.counters().lowmemShortcuts++;
      long vaddr = pageOffset + (pfn << pageShift);
      observer.mapped(cpu, cpu.currentTask(), -1, vaddr, pfn, atomic);
      return vaddr;
    }
    if (!noHighGet) {
      long existing = hooks.highGet(cpu.hw().services(), pfn);
      if (existing != 0) {
        if (atomic) {
          kmapAtomicEnter(cpu);
        }
        observer.mapped(cpu, cpu.currentTask(), -1, existing, pfn, atomic);
        return existing;
      }
    }
    return kmapLocalPfnProt(cpu, pfn, prot, atomic);
  }

  /**
   * {@code __kmap_local_pfn_prot()}: migrate_disable, preempt_disable, push
   * ({@code kmap_local_idx_push}, BUG when the incremented index reaches KM_MAX_IDX),
   * {@code arch_kmap_local_map_idx}, BUG unless the slot PTE is none, set the PTE with
   * {@code arch_kmap_local_set_pte}, the post_map hook, record the pteval, preempt_enable.
   * Migration stays disabled until the unmap. With {@code atomic}, kmap_atomic's
   * preempt_disable (migrate_disable on PREEMPT_RT) and pagefault_disable come first. Everything that can fail ({@code pfn_pte},
   * the push, the PTE check) is checked before anything changes, and the push's hardirq WARN is
   * reported after them.
   */
  public long kmapLocalPfnProt(SchedCpu cpu, long pfn, long prot, boolean atomic) {
    SimTask task = cpu.currentTask();
    int newIdx = task.kmapIdx + kmIncr;
    if (newIdx >= kmMaxIdx) {
      throw overflow(cpu, task, newIdx);
    }
    long pteval = pteFor(cpu, task, pfn, prot);
    return defaults && !events.active()
        ? mapDefault(cpu, task, newIdx, pfn, pteval, atomic)
        : map(cpu, task, newIdx, pfn, pteval, atomic);
  }

  /** {@code pfn_pte(pfn, prot)}; a protection the codec cannot encode is a bad argument. */
  private long pteFor(SchedCpu cpu, SimTask task, long pfn, long prot) {
    try {
      return codec.pfnPte(pfn, prot);
    } catch (IllegalArgumentException e) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, cpu, task, String.format(
          "prot 0x%x: %s", prot, e.getMessage()));
    }
  }

  /**
   * The rest of {@code __kmap_local_pfn_prot()} after the push checks, every step through the
   * hooks, the layout and the codec, with the listener events.
   */
  private long map(SchedCpu cpu, SimTask task, int newIdx, long pfn, long pteval,
      boolean atomic) {
    int slot = newIdx - 1;
    int idx = mapIdx(cpu, slot, pfn);
    long vaddr = fixToVirt(idx);
    int pte = kmapGetPte(cpu, task, vaddr, idx);
    if (pte != STRAY && !codec.pteNone(pt.get(pte))) {
      throw notNone(cpu, task, slot, vaddr, pt.get(pte));
    }
    if (cpu.nested()) {
      checkPushContext(cpu, task);
    }
    if (atomic) {
      kmapAtomicEnter(cpu);
    }
    task.migrationDisabled++;
    task.preemptCount++;
    task.kmapIdx = newIdx;
    task.positionsUsed |= 1L << slot;
    kmapLocalSetPte(cpu, pte, vaddr, pteval);
    hooks.postMap(cpu.hw().services(), vaddr, pteval);
    task.pteval[slot] = pteval;
    task.preemptCount--;
    cpu.counters().localMaps++;
    if (events.active()) {
      events.mapped(cpu.id(), task, slot, vaddr, pfn, pteval);
    }
    observer.mapped(cpu, task, slot, vaddr, pfn, atomic);
    return vaddr;
  }

  /**
   * {@link #map} with every step at its kernel default ({@link #defaults}) and no listener:
   * {@code __kmap_pte - idx} is the slot's PTE, and the generic set_pte is a counted store.
   */
  private long mapDefault(SchedCpu cpu, SimTask task, int newIdx, long pfn, long pteval,
      boolean atomic) {
    int slot = newIdx - 1;
    int idx = slot + cpu.kmapStride();
    long vaddr = kmapBase - ((long) idx << pageShift);
    int pte = kmapPte - idx;
    long old = pt.get(pte);
    if (!codec.pteNone(old)) {
      throw notNone(cpu, task, slot, vaddr, old);
    }
    if (cpu.nested()) {
      checkPushContext(cpu, task);
    }
    if (atomic) {
      kmapAtomicEnter(cpu);
    }
    task.migrationDisabled++;
    task.preemptCount++;
    task.kmapIdx = newIdx;
    task.positionsUsed |= 1L << slot;
    CpuCounters counters = cpu.counters();
    pt.set(pte, pteval);
    counters.pteWrites++;
    hooks.postMap(cpu.hw().services(), vaddr, pteval);
    task.pteval[slot] = pteval;
    task.preemptCount--;
    counters.localMaps++;
    observer.mapped(cpu, task, slot, vaddr, pfn, atomic);
    return vaddr;
  }

  /**
   * Checks, without changing anything, that local maps of {@code pfn1} and then (unless it is
   * -1) {@code pfn2} would succeed: room on the kmap stack and a none PTE in each slot they would
   * take, counting every page kmap_local would not answer with its direct-map address (so it is
   * conservative where {@code arch_kmap_local_high_get} could hand back a pkmap address). The
   * highmem.h helpers call it before they map anything, so that they never fail half-way with a
   * slot left mapped.
   */
  public void checkMaps(SchedCpu cpu, long pfn1, long pfn2) {
    SimTask task = cpu.currentTask();
    int idx = task.kmapIdx;
    for (int k = 0; k < 2; k++) {
      long pfn = k == 0 ? pfn1 : pfn2;
      if (pfn < 0 || pfn < shortcutEnd) {
        continue;
      }
      idx += kmIncr;
      if (idx >= kmMaxIdx) {
        throw overflow(cpu, task, idx);
      }
      int slot = idx - 1;
      int fix = mapIdx(cpu, slot, pfn);
      long vaddr = fixToVirt(fix);
      int pte = !linear ? pt.indexOf(vaddr >>> pageShift)
          : fix <= kmapPteRoom || tablesContiguous ? kmapPte - fix : STRAY;
      if (pte != STRAY && !codec.pteNone(pt.get(pte))) {
        throw notNone(cpu, task, slot, vaddr, pt.get(pte));
      }
    }
  }

  /**
   * {@code kunmap_local_indexed()}: an address outside the kmap window is a lowmem (or user)
   * address and returns early; otherwise WARN unless it is the top slot, then pre_unmap, clear
   * the PTE, post_unmap, clear the pteval, pop, preempt_enable, migrate_enable. After a
   * wrong-order WARN the kernel clears the top slot's PTE when the kmap PTEs are linear, and the
   * given address's PTE when they are not; the hooks always get the given address.
   */
  public void kunmapLocalIndexed(SchedCpu cpu, long vaddr) {
    long addr = vaddr & pageMask;
    SimTask task = cpu.currentTask();
    // a port's own layout may put its kmap window past 4 GiB (a mistake the conformance kit
    // names); its addresses are still this machine's, and unmapping them shows the consequences
    if (vaddr >>> 32 != 0 && !window.contains(addr)) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, cpu, task, String.format(
          "kunmap_local(0x%x): not a 32-bit virtual address", vaddr));
    }
    if (!window.contains(addr)) {
      outsideWindow(cpu, task, vaddr, addr);
      observer.unmapped(cpu, task, -1, vaddr);
      return;
    }
    if (task.kmapIdx == 0) {
      throw underflow(cpu, task, vaddr);
    }
    if (defaults && !events.active()) {
      unmapDefault(cpu, task, vaddr, addr);
    } else {
      unmap(cpu, task, vaddr, addr);
    }
  }

  /**
   * The rest of {@code kunmap_local_indexed()} for an address in the window, every step through
   * the hooks, the layout and the codec, with the listener events.
   */
  private void unmap(SchedCpu cpu, SimTask task, long vaddr, long addr) {
    int top = task.kmapIdx - 1;
    int idx = unmapIdx(cpu, top, addr);
    long expected = fixToVirt(idx);
    if (addr != expected) {
      wrongOrder(cpu, task, vaddr, top, expected);
    }
    task.preemptCount++;
    int pte = kmapGetPte(cpu, task, addr, idx);
    hooks.preUnmap(cpu.hw().services(), addr);
    clearPte(cpu, pte);
    hooks.postUnmap(cpu.hw().services(), addr);
    task.pteval[top] = 0;
    task.kmapIdx -= kmIncr;
    if (task.kmapIdx == 0) {
      task.positionsUsed = 0;
    }
    task.preemptCount--;
    if (task.migrationDisabled > 0) {
      task.migrationDisabled--;
    }
    cpu.counters().localUnmaps++;
    if (events.active()) {
      events.unmapped(cpu.id(), task, top, addr);
    }
    observer.unmapped(cpu, task, top, addr);
  }

  /**
   * {@link #unmap} with every step at its kernel default ({@link #defaults}) and no listener:
   * the top slot's PTE is cleared, which is also the linear kernel's choice after a wrong-order
   * WARN.
   */
  private void unmapDefault(SchedCpu cpu, SimTask task, long vaddr, long addr) {
    int top = task.kmapIdx - 1;
    int idx = top + cpu.kmapStride();
    long expected = kmapBase - ((long) idx << pageShift);
    if (addr != expected) {
      wrongOrder(cpu, task, vaddr, top, expected);
    }
    task.preemptCount++;
    CpuCounters counters = cpu.counters();
    hooks.preUnmap(cpu.hw().services(), addr);
    counters.pteClears++;
    pt.set(kmapPte - idx, emptyPte);
    counters.pteWrites++;
    hooks.postUnmap(cpu.hw().services(), addr);
    task.pteval[top] = 0;
    task.kmapIdx -= kmIncr;
    if (task.kmapIdx == 0) {
      task.positionsUsed = 0;
    }
    task.preemptCount--;
    if (task.migrationDisabled > 0) {
      task.migrationDisabled--;
    }
    counters.localUnmaps++;
    observer.unmapped(cpu, task, top, addr);
  }

  private RuntimeException overflow(SchedCpu cpu, SimTask task, int newIdx) {
    return reporter.fail(DiagnosticCode.STACK_OVERFLOW, cpu, task, String.format(
        "kmap_local_idx_push: kmap_ctrl.idx would become %d >= KM_MAX_IDX %d: too many nested"
            + " local kmaps (the limit is %d)", newIdx, kmMaxIdx, (kmMaxIdx - 1) / kmIncr));
  }

  private void checkPushContext(SchedCpu cpu, SimTask task) {
    if (cpu.inHardirq() && !cpu.irqsDisabled()) {
      reporter.warn(DiagnosticCode.PUSH_HARDIRQ_IRQS_ON, cpu, task,
          "kmap_local_idx_push in hardirq context with interrupts enabled");
    }
  }

  private RuntimeException notNone(SchedCpu cpu, SimTask task, int slot, long vaddr, long old) {
    return reporter.fail(DiagnosticCode.PTE_NOT_NONE, cpu, task, String.format(
        "__kmap_local_pfn_prot: the PTE of slot %d (0x%08x) is %s, not none: a previous unmap"
            + " did not clear it", slot, vaddr, PteFormat.hex(codec, old)));
  }

  private void outsideWindow(SchedCpu cpu, SimTask task, long vaddr, long addr) {
    if (forceMap) {
      reporter.warn(DiagnosticCode.UNMAP_OUTSIDE_WINDOW, cpu, task, String.format(
          "kunmap_local(0x%08x) is outside the kmap window [0x%08x, 0x%08x), and FORCE_MAP maps"
              + " every page there", vaddr, window.start(), window.end()));
    } else if (!kmapHighUnmapLocal(cpu, task, addr) && addr < pageOffset) {
      reporter.warn(DiagnosticCode.UNMAP_USER_ADDRESS, cpu, task, String.format(
          "kunmap_local(0x%08x): a user address, below PAGE_OFFSET 0x%08x", vaddr, pageOffset));
    }
  }

  private RuntimeException underflow(SchedCpu cpu, SimTask task, long vaddr) {
    return reporter.fail(DiagnosticCode.STACK_UNDERFLOW, cpu, task, String.format(
        "kunmap_local(0x%08x) with an empty kmap stack: kmap_local_idx_pop would take"
            + " kmap_ctrl.idx below 0", vaddr));
  }

  /** Refuses an address never mapped; otherwise the kernel's WARN, and the unmap goes on. */
  private void wrongOrder(SchedCpu cpu, SimTask task, long vaddr, int top, long expected) {
    long addr = vaddr & pageMask;
    if (!everMapped(cpu, task, addr)) {
      throw reporter.fail(DiagnosticCode.NOT_MAPPED, cpu, task, String.format(
          "kunmap_local(0x%08x): %s has not mapped this address since its kmap stack was last"
              + " empty", vaddr, task.name()));
    }
    reporter.warn(DiagnosticCode.UNMAP_NOT_TOP, cpu, task, String.format(
        "kunmap_local(0x%08x) is not the top slot %d at 0x%08x: local kmaps must be undone in"
            + " reverse order", vaddr, top, expected));
  }

  /**
   * {@code __kmap_local_sched_out()}: clears every live slot of the outgoing task through the
   * unmap hooks. Guard slots are skipped (and must hold nothing); the fixmap index is recomputed
   * from the pfn in the pteval ("a horrible hack for XTENSA").
   *
   * @return the number of slots cleared
   */
  @Override
  public int schedOut(SchedCpu cpu, SimTask task) {
    int n = 0;
    for (int i = 0; i < task.kmapIdx; i++) {
      long pteval = task.pteval[i];
      if (skipAtSwitch(cpu, task, i, pteval, "__kmap_local_sched_out")) {
        continue;
      }
      int idx = mapIdx(cpu, i, codec.ptePfn(pteval));
      long addr = fixToVirt(idx);
      hooks.preUnmap(cpu.hw().services(), addr);
      clearPte(cpu, kmapGetPte(cpu, task, addr, idx));
      hooks.postUnmap(cpu.hw().services(), addr);
      n++;
    }
    return n;
  }

  /**
   * {@code __kmap_local_sched_in()}: re-installs every live slot of the incoming task from its
   * pteval array with plain {@code set_pte_at()} (not {@code arch_kmap_local_set_pte}), then the
   * post_map hook.
   *
   * @return the number of slots restored
   */
  @Override
  public int schedIn(SchedCpu cpu, SimTask task) {
    int n = 0;
    for (int i = 0; i < task.kmapIdx; i++) {
      long pteval = task.pteval[i];
      if (skipAtSwitch(cpu, task, i, pteval, "__kmap_local_sched_in")) {
        continue;
      }
      int idx = mapIdx(cpu, i, codec.ptePfn(pteval));
      long addr = fixToVirt(idx);
      setPte(cpu, kmapGetPte(cpu, task, addr, idx), pteval);
      hooks.postMap(cpu.hw().services(), addr, pteval);
      n++;
    }
    return n;
  }

  /** The address of a task's slot, as sched_out/sched_in compute it. */
  long slotAddress(SimTask task, int slot) {
    SchedCpu cpu = scheduler.cpu(task.cpu);
    return fixToVirt(mapIdx(cpu, slot, codec.ptePfn(task.pteval[slot])));
  }

  @Override
  public List<LiveMap> liveMaps(SimTask task) {
    List<LiveMap> maps = new ArrayList<>();
    for (int i = 0; i < task.kmapIdx; i++) {
      long pteval = task.pteval[i];
      if (pteval != 0) {
        maps.add(new LiveMap(i, slotAddress(task, i), codec.ptePfn(pteval), pteval));
      }
    }
    return maps;
  }

  @Override
  public List<String> describeMaps(SimTask task) {
    List<String> lines = new ArrayList<>();
    for (LiveMap m : liveMaps(task)) {
      lines.add(String.format("slot %d: 0x%08x -> pfn 0x%x (pte %s)", m.slot(), m.vaddr(),
          m.pfn(), PteFormat.hex(codec, m.pteval())));
    }
    return lines;
  }

  /**
   * The kmap slot invariants of one CPU: the running task's live slots hold its recorded ptevals,
   * and every other kmap slot PTE of the CPU is none. The caller holds the scheduler's lock,
   * which also guards the scratch arrays this reuses (a check runs after every step of {@code
   * kmapsim stress}: it allocates nothing while the invariants hold).
   */
  public void checkInvariants(SchedCpu cpu, List<InvariantViolation> violations) {
    SimTask task = cpu.currentTask();
    int slots = kmMaxIdx * dcacheColours;
    int base = slots * cpu.id();
    long[] expected = checkExpected;
    boolean[] live = checkLive;
    if (slotAddresses == null) {
      long[] all = new long[nrCpus * slots];
      for (int n = 0; n < all.length; n++) {
        all[n] = layout.fixToVirt(fixKmapBegin + n);
      }
      slotAddresses = all;
    }
    Arrays.fill(live, false);
    for (int i = 0; i < task.kmapIdx; i++) {
      long pteval = task.pteval[i];
      if (isGuard(i) || codec.pteNone(pteval) || pteval == 0) {
        continue;
      }
      long addr = slotAddress(task, i);
      int rel = layout.virtToFix(addr) - fixKmapBegin - base;
      if (rel < 0 || rel >= expected.length) {
        violations.add(new InvariantViolation(InvariantViolation.Code.SLOT_OUTSIDE_CPU, cpu.id(),
            addr, String.format("%s slot %d at 0x%08x is outside CPU%d's kmap slots",
                task.name(), i, addr, cpu.id())));
        continue;
      }
      expected[rel] = pteval;
      live[rel] = true;
    }
    for (int rel = 0; rel < expected.length; rel++) {
      long addr = slotAddresses[base + rel];
      long actual = hw.kernelPte(addr);
      if (live[rel] ? actual != expected[rel] : !codec.pteNone(actual)) {
        violations.add(new InvariantViolation(live[rel]
            ? InvariantViolation.Code.LIVE_SLOT_PTE_WRONG
            : InvariantViolation.Code.FREE_SLOT_PTE_SET, cpu.id(), addr, String.format(
                "CPU%d kmap slot at 0x%08x holds pte %s, expected %s (%s)", cpu.id(), addr,
                PteFormat.hex(codec, actual), live[rel] ? PteFormat.hex(codec, expected[rel]) : "none",
                live[rel] ? "a live slot of " + task.name() : "no live slot of " + task.name())));
      }
    }
  }

  /** Whether a slot index is a DEBUG_KMAP_LOCAL guard slot. */
  boolean isGuard(int slot) {
    return debug && (slot & 1) == 0;
  }

  private boolean skipAtSwitch(SchedCpu cpu, SimTask task, int i, long pteval, String where) {
    if (isGuard(i)) {
      if (pteval != 0) {
        reporter.warn(DiagnosticCode.GUARD_SLOT_IN_USE, cpu, task, String.format(
            "%s: guard slot %d of %s holds pte %s", where, i, task.name(),
            PteFormat.hex(codec, pteval)));
      }
      return true;
    }
    if (codec.pteNone(pteval)) {
      reporter.warn(DiagnosticCode.SCHED_EMPTY_SLOT, cpu, task, String.format(
          "%s: slot %d of %s is below kmap_ctrl.idx %d but its pteval is none", where, i,
          task.name(), task.kmapIdx));
      return true;
    }
    return false;
  }

  /**
   * {@code kmap_high_unmap_local()}: with ARCH_NEEDS_KMAP_HIGH_GET, a pkmap address that
   * kmap_local handed out through {@code arch_kmap_local_high_get} goes back through
   * {@code kunmap_high}.
   */
  private boolean kmapHighUnmapLocal(SchedCpu cpu, SimTask task, long addr) {
    if (!hooks.needsKmapHighGet() || pkmap.nr(addr) < 0) {
      return false;
    }
    long pfn = codec.ptePfn(pt.get(pt.indexOf(addr >>> pageShift)));
    scheduler.wake(pkmap.kunmapHigh(cpu, task, pfn));
    return true;
  }

  /** Whether the task pushed a stack position whose slot address is {@code addr}. */
  private boolean everMapped(SchedCpu cpu, SimTask task, long addr) {
    for (long used = task.positionsUsed; used != 0; used &= used - 1) {
      int p = Long.numberOfTrailingZeros(used);
      if (fixToVirt(unmapIdx(cpu, p, addr)) == addr) {
        return true;
      }
    }
    return false;
  }

  private int fixIdx(int idx, String hook, int slot) {
    if (idx < 0 || fixKmapBegin + idx > fixKmapEnd) {
      throw badIdx(idx, hook, slot);
    }
    return idx;
  }

  private IllegalStateException badIdx(int idx, String hook, int slot) {
    return new IllegalStateException(String.format(
        "%s(%d) of %s returned %d: outside FIX_KMAP_BEGIN..FIX_KMAP_END (0..%d)", hook, slot,
        archName, idx, fixKmapEnd - fixKmapBegin));
  }

  /**
   * {@code kmap_get_pte(vaddr, idx)}: a page-table walk with KMAP_LOCAL_NON_LINEAR_PTE_ARRAY,
   * else {@code __kmap_pte - idx}. Linear arithmetic that leaves the PTE table holding
   * {@code __kmap_pte} on an architecture whose tables are not contiguous points outside any
   * page table: reported, and {@link #STRAY} is returned.
   */
  private int kmapGetPte(SchedCpu cpu, SimTask task, long vaddr, int idx) {
    if (!linear) {
      return pt.indexOf(vaddr >>> pageShift);
    }
    if (idx <= kmapPteRoom || tablesContiguous) {
      return kmapPte - idx;
    }
    return stray(cpu, task, vaddr, idx);
  }

  private int stray(SchedCpu cpu, SimTask task, long vaddr, int idx) {
    reporter.warn(DiagnosticCode.STRAY_PTE_WRITE, cpu, task, String.format(
        "__kmap_pte - %d for 0x%08x leaves the PTE table of FIX_KMAP_BEGIN (%d entries below it):"
            + " %s's kmap PTEs are not one linear array, the PTE is written elsewhere",
        idx, vaddr, kmapPteRoom, archName));
    return STRAY;
  }

  /** {@code arch_kmap_local_set_pte(&init_mm, vaddr, kmap_pte, pteval)}. */
  private void kmapLocalSetPte(SchedCpu cpu, int index, long vaddr, long pte) {
    if (defaultKmapSetPte || index == STRAY) {
      setPte(cpu, index, pte);
    } else {
      hooks.setPte(codec, cpu.hw().pteTable(), vaddr, index, pte);
    }
  }

  /** {@code set_pte_at()}: the codec's set_pte. */
  private void setPte(SchedCpu cpu, int index, long pte) {
    if (index == STRAY) {
      return;
    }
    if (plainPteOps) {
      cpu.hw().pteTable().set(index, pte);
    } else {
      codec.setPte(cpu.hw().pteTable(), index, pte);
    }
  }

  private void clearPte(SchedCpu cpu, int index) {
    cpu.counters().pteClears++;
    if (index == STRAY) {
      return;
    }
    if (plainPteOps) {
      cpu.hw().pteTable().set(index, emptyPte);
    } else {
      codec.pteClear(cpu.hw().pteTable(), index);
    }
  }

  /** {@code kmap_atomic_prot()}: {@link #kmapLocalPageProt} with the atomic disables. */
  public long kmapAtomicProt(SchedCpu cpu, long pfn, long prot) {
    long vaddr = kmapLocalPageProt(cpu, pfn, prot, true);
    cpu.counters().atomicMaps++;
    return vaddr;
  }

  /** {@code kmap_atomic_pfn()}: as kmap_atomic, through __kmap_local_pfn_prot. */
  public long kmapAtomicPfn(SchedCpu cpu, long pfn) {
    long vaddr = kmapLocalPfnProt(cpu, pfn, kmapProt, true);
    cpu.counters().atomicMaps++;
    return vaddr;
  }

  /**
   * {@code __kunmap_atomic()}: kunmap_local_indexed, then pagefault_enable and preempt_enable, the
   * reverse of the map.
   */
  public void kunmapAtomic(SchedCpu cpu, long vaddr) {
    SimTask task = preemptRt ? rtAtomicOutstanding(cpu, vaddr)
        : atomicOutstanding(cpu, "kunmap_atomic", vaddr);
    kunmapLocalIndexed(cpu, vaddr);
    if (preemptRt) {
      task.pagefaultDisabled--;
      task.migrationDisabled--;
    } else {
      atomicExit(task);
    }
  }

  /**
   * kmap_atomic's disables: preempt_disable and pagefault_disable, or on PREEMPT_RT
   * migrate_disable and pagefault_disable ({@code kmap_atomic_prot()}, include/linux/
   * highmem-internal.h).
   */
  private void kmapAtomicEnter(SchedCpu cpu) {
    if (preemptRt) {
      SimTask task = cpu.currentTask();
      task.migrationDisabled++;
      task.pagefaultDisabled++;
    } else {
      atomicEnter(cpu);
    }
  }

  /** {@link #atomicOutstanding} on PREEMPT_RT: the migrate and pagefault-disable counts. */
  private SimTask rtAtomicOutstanding(SchedCpu cpu, long vaddr) {
    SimTask task = cpu.currentTask();
    if (task.migrationDisabled <= cpu.migrateFloor()
        || task.pagefaultDisabled <= cpu.pagefaultFloor()) {
      throw reporter.fail(DiagnosticCode.COUNT_UNDERFLOW, cpu, task, String.format(
          "kunmap_atomic(0x%08x) with migration_disabled %d and pagefault_disabled %d"
              + " (PREEMPT_RT): no atomic map is outstanding%s", vaddr, task.migrationDisabled,
          task.pagefaultDisabled, cpu.nested() ? " in this context" : ""));
    }
    return task;
  }

  /** The preempt_disable and pagefault_disable of the atomic map flavours. */
  static void atomicEnter(SchedCpu cpu) {
    SimTask task = cpu.currentTask();
    task.preemptCount++;
    task.pagefaultDisabled++;
  }

  /** pagefault_enable then preempt_enable: the reverse of {@link #atomicEnter}. */
  static void atomicExit(SimTask task) {
    task.pagefaultDisabled--;
    task.preemptCount--;
  }

  /**
   * The current task, refused when no atomic map is outstanding to be undone in the current
   * context: the preempt and pagefault-disable counts must both be above what they were when
   * the context was entered.
   */
  SimTask atomicOutstanding(SchedCpu cpu, String call, long vaddr) {
    SimTask task = cpu.currentTask();
    if (task.preemptCount <= cpu.preemptFloor() || task.pagefaultDisabled <= cpu.pagefaultFloor()) {
      throw reporter.fail(DiagnosticCode.COUNT_UNDERFLOW, cpu, task, String.format(
          "%s(0x%08x) with preempt_count %d and pagefault_disabled %d: no atomic map is"
              + " outstanding%s", call, vaddr, task.preemptCount, task.pagefaultDisabled,
          cpu.nested() ? " in this context" : ""));
    }
    return task;
  }
}
