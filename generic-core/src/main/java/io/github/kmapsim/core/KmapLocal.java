package io.github.kmapsim.core;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;

/**
 * The consolidated kmap_local code of {@code mm/highmem.c}, step for step: the per-task slot
 * stack, map, unmap, and the context-switch save and restore. Every architecture-specific step
 * goes through the variant's {@link KmapHooks}, {@link PteCodec} and {@link MemoryLayout}.
 *
 * <p>BUG-class checks are made before anything changes, so a failed call leaves the machine as it
 * was; WARN-class checks report and go on as the kernel goes on.
 */
final class KmapLocal {
  /** A PTE location outside the page table. */
  private static final int STRAY = -1;

  private final SimMachine machine;
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
  private final boolean linear;
  private final int fixKmapBegin;
  private final int fixKmapEnd;
  private final int pageShift;
  private final long pageMask;
  private final long pageOffset;
  private final long windowLow;
  private final long windowHigh;
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
  /** The lowmem shortcut's bound: max_low_pfn, or 0 under DEBUG_KMAP_LOCAL_FORCE_MAP. */
  private final long shortcutEnd;
  /**
   * Every step at its kernel default: {@code kmap_local_calc_idx}, asm-generic
   * {@code __fix_to_virt}, generic set_pte and pte_clear, {@code arch_kmap_local_set_pte} left
   * to set_pte_at, and linear kmap PTEs that never leave
   * the page table or the PTE table of {@code __kmap_pte}. Map and unmap then take
   * {@link #mapDefault} and {@link #unmapDefault} when nobody listens.
   */
  private final boolean defaults;

  KmapLocal(SimMachine machine) {
    this.machine = machine;
    this.codec = machine.codec();
    this.hooks = machine.arch().hooks();
    this.layout = machine.layout();
    this.pt = machine.pageTable();
    this.events = machine.events();
    this.reporter = machine.reporter();
    this.kmMaxIdx = machine.config().kmMaxIdx();
    this.kmIncr = machine.config().kmIncr();
    this.debug = machine.config().debugKmapLocal();
    this.forceMap = machine.config().forceMap();
    this.linear = hooks.kmapPtesLinear();
    this.fixKmapBegin = layout.fixKmapBegin();
    this.fixKmapEnd = layout.fixKmapEnd();
    this.pageShift = layout.pageShift();
    this.pageMask = -layout.pageSize();
    this.pageOffset = layout.pageOffset();
    long a = layout.fixToVirt(fixKmapBegin);
    long b = layout.fixToVirt(fixKmapEnd);
    this.windowLow = Math.min(a, b);
    this.windowHigh = Math.max(a, b);
    this.kmapPte = pt.indexOf(a >>> pageShift);
    this.kmapPteRoom = (int) ((a >>> pageShift) & (layout.ptrsPerPte() - 1));
    this.tablesContiguous = layout.kmapPteTablesContiguous();
    this.defaultIdx = !Overrides.any(hooks, "mapIdx", "unmapIdx");
    this.noHighGet = !Overrides.any(hooks, "highGet");
    this.genericFixmap = !Overrides.any(layout, "fixToVirt");
    this.kmapBase = a;
    this.plainPteOps = !Overrides.any(codec, "setPte", "pteClear");
    this.defaultKmapSetPte = !Overrides.any(hooks, "setPte");
    this.emptyPte = codec.emptyPte();
    this.shortcutEnd = forceMap ? 0 : machine.maxLowPfn();
    int maxIdx = machine.config().cpus() * kmMaxIdx - 1;
    this.defaults = defaultIdx && genericFixmap && plainPteOps && defaultKmapSetPte && linear
        && (tablesContiguous || maxIdx <= kmapPteRoom)
        && kmapPte - maxIdx >= 0 && kmapPte < pt.size();
  }

  /** {@code __fix_to_virt(FIX_KMAP_BEGIN + idx)}. */
  private long fixToVirt(int idx) {
    return genericFixmap ? kmapBase - ((long) idx << pageShift) : layout.fixToVirt(fixKmapBegin + idx);
  }

  /** {@code arch_kmap_local_map_idx(slot, pfn)}, checked against the kmap window. */
  private int mapIdx(SimCpu cpu, int slot, long pfn) {
    return defaultIdx
        ? slot + cpu.kmapStride()
        : fixIdx(hooks.mapIdx(cpu.hw(), slot, pfn), "arch_kmap_local_map_idx", slot);
  }

  /** {@code arch_kmap_local_unmap_idx(slot, vaddr)}, checked against the kmap window. */
  private int unmapIdx(SimCpu cpu, int slot, long vaddr) {
    return defaultIdx
        ? slot + cpu.kmapStride()
        : fixIdx(hooks.unmapIdx(cpu.hw(), slot, vaddr), "arch_kmap_local_unmap_idx", slot);
  }

