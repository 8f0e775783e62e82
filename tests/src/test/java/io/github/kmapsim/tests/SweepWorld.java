// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.KmapWindow;

/**
 * A machine of one variant put in one {@link State} for {@link BadInputSweepTest}, with the
 * objects the sweep's calls take: its tasks in every task state, pages, a folio, io_mappings
 * (live, freed, forged), and the same objects of a second machine. {@link #reset()} puts the
 * machine back in the state (by {@link Machine#restore}) before each call.
 */
final class SweepWorld {

  /** The states the calls are tried in; CPU0 is the CPU every call is made on. */
  enum State {
    /** CPU0 runs its idle task. */
    IDLE,
    /** CPU0 runs task t, which holds nothing. */
    TASK,
    /** t holds two local kmaps (h0 under h1) and a persistent kmap of h2. */
    MAPPED,
    /** t holds a kmap_atomic of h0. */
    ATOMIC,
    /** t holds an io_mapping_map_local_wc of io. */
    IO_LOCAL,
    /** t holds an io_mapping_map_atomic_wc of io. */
    IO_ATOMIC,
    /** CPU0 serves a hardirq that interrupted t. */
    HARDIRQ,
    /** CPU0 serves softirqs on top of t. */
    SOFTIRQ,
    /** CPU0 is in an NMI on top of t. */
    NMI,
    /** t runs with interrupts disabled. */
    IRQS_OFF,
    /** t runs with preemption disabled. */
    PREEMPT_OFF,
    /** t disabled preemption, then a hardirq came: the hardirq has disabled nothing. */
    PREEMPT_OFF_HARDIRQ,
    /** t holds KM_MAX_IDX - 1 local kmaps: one slot is left. */
    STACK_ONE_FREE,
    /** t holds every local kmap slot. */
    STACK_FULL,
    /** Task r holds every pkmap entry; t runs and could sleep for one. */
    PKMAP_FULL,
    /** As PKMAP_FULL, and t has preemption disabled. */
    PKMAP_FULL_ATOMIC,
    /** t itself holds every pkmap entry: waiting for one would never end. */
    PKMAP_DEADLOCK,
    /**
     * Task r holds every pkmap entry and t sleeps in kmap() of {@link #waited} on pkmap_map_wait
     * (the core retries it when t runs again); CPU0 runs its idle task.
     */
    KMAP_SLEEPING
  }

  final String variant;
  final State state;
  final Machine m;
  final Machine other;
  final Cpu cpu;
  final int maxSlots;
  final long pageSize;
  final KmapWindow window;
  /** Tasks on CPU0: t runs in every state but IDLE; r runnable, s sleeping, d dead. */
  final Task t;
  final Task r;
  final Task s;
  final Task d;
  final Task idle;
  final Page low;
  final Page[] high = new Page[8];
  /** A highmem page no state maps. */
  final Page spare;
  /** The highmem page t waits to kmap() in {@link State#KMAP_SLEEPING}. */
  final Page waited;
  final Folio folio;
  /** The pfn of an order-10 folio (aligned to 1024 pages), or -1 if the machine has none. */
  final long bigFolioPfn;
  final IoMapping io;
  final IoMapping freedIo;
  final IoMapping forgedIo;
  final Page otherPage;
  final Task otherTask;
  final Folio otherFolio;
  final IoMapping otherIo;
  final MachineSnapshot otherSnapshot;
  /** The top live local map of t in this state (its io map in the IO states), or 0. */
  long top;
  /** The bottom live local map of t, or 0. */
  long bottom;
  /** The kmap window addresses of t's live local maps. */
  private final java.util.Set<Long> live = new java.util.HashSet<>();
  private MachineSnapshot start;

  SweepWorld(String variant, State state) {
    this.variant = variant;
    this.state = state;
    MachineConfig config = MachineConfig.preset(variant).toBuilder()
        .cpus(Variants.cpus(variant, 2)).build();
    m = KmapSim.newMachine(config);
    other = KmapSim.newMachine(config);
    cpu = m.cpu(0);
    maxSlots = (config.kmMaxIdx() - 1) / config.kmIncr();
    pageSize = m.pageSize();
    window = KmapWindow.of(m.layout());
    low = m.page(1);
    for (int i = 0; i < high.length; i++) {
      high[i] = m.page(m.maxLowPfn() + 16 + i);
    }
    spare = m.page(m.maxLowPfn() + 40);
    waited = m.page(m.maxLowPfn() + 41);
    long f = (m.maxLowPfn() + 64 + 3) & ~3L;
    folio = m.folio(f, 2);
    long big = (m.maxLowPfn() + 2048 + 1023) & ~1023L;
    bigFolioPfn = big + 1024 <= m.maxPfn() ? big : -1;
    io = m.ioMappingCreateWc(m.maxPfn() * pageSize, 4 * pageSize);
    freedIo = m.ioMappingCreateWc(m.maxPfn() * pageSize, pageSize);
    m.ioMappingFree(freedIo);
    forgedIo = new IoMapping(io.base(), io.size(), io.prot(), io.iomem());
    t = m.createTask("t", 0);
    r = m.createTask("r", 0);
    s = m.createTask("s", 0);
    d = m.createTask("d", 0);
    idle = m.task("swapper/0");
    m.schedule(0, s);
    cpu.sleep();
    m.exit(d);
    otherPage = other.page(high[0].pfn());
    otherTask = other.createTask("t", 0);
    otherFolio = other.folio(f, 2);
    otherIo = other.ioMappingCreateWc(io.base(), io.size());
    otherSnapshot = other.snapshot();
    enter();
    start = m.snapshot();
  }

