// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Arg;
import io.github.kmapsim.scenario.Outcome;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.StepResult;
import io.github.kmapsim.scenario.Verb;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The oracle of the random harness: replays a workload's scenario statements on a machine
 * ({@link ScenarioRun}) and, after each, compares the machine with a shadow of what the kernel
 * guarantees: the maps each task and interrupt holds and at which addresses (a kmap slot of the
 * CPU, the direct map, the page's pkmap entry, the ioremap), task states, the bytes written to
 * physical and device memory, and the persistent kmap pool ({@link PkmapModel}). The shadow is
 * kept here, apart from the generator's own model: it reads the statements as the kernel's
 * documentation says the calls behave, and takes nothing from the machine but what it checks.
 *
 * <p>After every statement: no diagnostic and no failed step, the invariants hold, every CPU
 * runs the expected task in the expected context, every live mapping reads what was last written
 * to its page, every task's kmap_ctrl, migration and preemption counts match its maps, the pkmap
 * flush count and page_address of the pools' pages match the model; a helper's writes are read
 * back through a fresh kmap_local and, where memory is coherent (not a VIVT cache), from
 * physical memory.
 */
final class Shadow {
  private static final int HIGH_POOL = 24;

  /** How a mapping was made. */
  private enum Flavour { LOCAL, ATOMIC, PERSISTENT }

  /**
   * A live mapping of the page at {@code va}; {@code slot} when it occupies a kmap_local fixmap
   * slot, {@code io} when io_mapping made it, {@code pinned} when kmap_high_get() pinned its
   * page's pkmap entry. {@code name} is the address of byte {@code start} of the page (0 but for
   * kmap_local_folio).
   */
  private record Mapping(String name, long va, long pfn, Flavour flavour, boolean slot,
      boolean io, boolean pinned, long start) {
    Mapping(String name, long va, long pfn, Flavour flavour, boolean slot, boolean io,
        boolean pinned) {
      this(name, va, pfn, flavour, slot, io, pinned, 0);
    }
  }

  /** An interrupt a CPU is serving and the maps it pushed, top first. */
  private record Frame(Context context, Deque<Mapping> maps) {}

  /** What a replay ends with: the statements run, and the failure or null. */
  record Result(List<Statement> ran, String failure) {}

  /** A broken expectation. */
  private static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  private final Machine m;
  private final ScenarioRun run;
  private final boolean vivt;
  private final boolean highGet;
  private final long pageSize;
  private final PkmapModel pkmap;
  private final List<String> workers = new ArrayList<>();
  private final Map<String, Task.State> state = new HashMap<>();
  private final Map<String, Integer> cpuOf = new HashMap<>();
  private final Map<String, Long> waiting = new HashMap<>();
  private final Map<String, String> waitingName = new HashMap<>();
  private final String[] current;
  private final Map<String, Deque<Mapping>> stacks = new HashMap<>();
  private final Map<String, List<Mapping>> persistent = new HashMap<>();
  private final Map<String, Mapping> named = new HashMap<>();
  private final List<Deque<Frame>> frames = new ArrayList<>();
  private final Map<Long, Long> memory = new HashMap<>();
  private final Map<Long, Long> lastOffset = new HashMap<>();
  private long ioPfn = -1;
  private long iomem;

  private Shadow(Machine m, int[] homes) {
    this.m = m;
    vivt = m.arch().cacheType() == CacheType.VIVT;
    highGet = m.arch().hooks().needsKmapHighGet();
    pageSize = m.layout().pageSize();
    MemoryLayout l = m.layout();
    pkmap = new PkmapModel(l.pkmapBase(), l.lastPkmap(), pageSize, m.arch().dcacheColours());
    current = new String[m.nrCpus()];
    for (int c = 0; c < m.nrCpus(); c++) {
      current[c] = m.cpu(c).current().name();
      track(current[c], Task.State.RUNNING, c);
      frames.add(new ArrayDeque<>());
    }
    for (int i = 0; i < homes.length; i++) {
      String name = "t" + i;
      m.createTask(name, homes[i]);
      workers.add(name);
      track(name, Task.State.RUNNABLE, homes[i]);
    }
    run = ScenarioRun.on(m, false);
  }

  private void track(String task, Task.State s, int cpu) {
    state.put(task, s);
    cpuOf.put(task, cpu);
    stacks.put(task, new ArrayDeque<>());
    persistent.put(task, new ArrayList<>());
  }

  /**
   * Replays {@code statements} on a fresh machine with one task per entry of {@code homes},
   * checking after each; stops at the first failure.
   */
  static Result replay(Supplier<Machine> machine, int[] homes, List<Statement> statements) {
    Shadow s = new Shadow(machine.get(), homes);
    List<Statement> ran = new ArrayList<>();
    for (Statement st : statements) {
      ran.add(st);
      try {
        s.step(st);
      } catch (RuntimeException e) {
        String why = e instanceof Mismatch ? e.getMessage() : e.toString();
        return new Result(ran, "at " + st.render() + ": " + why);
      }
    }
    try {
      s.verifyEnd();
    } catch (Mismatch e) {
      return new Result(ran, "at the end: " + e.getMessage());
    }
    return new Result(ran, null);
  }

  /** Runs one statement on the machine, takes it into the shadow, and checks. */
  private void step(Statement s) {
    int c = s.cpu();
    String who = c < 0 ? "" : current[c];
    StepResult r = run.execute(s);
    expect(!r.failed(), () -> "the step failed: " + r.outcome().text());
    expect(r.diagnostics().isEmpty(), () -> "diagnostics: " + r.diagnostics());
    switch (s.verb()) {
      case KMAP_LOCAL_PAGE, KMAP_LOCAL_PFN, KMAP_ATOMIC, KMAP_ATOMIC_PFN, KMAP_LOCAL_FOLIO ->
          map(s, r);
      case KUNMAP_LOCAL, KUNMAP_ATOMIC, IO_MAPPING_UNMAP_LOCAL, IO_MAPPING_UNMAP_ATOMIC ->
          unmap(s);
      case WRITE -> write(s);
      case READ -> read(s, r);
      case SCHEDULE -> schedule(c, name(s, 0));
      case SLEEP -> sleep(c);
      case WAKE -> wake(name(s, 0));
      case MIGRATE -> cpuOf.put(name(s, 0), ((Arg.CpuArg) s.arg(1)).cpu());
      case FORK -> fork(name(s, 0), ((Arg.NameArg) s.arg(1)).name());
      case EXIT -> exit(name(s, 0));
      case KMAP -> kmap(c, who, s.result(), pfn(s, 0), r);
      case KUNMAP -> kunmap(c, ((Arg.Ref) s.arg(0)).name());
      case KMAP_RANGE -> kmapRange(c, s, r);
      case KUNMAP_RANGE -> kunmapRange(c, ((Arg.Ref) s.arg(0)).name());
      case KMAP_FLUSH_UNUSED -> pkmap.flushUnused();
      case IRQ_ENTER -> frames.get(c).push(new Frame(Context.HARDIRQ, new ArrayDeque<>()));
      case SOFTIRQ_ENTER -> frames.get(c).push(new Frame(Context.SOFTIRQ, new ArrayDeque<>()));
      case NMI_ENTER -> frames.get(c).push(new Frame(Context.NMI, new ArrayDeque<>()));
      case IRQ_EXIT, SOFTIRQ_EXIT, NMI_EXIT -> frames.get(c).pop();
      case IO_MAPPING_CREATE_WC -> ioCreate((Outcome.IoCreated) r.outcome());
      case IO_MAPPING_MAP_LOCAL_WC, IO_MAPPING_MAP_ATOMIC_WC -> ioMap(s, r);
      default -> helper(s, r);
    }
    verify(POOL_CALLS.contains(s.verb()));
  }

  /** The calls after which page_address of the pools' pages is compared with the model. */
  private static final Set<Verb> POOL_CALLS = EnumSet.of(Verb.KMAP, Verb.KUNMAP,
      Verb.KMAP_FLUSH_UNUSED, Verb.KMAP_RANGE, Verb.KUNMAP_RANGE, Verb.SCHEDULE,
      Verb.KMAP_LOCAL_PAGE, Verb.KMAP_ATOMIC, Verb.KMAP_LOCAL_FOLIO, Verb.KUNMAP_LOCAL,
      Verb.KUNMAP_ATOMIC);

  // ---- the calls ----

  private void map(Statement s, StepResult r) {
    int c = s.cpu();
    Outcome.Mapped out = (Outcome.Mapped) r.outcome();
    long pfn = out.pfn();
    long va = out.vaddr();
    long start = 0;
    if (s.verb() == Verb.KMAP_LOCAL_FOLIO) {
      // kmap_local_folio(folio, offset): kmap_local_page(folio_page(folio, offset / PAGE_SIZE))
      // + offset_in_page(offset)
      long offset = ((Arg.Value) s.arg(1)).value();
      long page = ((Arg.FolioArg) s.arg(0)).head().pfn(m.maxLowPfn()) + offset / pageSize;
      start = offset % pageSize;
      expect(pfn == page, "kmap_local_folio mapped " + pageName(pfn) + ", not the folio's page "
          + pageName(page) + " that holds byte " + hex(offset));
      expect(Math.floorMod(va, pageSize) == start, "kmap_local_folio returned " + hex(va)
          + ", not the address of byte " + hex(start) + " of a page");
      va -= start;
    }
    boolean high = pfn >= m.maxLowPfn();
    boolean byPfn = s.verb() == Verb.KMAP_LOCAL_PFN || s.verb() == Verb.KMAP_ATOMIC_PFN;
    long pinned = high && !byPfn && highGet ? pkmap.pin(pfn) : 0;
    boolean slot = inKmapWindow(c, va);
    if (byPfn) {
      expect(slot, "kmap_local_pfn always takes a kmap slot of CPU" + c);
    } else if (!high && !m.config().forceMap()) {
      expect(va == m.lowmemAddress(m.page(pfn)), "a lowmem page must map at its direct-map "
          + "address " + hex(m.lowmemAddress(m.page(pfn))));
    } else if (!high) {
      expect(slot, "with FORCE_MAP a lowmem page must get a kmap slot of CPU" + c);
    } else if (pinned != 0) {
      expect(va == pinned, "not the page's pkmap entry " + hex(pinned)
          + " (arch_kmap_local_high_get)");
    } else {
      expect(slot, "neither a kmap slot of CPU" + c + " nor a pkmap entry");
    }
    boolean atomic = s.verb() == Verb.KMAP_ATOMIC || s.verb() == Verb.KMAP_ATOMIC_PFN;
    push(c, new Mapping(s.result(), va, pfn, atomic ? Flavour.ATOMIC : Flavour.LOCAL, slot,
        false, pinned != 0, start));
  }

  private void ioMap(Statement s, StepResult r) {
    int c = s.cpu();
    long va = ((Outcome.IoMapped) r.outcome()).vaddr();
    long index = ((Arg.Value) s.arg(1)).value() / pageSize;
    boolean slot = iomem == 0;
    expect(slot ? inKmapWindow(c, va) : va == iomem + index * pageSize, slot
        ? "HAVE_ATOMIC_IOMAP: not a kmap slot of CPU" + c : "not the offset into the ioremap");
    boolean atomic = s.verb() == Verb.IO_MAPPING_MAP_ATOMIC_WC;
    push(c, new Mapping(s.result(), va, ioPfn + index,
        atomic ? Flavour.ATOMIC : Flavour.LOCAL, slot, true, false));
  }

  /**
   * Checks a new mapping (page aligned, a slot not live already, translated to its frame) and
   * pushes it on its owner's stack.
   */
  private void push(int c, Mapping map) {
    expect(map.va() % pageSize == 0, "the address is not page aligned");
    if (map.slot()) {
      for (Mapping other : liveOn(c)) {
        expect(!other.slot() || other.va() != map.va(), "the slot is live as " + other.name());
      }
    }
    expectTranslation(c, map.va(), map.pfn());
    owner(c).push(map);
    named.put(map.name(), map);
  }

  private void unmap(Statement s) {
    int c = s.cpu();
    Mapping top = owner(c).pop();
    expect(top.name().equals(((Arg.Ref) s.arg(0)).name()), "the shadow's top map is "
        + top.name());
    named.remove(top.name());
    if (top.pinned()) {
      pkmap.kunmap(top.pfn()); // kunmap_local of a kmap_high_get address is kunmap_high
    }
    if (top.slot()) {
      expect(m.cpu(c).translate(top.va()) == -1, "CPU" + c + " still translates "
          + hex(top.va()) + " to " + hex(m.cpu(c).translate(top.va())));
    }
  }

  private void write(Statement s) {
    Arg.Ref ref = (Arg.Ref) s.arg(0);
    Mapping target = named.get(ref.name());
    long pa = physical(target.pfn(), target.start() + ref.offset());
    memory.put(pa, ((Arg.Value) s.arg(1)).value());
    lastOffset.put(target.pfn(), target.start() + ref.offset());
    if (coherent(target.pfn())) {
      expectPhysical(pa);
    }
  }

  private void read(Statement s, StepResult r) {
    Arg.Ref ref = (Arg.Ref) s.arg(0);
    Mapping target = named.get(ref.name());
    long expected = memory.getOrDefault(physical(target.pfn(), target.start() + ref.offset()),
        0L);
    long actual = ((Outcome.Read) r.outcome()).value();
    expect(actual == expected, "read " + hex(actual) + ", the shadow holds " + hex(expected));
  }

  /** {@code schedule()}; a task that slept in kmap() has it retried by the core. */
  private void schedule(int c, String next) {
    state.put(current[c], Task.State.RUNNABLE);
    state.put(next, Task.State.RUNNING);
    current[c] = next;
    Long pfn = waiting.remove(next);
    if (pfn != null) {
      String name = waitingName.remove(next);
      kmapHigh(c, next, name, pfn);
    }
  }

  private void sleep(int c) {
    state.put(current[c], Task.State.SLEEPING);
    current[c] = idleOf(c);
    state.put(current[c], Task.State.RUNNING);
  }

  private void wake(String task) {
    boolean sleeping = state.get(task) == Task.State.SLEEPING;
    if (sleeping) {
      state.put(task, Task.State.RUNNABLE);
    }
  }

  private void fork(String parent, String child) {
    workers.add(child);
    track(child, Task.State.RUNNABLE, cpuOf.get(parent));
  }

  private void exit(String task) {
    if (state.get(task) == Task.State.RUNNING) {
      int c = cpuOf.get(task);
      current[c] = idleOf(c);
      state.put(current[c], Task.State.RUNNING);
    }
    state.put(task, Task.State.DEAD);
    workers.remove(task);
  }

  private void kmap(int c, String task, String name, long pfn, StepResult r) {
    if (pfn < m.maxLowPfn()) {
      long va = ((Outcome.Mapped) r.outcome()).vaddr();
      expect(va == m.lowmemAddress(m.page(pfn)), "not the direct-map address");
      expectTranslation(c, va, pfn);
      hold(task, name, va, pfn);
      return;
    }
    kmapHigh(c, task, name, pfn);
  }

  /** kmap_high() by {@code task}, current on CPU c: it maps at the model's entry, or sleeps. */
  private void kmapHigh(int c, String task, String name, long pfn) {
    long entry = pkmap.kmap(pfn);
    if (entry == 0) {
      expect(m.task(task).state() == Task.State.SLEEPING && m.task(task).kmapWaiting()
          .isPresent(), task + " did not sleep on pkmap_map_wait with every entry in use");
      waiting.put(task, pfn);
      waitingName.put(task, name);
      sleep(c);
      return;
    }
    long va = m.pageAddress(m.page(pfn));
    expect(va == entry, () -> pageName(pfn) + " got " + hex(va) + ", not the pkmap entry "
        + hex(entry) + " (map_new_virtual's scan)");
    expect(m.task(task).kmapWaiting().isEmpty(), task + " still waits in kmap()");
    expectTranslation(c, va, pfn);
    hold(task, name, va, pfn);
  }

  private void hold(String task, String name, long va, long pfn) {
    Mapping map = new Mapping(name, va, pfn, Flavour.PERSISTENT, false, false, false);
    persistent.get(task).add(map);
    named.put(name, map);
  }

  private void kunmap(int c, String name) {
    Mapping map = named.remove(name);
    persistent.get(current[c]).remove(map);
    if (pkmap.contains(map.va())) {
      kunmapHigh(map.pfn());
    }
  }

  /** kunmap_high(): when the entry falls to unused, the waiters of its colour are woken. */
  private void kunmapHigh(long pfn) {
    pkmap.kunmap(pfn);
    int nr = (int) ((pkmap.pageAddress(pfn) - m.layout().pkmapBase()) / pageSize);
    if (pkmap.count(nr) == 1) {
      for (Map.Entry<String, Long> w : waiting.entrySet()) {
        if (state.get(w.getKey()) == Task.State.SLEEPING
            && pkmap.colour(w.getValue()) == pkmap.colour(pfn)) {
          state.put(w.getKey(), Task.State.RUNNABLE);
        }
      }
    }
  }

  private void kmapRange(int c, Statement s, StepResult r) {
    Outcome.RangeMapped out = (Outcome.RangeMapped) r.outcome();
    long first = pfn(s, 0);
    List<Long> pages = new ArrayList<>();
    for (int i = 0; i < out.count(); i++) {
      long entry = pkmap.kmap(first + i);
      expect(entry != 0, "kmap #" + i + " of the range would sleep in the model");
      if (i == 0) {
        expect(out.vaddr() == entry, () -> "the range's first page got " + hex(out.vaddr())
            + ", not the pkmap entry " + hex(entry));
      }
      Mapping map = new Mapping(i == 0 ? s.result() : s.result() + "#" + i, entry, first + i,
          Flavour.PERSISTENT, false, false, false);
      persistent.get(current[c]).add(map);
      named.put(map.name(), map);
      pages.add(first + i);
    }
  }

  private void kunmapRange(int c, String name) {
    List<Mapping> range = new ArrayList<>();
    for (Mapping map : persistent.get(current[c])) {
      if (map.name().equals(name) || map.name().startsWith(name + "#")) {
        range.add(map);
      }
    }
    List<Long> pages = new ArrayList<>();
    for (Mapping map : range) {
      persistent.get(current[c]).remove(map);
      named.remove(map.name());
      kunmapHigh(map.pfn());
      pages.add(map.pfn());
    }
    expectPkmap(pages);
  }

  private void ioCreate(Outcome.IoCreated io) {
    ioPfn = io.base() / pageSize;
    iomem = io.iomem();
  }

  /** A highmem.h helper: the shadow updated byte for byte, what it wrote read back. */
  private void helper(Statement s, StepResult r) {
    int c = s.cpu();
    int ps = (int) pageSize;
    switch (s.verb()) {
      case MEMCPY_PAGE -> {
        long dst = pfn(s, 0);
        int off = value(s, 1);
        int len = value(s, 4);
        storeBytes(dst, off, shadowBytes(pfn(s, 2), value(s, 3), len));
        expectWritten(c, dst, off, len);
      }
      case MEMCPY_TO_PAGE -> {
        long dst = pfn(s, 0);
        storeBytes(dst, value(s, 1), Verb.bytes(((Arg.Value) s.arg(3)).value(), value(s, 2)));
        expectWritten(c, dst, value(s, 1), value(s, 2));
      }
      case MEMCPY_FROM_PAGE -> expectBytes(((Outcome.BytesRead) r.outcome()).bytes(),
          pfn(s, 0), value(s, 1));
      case MEMSET_PAGE -> {
        byte[] b = new byte[value(s, 3)];
        Arrays.fill(b, (byte) value(s, 2));
        storeBytes(pfn(s, 0), value(s, 1), b);
        expectWritten(c, pfn(s, 0), value(s, 1), b.length);
      }
      case MEMZERO_PAGE -> {
        storeBytes(pfn(s, 0), value(s, 1), new byte[value(s, 2)]);
        expectWritten(c, pfn(s, 0), value(s, 1), value(s, 2));
      }
      case COPY_HIGHPAGE, COPY_USER_HIGHPAGE -> {
        storeBytes(pfn(s, 0), 0, shadowBytes(pfn(s, 1), 0, ps));
        expectWritten(c, pfn(s, 0), 0, ps);
      }
      case CLEAR_HIGHPAGE -> {
        storeBytes(pfn(s, 0), 0, new byte[ps]);
        expectWritten(c, pfn(s, 0), 0, ps);
      }
      default -> folioHelper(s, r);
    }
  }

  private void folioHelper(Statement s, StepResult r) {
    int c = s.cpu();
    Arg.FolioArg f = (Arg.FolioArg) s.arg(0);
    long first = f.head().pfn(m.maxLowPfn());
    int off = value(s, 1);
    switch (s.verb()) {
      case ZERO_USER_SEGMENTS -> {
        int end1 = value(s, 2);
        int start2 = value(s, 3);
        int end2 = value(s, 4);
        storeFolio(first, off, new byte[end1 - off]);
        storeFolio(first, start2, new byte[end2 - start2]);
        forEachPiece(first, start2, end2 - start2, (pfn, at, done, chunk) ->
            expectWritten(c, pfn, at, chunk));
        forEachPiece(first, off, end1 - off, (pfn, at, done, chunk) ->
            expectWritten(c, pfn, at, chunk));
      }
      case MEMCPY_TO_FOLIO -> {
        int len = value(s, 2);
        storeFolio(first, off, Verb.bytes(((Arg.Value) s.arg(3)).value(), len));
        forEachPiece(first, off, len, (pfn, at, done, chunk) -> expectWritten(c, pfn, at, chunk));
      }
      default -> {
        byte[] out = ((Outcome.BytesRead) r.outcome()).bytes();
        forEachPiece(first, off, out.length, (pfn, at, done, chunk) ->
            expectBytes(Arrays.copyOfRange(out, done, done + chunk), pfn, at));
      }
    }
  }

  private void storeFolio(long first, int offset, byte[] data) {
    forEachPiece(first, offset, data.length, (pfn, at, done, chunk) ->
        storeBytes(pfn, at, Arrays.copyOfRange(data, done, done + chunk)));
  }

  /**
   * The part of a folio's byte range in one page: {@code len} bytes at offset {@code at} of the
   * page {@code pfn}, after {@code done} bytes of the range.
   */
  private interface Piece {
    void accept(long pfn, int at, int done, int len);
  }

  /** Splits {@code len} bytes at byte {@code offset} of the folio at {@code first} by page. */
  private void forEachPiece(long first, int offset, int len, Piece piece) {
    int ps = (int) pageSize;
    for (int done = 0; done < len; ) {
      int at = offset + done;
      int chunk = Math.min(len - done, ps - at % ps);
      piece.accept(first + at / ps, at % ps, done, chunk);
      done += chunk;
    }
  }

  // ---- checks after every step ----

  private void verify(boolean pool) {
    List<InvariantViolation> broken = m.checkInvariants();
    expect(broken.isEmpty(), "invariants broken: " + broken);
    for (int c = 0; c < current.length; c++) {
      Cpu cpu = m.cpu(c);
      Context expected = frames.get(c).isEmpty() ? Context.TASK : frames.get(c).peek().context();
      expect(cpu.current().name().equals(current[c]) && cpu.context() == expected, "CPU" + c
          + " runs " + cpu.current().name() + " in " + cpu.context() + ", expected " + current[c]
          + " in " + expected);
      for (Mapping map : usableOn(c)) {
        expectContents(c, map);
      }
    }
    for (String name : state.keySet()) {
      verifyTask(name);
    }
    for (String w : workers) {
      for (Mapping map : persistent.get(w)) {
        expectContents(cpuOf.get(w), map);
      }
    }
    expect(m.counters().pkmapFlushes() == pkmap.flushes(), "flush_all_zero_pkmaps freed entries "
        + m.counters().pkmapFlushes() + " times, expected " + pkmap.flushes());
    long base = m.maxLowPfn() + 3 & ~3L;
    for (int c = 0; pool && c < (vivt ? current.length : 1); c++) {
      for (int i = 0; i < HIGH_POOL; i++) {
        expectPageAddress(base + (vivt ? (long) c * HIGH_POOL : 0) + i);
      }
    }
  }

  /** The task's state, kmap_ctrl and disable counts against the shadow. */
  private void verifyTask(String name) {
    Task task = m.task(name);
    List<Mapping> maps = new ArrayList<>(stacks.get(name));
    if (state.get(name) == Task.State.RUNNING) {
      maps = liveOn(cpuOf.get(name));
    }
    List<Long> slots =
        new ArrayList<>(maps.stream().filter(Mapping::slot).map(Mapping::va).toList());
    Collections.reverse(slots);
    int atomics = (int) maps.stream().filter(x -> x.flavour() == Flavour.ATOMIC).count();
    expect(task.state() == state.get(name) && task.cpu() == cpuOf.get(name), name + " is "
        + task.state() + " on CPU" + task.cpu() + ", expected " + state.get(name) + " on CPU"
        + cpuOf.get(name));
    List<Long> held = task.liveMaps().stream().map(LiveMap::vaddr).toList();
    expect(held.equals(slots), name + " holds " + hexes(held) + ", expected " + hexes(slots));
    expect(task.migrationDisabled() == slots.size(), name + " migration_disabled "
        + task.migrationDisabled() + ", expected " + slots.size() + " (one per fixmap kmap)");
    expect(task.preemptCount() == atomics && task.pagefaultDisabled() == atomics, name
        + " preempt_count " + task.preemptCount() + ", pagefault_disabled "
        + task.pagefaultDisabled() + ", expected " + atomics + " (one per kmap_atomic)");
  }

  /**
   * No diagnostic at all, and (where no VIVT line may still be dirty) physical memory holds every
   * word written.
   */
  private void verifyEnd() {
    List<Diagnostic> all = m.diagnostics();
    expect(all.isEmpty(), "diagnostics: " + all);
    memory.keySet().stream().filter(pa -> coherent(pa / pageSize)).forEach(this::expectPhysical);
  }

  private void expectContents(int c, Mapping map) {
    long offset = lastOffset.getOrDefault(map.pfn(), 0L);
    long expected = memory.getOrDefault(physical(map.pfn(), offset), 0L);
    long actual = m.cpu(c).readLong(map.va() + offset);
    expect(actual == expected, () -> String.format(
        "CPU%d reads %s through %s+%s (%s at %s), expected %s", c, hex(actual), map.name(),
        hex(offset), pageName(map.pfn()), hex(map.va()), hex(expected)));
  }

  private void expectTranslation(int c, long va, long pfn) {
    long pa = m.cpu(c).translate(va);
    expect(pa == physical(pfn, 0), "CPU" + c + " translates " + hex(va) + " to " + hex(pa));
  }

  /** {@code page_address()} of a highmem page is its pkmap entry in the model, or 0. */
  private void expectPageAddress(long pfn) {
    long actual = m.pageAddress(m.page(pfn));
    expect(actual == pkmap.pageAddress(pfn), () -> "page_address(" + pageName(pfn) + ") is "
        + hex(actual) + ", expected " + hex(pkmap.pageAddress(pfn)));
  }

  /** page_address of pages the pool mapped, and every pkmap_count, agree with the model. */
  private void expectPkmap(List<Long> touched) {
    for (long pfn : touched) {
      expectPageAddress(pfn);
    }
    for (int nr = 0; nr < pkmap.lastPkmap(); nr++) {
      int entry = nr;
      expect(m.pkmapCount(nr) == pkmap.count(nr), () -> "pkmap_count[" + entry + "] is "
          + m.pkmapCount(entry) + ", expected " + pkmap.count(entry));
    }
  }

  /** Bytes a helper read are what the shadow holds at a page offset. */
  private void expectBytes(byte[] actual, long pfn, int offset) {
    byte[] expected = shadowBytes(pfn, offset, actual.length);
    int i = Arrays.mismatch(actual, expected);
    expect(i < 0, () -> String.format("byte %s of %s is %s, expected %s", hex(offset + i),
        pageName(pfn), hex(actual[i] & 0xff), hex(expected[i] & 0xff)));
  }

  /**
   * The words a helper wrote, read through a fresh kmap_local by the same context and, where
   * memory is coherent, from physical memory.
   */
  private void expectWritten(int c, long pfn, int offset, int len) {
    Cpu cpu = m.cpu(c);
    long va = cpu.kmapLocalPage(m.page(pfn));
    for (long at = offset & ~7L; at < offset + len; at += 8) {
      long expected = memory.getOrDefault(physical(pfn, at), 0L);
      long actual = cpu.readLong(va + at);
      long word = at;
      expect(actual == expected, () -> String.format("read back through a kmap_local at %s,"
          + " %s+%s holds %s, expected %s", hex(va), pageName(pfn), hex(word), hex(actual),
          hex(expected)));
      if (coherent(pfn)) {
        expectPhysical(physical(pfn, at));
      }
    }
    cpu.kunmapLocal(va);
  }

  private void expectPhysical(long pa) {
    long expected = memory.getOrDefault(pa, 0L);
    long actual = Variants.physicalLong(m, pa);
    expect(actual == expected, () -> "physical memory at " + hex(pa) + " holds "
        + hex(actual) + ", expected " + hex(expected));
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw new Mismatch(message);
    }
  }

  /** As {@link #expect(boolean, String)}, the message built only on failure (hot loops). */
  private static void expect(boolean ok, Supplier<String> message) {
    if (!ok) {
      throw new Mismatch(message.get());
    }
  }

  // ---- the shadow's view ----

  /** The maps of the innermost context of a CPU. */
  private Deque<Mapping> owner(int c) {
    return frames.get(c).isEmpty() ? stacks.get(current[c]) : frames.get(c).peek().maps();
  }

  /** The local maps live on a CPU (its task's, then its interrupts'), top first. */
  /**
   * The live maps the context running on CPU {@code c} may use (Documentation/mm/highmem.rst: a
   * local mapping only in the context that made it): an interrupt's own, or the task's. The
   * outer contexts' maps are read once their context runs again (the checker reports a read of
   * them from here, KMAP-W017).
   */
  private java.util.Collection<Mapping> usableOn(int c) {
    return frames.get(c).isEmpty() ? stacks.get(current[c]) : frames.get(c).peek().maps();
  }

  private List<Mapping> liveOn(int c) {
    List<Mapping> maps = new ArrayList<>();
    for (Frame f : frames.get(c)) {
      maps.addAll(f.maps());
    }
    maps.addAll(stacks.get(current[c]));
    return maps;
  }

  private String pageName(long pfn) {
    if (ioPfn >= 0 && pfn >= ioPfn) {
      return "io+" + (pfn - ioPfn);
    }
    return pfn >= m.maxLowPfn() ? "highmem+" + (pfn - m.maxLowPfn()) : "lowmem+" + pfn;
  }

  /**
   * Whether physical memory holds what was written through any mapping: device memory always
   * (uncached), RAM unless a VIVT line may still be dirty.
   */
  private boolean coherent(long pfn) {
    return !vivt || ioPfn >= 0 && pfn >= ioPfn;
  }

  /** The shadow's bytes of a page range (memory is little-endian 64-bit words). */
  private byte[] shadowBytes(long pfn, int offset, int len) {
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      long pa = physical(pfn, offset + i);
      b[i] = (byte) (memory.getOrDefault(pa & ~7L, 0L) >>> 8 * (pa & 7));
    }
    return b;
  }

  private void storeBytes(long pfn, int offset, byte[] data) {
    for (int i = 0; i < data.length; i++) {
      long pa = physical(pfn, offset + i);
      long shift = 8 * (pa & 7);
      long word = memory.getOrDefault(pa & ~7L, 0L) & ~(0xffL << shift);
      memory.put(pa & ~7L, word | (data[i] & 0xffL) << shift);
    }
  }

  /** Whether {@code va} is one of CPU c's KM_MAX_IDX (times DCACHE_N_COLORS) fixmap slots. */
  private boolean inKmapWindow(int c, long va) {
    return KmapWindow.ofCpu(m.layout(), c, m.config().kmMaxIdx() * m.arch().dcacheColours())
        .contains(va);
  }

  private long physical(long pfn, long offset) {
    return pfn * pageSize + offset;
  }

  private long pfn(Statement s, int i) {
    return ((Arg.PageArg) s.arg(i)).pfn(m.maxLowPfn());
  }

  private static int value(Statement s, int i) {
    return (int) ((Arg.Value) s.arg(i)).value();
  }

  private static String name(Statement s, int i) {
    return ((Arg.TaskArg) s.arg(i)).name();
  }

  private String idleOf(int c) {
    return "swapper/" + c;
  }

  private static String hex(long v) {
    return v == -1 ? "-1" : "0x" + Long.toHexString(v);
  }

  private static String hexes(List<Long> vas) {
    return vas.stream().map(Shadow::hex).toList().toString();
  }
}