  /**
   * {@code __kmap_local_page_prot()}: a lowmem page returns its direct-map address (no push, no
   * migrate_disable) unless DEBUG_KMAP_LOCAL_FORCE_MAP; then {@code arch_kmap_local_high_get()}
   * may hand back an existing mapping; otherwise a new local mapping.
   */
  long kmapLocalPageProt(SimCpu cpu, long pfn, long prot) {
    if (pfn < shortcutEnd) {
      cpu.counters().lowmemShortcuts++;
      return pageOffset + (pfn << pageShift);
    }
    if (!noHighGet) {
      long existing = hooks.highGet(cpu.hw(), pfn);
      if (existing != 0) {
        return existing;
      }
    }
    return kmapLocalPfnProt(cpu, pfn, prot);
  }

  /**
   * {@code __kmap_local_pfn_prot()}: migrate_disable, preempt_disable, push
   * ({@code kmap_local_idx_push}, BUG when the incremented index reaches KM_MAX_IDX),
   * {@code arch_kmap_local_map_idx}, BUG unless the slot PTE is none, set the PTE with
   * {@code arch_kmap_local_set_pte}, the post_map
   * hook, record the pteval, preempt_enable. Migration stays disabled until the unmap.
   */
  long kmapLocalPfnProt(SimCpu cpu, long pfn, long prot) {
    SimTask task = cpu.currentTask();
    int newIdx = task.kmapIdx + kmIncr;
    if (newIdx >= kmMaxIdx) {
      throw overflow(cpu, task, newIdx);
    }
    if (cpu.nested()) {
      checkPushContext(cpu, task);
    }
    return defaults && !events.active()
        ? mapDefault(cpu, task, newIdx, pfn, prot)
        : map(cpu, task, newIdx, pfn, prot);
  }

  /**
   * The rest of {@code __kmap_local_pfn_prot()} after the push checks, every step through the
   * hooks, the layout and the codec, with the listener events.
   */
  private long map(SimCpu cpu, SimTask task, int newIdx, long pfn, long prot) {
    int slot = newIdx - 1;
    int idx = mapIdx(cpu, slot, pfn);
    long vaddr = fixToVirt(idx);
    int pte = kmapGetPte(cpu, task, vaddr, idx);
    if (pte != STRAY && !codec.pteNone(pt.get(pte))) {
      throw notNone(cpu, task, slot, vaddr, pt.get(pte));
    }
    task.migrationDisabled++;
    task.preemptCount++;
    task.kmapIdx = newIdx;
    task.positionsUsed |= 1L << slot;
    long pteval = codec.pfnPte(pfn, prot);
    kmapLocalSetPte(cpu, pte, vaddr, pteval);
    hooks.postMap(cpu.hw(), vaddr, pteval);
    task.pteval[slot] = pteval;
    task.preemptCount--;
    cpu.counters().localMaps++;
    if (events.active()) {
      events.mapped(cpu.id(), task, slot, vaddr, pfn, pteval);
    }
    return vaddr;
  }

  /**
   * {@link #map} with every step at its kernel default ({@link #defaults}) and no listener:
   * {@code __kmap_pte - idx} is the slot's PTE, and the generic set_pte is a counted store.
   */
  private long mapDefault(SimCpu cpu, SimTask task, int newIdx, long pfn, long prot) {
    int slot = newIdx - 1;
    int idx = slot + cpu.kmapStride();
    long vaddr = kmapBase - ((long) idx << pageShift);
    int pte = kmapPte - idx;
    long old = pt.get(pte);
    if (!codec.pteNone(old)) {
      throw notNone(cpu, task, slot, vaddr, old);
    }
    task.migrationDisabled++;
    task.preemptCount++;
    task.kmapIdx = newIdx;
    task.positionsUsed |= 1L << slot;
    long pteval = codec.pfnPte(pfn, prot);
    CpuCounters counters = cpu.counters();
    pt.set(pte, pteval);
    counters.pteWrites++;
    hooks.postMap(cpu.hw(), vaddr, pteval);
    task.pteval[slot] = pteval;
    task.preemptCount--;
    counters.localMaps++;
    return vaddr;
  }