  /** The kmap window addresses of t's live local maps in this state. */
  java.util.Set<Long> live() {
    return live;
  }

  private long track(long vaddr) {
    if (window.contains(vaddr)) {
      live.add(vaddr);
    }
    return vaddr;
  }

  /** The machine back in its state (its snapshot); the snapshot. */
  MachineSnapshot reset() {
    m.restore(start);
    return start;
  }

  private void enter() {
    if (state == State.PKMAP_FULL || state == State.PKMAP_FULL_ATOMIC
        || state == State.KMAP_SLEEPING) {
      m.schedule(0, r);
      fillPkmap();
    }
    if (state != State.IDLE) {
      m.schedule(0, t);
    }
    switch (state) {
      case MAPPED -> {
        bottom = track(cpu.kmapLocalPage(high[0]));
        top = track(cpu.kmapLocalPage(high[1]));
        cpu.kmap(high[2]);
      }
      case ATOMIC -> top = bottom = track(cpu.kmapAtomic(high[0]));
      case IO_LOCAL -> top = bottom = track(cpu.ioMappingMapLocalWc(io, 0));
      case IO_ATOMIC -> top = bottom = track(cpu.ioMappingMapAtomicWc(io, 0));
      case HARDIRQ -> cpu.irqEnter();
      case SOFTIRQ -> cpu.softirqEnter();
      case NMI -> cpu.nmiEnter();
      case IRQS_OFF -> cpu.localIrqDisable();
      case PREEMPT_OFF -> cpu.preemptDisable();
      case PREEMPT_OFF_HARDIRQ -> {
        cpu.preemptDisable();
        cpu.irqEnter();
      }
      case STACK_ONE_FREE, STACK_FULL -> {
        int n = state == State.STACK_FULL ? maxSlots : maxSlots - 1;
        for (int i = 0; i < n; i++) {
          top = track(cpu.kmapLocalPage(m.page(m.maxLowPfn() + 100 + i)));
          bottom = bottom == 0 ? top : bottom;
        }
      }
      case PKMAP_FULL_ATOMIC -> cpu.preemptDisable();
      case PKMAP_DEADLOCK -> fillPkmap();
      case KMAP_SLEEPING -> {
        if (cpu.kmap(waited).mapped()) {
          throw new IllegalStateException("t's kmap() was meant to sleep: " + variant);
        }
      }
      default -> { }
    }
  }

  /** The current task kmap()s distinct highmem pages until every pkmap entry is in use. */
  private void fillPkmap() {
    int entries = m.layout().lastPkmap();
    for (int i = 0; i < entries; i++) {
      cpu.kmap(m.page(m.maxLowPfn() + 4096 + i));
    }
  }

  /** A kmap window address no live map of t uses in this state (it was never mapped). */
  long unmappedSlot() {
    return Variants.slotAddress(m, 0, maxSlots - 1, 0) == top
        ? Variants.slotAddress(m, 0, 0, 0) : Variants.slotAddress(m, 0, maxSlots - 1, 0);
  }

  /** The direct-map address of the lowmem page. */
  long lowmemAddress() {
    return m.lowmemAddress(low);
  }

  boolean atomicIomap() {
    return m.arch().hooks().haveAtomicIomap();
  }

  /** Whether t (or the context CPU0 is in) may sleep. */
  boolean maySleep() {
    return switch (state) {
      case IDLE, TASK, MAPPED, IO_LOCAL, STACK_ONE_FREE, STACK_FULL, PKMAP_FULL, PKMAP_DEADLOCK ->
          true;
      default -> false;
    };
  }

  /** Whether CPU0 is in an interrupt context. */
  boolean inInterrupt() {
    return state == State.HARDIRQ || state == State.SOFTIRQ || state == State.NMI
        || state == State.PREEMPT_OFF_HARDIRQ;
  }

  /** Whether CPU0's interrupts are disabled. */
  boolean irqsOff() {
    return state == State.HARDIRQ || state == State.NMI || state == State.IRQS_OFF
        || state == State.PREEMPT_OFF_HARDIRQ;
  }

  /** Local maps a new kmap_local may still push. */
  int freeSlots() {
    return switch (state) {
      case MAPPED -> maxSlots - 2;
      case ATOMIC, IO_ATOMIC, IO_LOCAL -> maxSlots - (top >= window.start() && top < window.end()
          ? 1 : 0);
      case STACK_ONE_FREE -> 1;
      case STACK_FULL -> 0;
      default -> maxSlots;
    };
  }

  /** Whether kmap_local of this pfn takes a slot (it is not answered by the direct map). */
  boolean pushes(long pfn) {
    return pfn >= m.maxLowPfn() || m.config().forceMap();
  }
}