  /**
   * {@code kunmap_local_indexed()}: an address outside the kmap window is a lowmem (or user)
   * address and returns early; otherwise WARN unless it is the top slot, then pre_unmap, clear
   * the PTE, post_unmap, clear the pteval, pop, preempt_enable, migrate_enable. After a
   * wrong-order WARN the kernel clears the top slot's PTE when the kmap PTEs are linear, and the
   * given address's PTE when they are not; the hooks always get the given address.
   */
  void kunmapLocalIndexed(SimCpu cpu, long vaddr) {
    long addr = vaddr & pageMask;
    SimTask task = cpu.currentTask();
    if (addr < windowLow || addr > windowHigh) {
      outsideWindow(cpu, task, vaddr, addr);
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
  private void unmap(SimCpu cpu, SimTask task, long vaddr, long addr) {
    int top = task.kmapIdx - 1;
    int idx = unmapIdx(cpu, top, addr);
    long expected = fixToVirt(idx);
    if (addr != expected) {
      wrongOrder(cpu, task, vaddr, top, expected);
    }
    task.preemptCount++;
    int pte = kmapGetPte(cpu, task, addr, idx);
    hooks.preUnmap(cpu.hw(), addr);
    clearPte(cpu, pte);
    hooks.postUnmap(cpu.hw(), addr);
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
  }

  /**
   * {@link #unmap} with every step at its kernel default ({@link #defaults}) and no listener:
   * the top slot's PTE is cleared, which is also the linear kernel's choice after a wrong-order
   * WARN.
   */
  private void unmapDefault(SimCpu cpu, SimTask task, long vaddr, long addr) {
    int top = task.kmapIdx - 1;
    int idx = top + cpu.kmapStride();
    long expected = kmapBase - ((long) idx << pageShift);
    if (addr != expected) {
      wrongOrder(cpu, task, vaddr, top, expected);
    }
    task.preemptCount++;
    CpuCounters counters = cpu.counters();
    hooks.preUnmap(cpu.hw(), addr);
    counters.pteClears++;
    pt.set(kmapPte - idx, emptyPte);
    counters.pteWrites++;
    hooks.postUnmap(cpu.hw(), addr);
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
  }

  private RuntimeException overflow(SimCpu cpu, SimTask task, int newIdx) {
    return reporter.fail(DiagnosticCode.STACK_OVERFLOW, cpu, task, String.format(
        "kmap_local_idx_push: kmap_ctrl.idx would become %d >= KM_MAX_IDX %d: too many nested"
            + " local kmaps (the limit is %d)", newIdx, kmMaxIdx, (kmMaxIdx - 1) / kmIncr));
  }

  private void checkPushContext(SimCpu cpu, SimTask task) {
    if (cpu.inHardirq() && !cpu.irqsDisabled()) {
      reporter.warn(DiagnosticCode.PUSH_HARDIRQ_IRQS_ON, cpu, task,
          "kmap_local_idx_push in hardirq context with interrupts enabled");
    }
  }

  private RuntimeException notNone(SimCpu cpu, SimTask task, int slot, long vaddr, long old) {
    return reporter.fail(DiagnosticCode.PTE_NOT_NONE, cpu, task, String.format(
        "__kmap_local_pfn_prot: the PTE of slot %d (0x%08x) is %s, not none: a previous unmap"
            + " did not clear it", slot, vaddr, machine.formatPte(old)));
  }

  private void outsideWindow(SimCpu cpu, SimTask task, long vaddr, long addr) {
    if (forceMap) {
      reporter.warn(DiagnosticCode.UNMAP_OUTSIDE_WINDOW, cpu, task, String.format(
          "kunmap_local(0x%08x) is outside the kmap window 0x%08x-0x%08x, and FORCE_MAP maps"
              + " every page there", vaddr, windowLow, windowHigh));
    } else if (!kmapHighUnmapLocal(cpu, task, addr) && addr < pageOffset) {
      reporter.warn(DiagnosticCode.UNMAP_USER_ADDRESS, cpu, task, String.format(
          "kunmap_local(0x%08x): a user address, below PAGE_OFFSET 0x%08x", vaddr, pageOffset));
    }
  }

  private RuntimeException underflow(SimCpu cpu, SimTask task, long vaddr) {
    return reporter.fail(DiagnosticCode.STACK_UNDERFLOW, cpu, task, String.format(
        "kunmap_local(0x%08x) with an empty kmap stack: kmap_local_idx_pop would take"
            + " kmap_ctrl.idx below 0", vaddr));
  }

  /** Refuses an address never mapped; otherwise the kernel's WARN, and the unmap goes on. */
  private void wrongOrder(SimCpu cpu, SimTask task, long vaddr, int top, long expected) {
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
  int schedOut(SimCpu cpu, SimTask task) {
    int n = 0;
    for (int i = 0; i < task.kmapIdx; i++) {
      long pteval = task.pteval[i];
      if (skipAtSwitch(cpu, task, i, pteval, "__kmap_local_sched_out")) {
        continue;
      }
      int idx = mapIdx(cpu, i, codec.ptePfn(pteval));
      long addr = fixToVirt(idx);
      hooks.preUnmap(cpu.hw(), addr);
      clearPte(cpu, kmapGetPte(cpu, task, addr, idx));
      hooks.postUnmap(cpu.hw(), addr);
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
  int schedIn(SimCpu cpu, SimTask task) {
    int n = 0;
    for (int i = 0; i < task.kmapIdx; i++) {
      long pteval = task.pteval[i];
      if (skipAtSwitch(cpu, task, i, pteval, "__kmap_local_sched_in")) {
        continue;
      }
      int idx = mapIdx(cpu, i, codec.ptePfn(pteval));
      long addr = fixToVirt(idx);
      setPte(cpu, kmapGetPte(cpu, task, addr, idx), pteval);
      hooks.postMap(cpu.hw(), addr, pteval);
      n++;
    }
    return n;
  }

  /** The address of a task's slot, as sched_out/sched_in compute it. */
  long slotAddress(SimTask task, int slot) {
    SimCpu cpu = machine.simCpu(task.cpu);
    return fixToVirt(mapIdx(cpu, slot, codec.ptePfn(task.pteval[slot])));
  }

  /** Whether a slot index is a DEBUG_KMAP_LOCAL guard slot. */
  boolean isGuard(int slot) {
    return debug && (slot & 1) == 0;
  }

  private boolean skipAtSwitch(SimCpu cpu, SimTask task, int i, long pteval, String where) {
    if (isGuard(i)) {
      if (pteval != 0) {
        reporter.warn(DiagnosticCode.GUARD_SLOT_IN_USE, cpu, task, String.format(
            "%s: guard slot %d of %s holds pte %s", where, i, task.name(),
            machine.formatPte(pteval)));
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
  private boolean kmapHighUnmapLocal(SimCpu cpu, SimTask task, long addr) {
    Pkmap pkmap = machine.pkmap();
    if (!hooks.needsKmapHighGet() || pkmap.nr(addr) < 0) {
      return false;
    }
    long pfn = codec.ptePfn(pt.get(pt.indexOf(addr >>> pageShift)));
    machine.scheduler().wake(pkmap.kunmapHigh(cpu, task, pfn));
    return true;
  }

  /** Whether the task pushed a stack position whose slot address is {@code addr}. */
  private boolean everMapped(SimCpu cpu, SimTask task, long addr) {
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
        machine.arch().name(), idx, fixKmapEnd - fixKmapBegin));
  }

  /**
   * {@code kmap_get_pte(vaddr, idx)}: a page-table walk with KMAP_LOCAL_NON_LINEAR_PTE_ARRAY,
   * else {@code __kmap_pte - idx}. Linear arithmetic that leaves the PTE table holding
   * {@code __kmap_pte} on an architecture whose tables are not contiguous points outside any
   * page table: reported, and {@link #STRAY} is returned.
   */
  private int kmapGetPte(SimCpu cpu, SimTask task, long vaddr, int idx) {
    if (!linear) {
      return pt.indexOf(vaddr >>> pageShift);
    }
    if (idx <= kmapPteRoom || tablesContiguous) {
      return kmapPte - idx;
    }
    return stray(cpu, task, vaddr, idx);
  }

  private int stray(SimCpu cpu, SimTask task, long vaddr, int idx) {
    reporter.warn(DiagnosticCode.STRAY_PTE_WRITE, cpu, task, String.format(
        "__kmap_pte - %d for 0x%08x leaves the PTE table of FIX_KMAP_BEGIN (%d entries below it):"
            + " %s's kmap PTEs are not one linear array, the PTE is written elsewhere",
        idx, vaddr, kmapPteRoom, machine.arch().name()));
    return STRAY;
  }

  /** {@code arch_kmap_local_set_pte(&init_mm, vaddr, kmap_pte, pteval)}. */
  private void kmapLocalSetPte(SimCpu cpu, int index, long vaddr, long pte) {
    if (defaultKmapSetPte || index == STRAY) {
      setPte(cpu, index, pte);
    } else {
      hooks.setPte(codec, cpu.pteTable(), vaddr, index, pte);
    }
  }

  /** {@code set_pte_at()}: the codec's set_pte. */
  private void setPte(SimCpu cpu, int index, long pte) {
    if (index == STRAY) {
      return;
    }
    if (plainPteOps) {
      cpu.pteTable().set(index, pte);
    } else {
      codec.setPte(cpu.pteTable(), index, pte);
    }
  }

  private void clearPte(SimCpu cpu, int index) {
    cpu.counters().pteClears++;
    if (index == STRAY) {
      return;
    }
    if (plainPteOps) {
      cpu.pteTable().set(index, emptyPte);
    } else {
      codec.pteClear(cpu.pteTable(), index);
    }
  }
}
