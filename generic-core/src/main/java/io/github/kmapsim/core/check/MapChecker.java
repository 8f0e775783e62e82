// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.Site;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.diag.LeakSites;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.diag.TaskSite;
import io.github.kmapsim.core.highmem.KmapObserver;
import io.github.kmapsim.core.highmem.Pkmap;
import io.github.kmapsim.core.hw.StaleTlbCause;
import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.SimTask;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The owner and life of every mapping, and the check of every access against them, as
 * Documentation/mm/highmem.rst states the rules: a {@code kmap_local_page()} mapping belongs to
 * the task and the context that made it, a {@code kmap_atomic()} one to the CPU and context, a
 * {@code kmap()} one to whoever holds a reference; after its unmap a mapping is dead, also when
 * its address shows another page again (a reused slot) or stays valid (a lowmem page's direct
 * map, which in a scenario is followed by its name).
 *
 * <p>Allocation-free on the hot path: per-task records preallocated per slot ({@link TaskMaps}),
 * a per-page table of the last mapping made in each kmap window slot (its task, CPU, site and
 * whether it is live), a per-entry table for the pkmap pool, sites as interned {@code int}s
 * ({@link SiteTable}). A diagnostic is built only when a check fails.
 */
public final class MapChecker implements KmapObserver, LeakSites, StaleTlbCause {
  private final boolean checks;
  private final boolean recordCallSites;
  private final Reporter reporter;
  private final Pkmap pkmap;
  private final int kmMaxIdx;
  private final int pageShift;
  private final long pageMask;
  private final long windowStart;
  private final long windowEnd;
  private final long pkmapBase;
  private final int lastPkmap;
  private final SiteTable sites = new SiteTable();

  private final int[] declaredSite;
  private final String[] declaredName;
  private final SimTask[] cachedTask;
  /**
   * Per CPU, the kmap window page of the last access by address that passed the slot check, with
   * the task and context it passed for; forgotten at every map, unmap and restore, so that a hit
   * is still a live mapping of that task made in that context.
   */
  private final long[] passedPage;
  private final SimTask[] passedTask;
  private final byte[] passedContext;
  private final TaskMaps[] cachedMaps;
  private final Map<SimTask, TaskMaps> maps = new IdentityHashMap<>();

  private final SimTask[] owner;
  private final int[] ownerCpu;
  private final int[] ownerMapSite;
  private final int[] ownerUnmapSite;
  private final long[] ownerPfn;
  private final boolean[] ownerLive;

  private final long[] pkPfn;
  private final int[] pkMapSite;
  private final int[] pkUnmapSite;

  private final Map<String, Named> names = new HashMap<>();

  /** The per-CPU variables defined so far, by name, in order. */
  private final Map<String, Integer> perCpuVars = new HashMap<>();
  private final int nrCpus;
  private final long pageOffset;
  private final long perCpuLowPfn;
  private final long maxLowPfn;
  private final SimTask[] pcLast;
  private final int[] pcLastSite;
  private final long[] pcGen;

  /** How many per-CPU variables the simulated per-CPU area holds. */
  static final int MAX_PER_CPU_VARS = 16;

  /** What a scenario name was bound to by its map statement. */
  static final class Named {
    final SimTask task;
    final int cpu;
    final Context context;
    final String kind;
    final long vaddr;
    final long pfn;
    final int mapSite;
    int unmapSite;
    boolean live = true;
    /** For a this_cpu_ptr name: the per-CPU copy, and its generation when last used by it. */
    int copy = -1;
    long seenGen;

    Named(SimTask task, int cpu, Context context, String kind, long vaddr, long pfn, int site) {
      this.task = task;
      this.cpu = cpu;
      this.context = context;
      this.kind = kind;
      this.vaddr = vaddr;
      this.pfn = pfn;
      this.mapSite = site;
    }

    boolean local() {
      return !kind.equals("kmap");
    }

    Named copy() {
      Named n = new Named(task, cpu, context, kind, vaddr, pfn, mapSite);
      n.unmapSite = unmapSite;
      n.live = live;
      n.copy = copy;
      n.seenGen = seenGen;
      return n;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Named n && n.task.name().equals(task.name()) && n.cpu == cpu
          && n.context == context && n.kind.equals(kind) && n.vaddr == vaddr && n.pfn == pfn
          && n.mapSite == mapSite && n.unmapSite == unmapSite && n.live == live
          && n.copy == copy && n.seenGen == seenGen;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(task.name(), kind, vaddr, pfn, mapSite, live);
    }
  }

  /**
   * A checker for a machine of {@code nrCpus} CPUs.
   *
   * @param checks whether accesses are checked (maps are recorded either way, for the sites)
   * @param recordCallSites whether maps and unmaps without a declared site walk the stack
   */
  public MapChecker(boolean checks, boolean recordCallSites, int nrCpus, int kmMaxIdx,
      MemoryLayout layout, long maxLowPfn, Pkmap pkmap, Reporter reporter) {
    this.checks = checks;
    this.nrCpus = nrCpus;
    this.pageOffset = layout.pageOffset();
    this.maxLowPfn = maxLowPfn;
    this.perCpuLowPfn = maxLowPfn - (long) MAX_PER_CPU_VARS * nrCpus;
    this.pcLast = new SimTask[MAX_PER_CPU_VARS * nrCpus];
    this.pcLastSite = new int[pcLast.length];
    this.pcGen = new long[pcLast.length];
    this.recordCallSites = recordCallSites;
    this.reporter = reporter;
    this.pkmap = pkmap;
    this.kmMaxIdx = kmMaxIdx;
    this.pageShift = layout.pageShift();
    this.pageMask = -(1L << pageShift);
    KmapWindow window = KmapWindow.of(layout);
    this.windowStart = window.start();
    this.windowEnd = window.end();
    this.pkmapBase = layout.pkmapBase();
    this.lastPkmap = layout.lastPkmap();
    int pages = (int) Math.min(1 << 16, Math.max(0, (windowEnd - windowStart) >> pageShift));
    declaredSite = new int[nrCpus];
    declaredName = new String[nrCpus];
    cachedTask = new SimTask[nrCpus];
    passedPage = new long[nrCpus];
    Arrays.fill(passedPage, -1);
    passedTask = new SimTask[nrCpus];
    passedContext = new byte[nrCpus];
    cachedMaps = new TaskMaps[nrCpus];
    owner = new SimTask[pages];
    ownerCpu = new int[pages];
    ownerMapSite = new int[pages];
    ownerUnmapSite = new int[pages];
    ownerPfn = new long[pages];
    ownerLive = new boolean[pages];
    pkPfn = new long[Math.max(0, lastPkmap)];
    pkMapSite = new int[pkPfn.length];
    pkUnmapSite = new int[pkPfn.length];
    Arrays.fill(pkPfn, -1);
  }

  // ---- sites ----

  /** {@code Cpu.callSite()}: the site (and name) the next calls on CPU {@code cpu} come from. */
  public void declare(int cpu, String file, int line, String name) {
    declaredSite[cpu] = file == null ? 0 : sites.intern(file, line, name == null ? "" : name);
    declaredName[cpu] = file == null ? null : name;
  }

  private int site(int cpu) {
    int s = declaredSite[cpu];
    return s != 0 || !recordCallSites ? s : sites.caller();
  }

  private void add(List<Site> to, int id, Site.Role role) {
    Site s = sites.site(id, role);
    if (s != null) {
      to.add(s);
    }
  }

  // ---- the record of local maps (KmapObserver) ----

  @Override
  public void mapped(SchedCpu cpu, SimTask task, int slot, long vaddr, long pfn, boolean atomic) {
    int c = cpu.id();
    passedPage[c] = -1;
    int site = site(c);
    if (slot >= 0) {
      TaskMaps m = maps(c, task);
      m.vaddr[slot] = vaddr;
      m.pfn[slot] = pfn;
      m.mapSite[slot] = site;
      m.context[slot] = (byte) cpu.context().ordinal();
      m.atomic[slot] = atomic;
      int rel = rel(vaddr);
      if (rel >= 0) {
        owner[rel] = task;
        ownerCpu[rel] = c;
        ownerMapSite[rel] = site;
        ownerUnmapSite[rel] = 0;
        ownerPfn[rel] = pfn;
        ownerLive[rel] = true;
      }
      sites.mapped(site);
    }
    String name = declaredName[c];
    if (name != null) {
      bind(name, task, cpu, atomic ? "kmap_atomic" : "kmap_local", vaddr, pfn, site);
    }
  }

  @Override
  public void unmapped(SchedCpu cpu, SimTask task, int slot, long vaddr) {
    int c = cpu.id();
    passedPage[c] = -1;
    int site = site(c);
    if (slot >= 0) {
      TaskMaps m = maps(c, task);
      sites.unmapped(m.mapSite[slot]);
      m.deadVaddr[slot] = m.vaddr[slot];
      m.deadPfn[slot] = m.pfn[slot];
      m.deadMapSite[slot] = m.mapSite[slot];
      m.deadUnmapSite[slot] = site;
      m.mapSite[slot] = 0;
      int rel = rel(m.vaddr[slot]);
      if (rel >= 0 && owner[rel] == task) {
        ownerLive[rel] = false;
        ownerUnmapSite[rel] = site;
      }
    }
    kill(declaredName[c], site);
  }

  /** A kmap() through the facade mapped {@code pfn} at {@code vaddr}. */
  public void kmapped(SchedCpu cpu, long vaddr, long pfn) {
    int c = cpu.id();
    int site = site(c);
    int nr = pkmapNr(vaddr);
    if (nr >= 0) {
      pkPfn[nr] = pfn;
      pkMapSite[nr] = site;
      pkUnmapSite[nr] = 0;
    }
    String name = declaredName[c];
    if (name != null) {
      bind(name, cpu.currentTask(), cpu, "kmap", vaddr, pfn, site);
    }
  }

  /** A kunmap() through the facade dropped a reference to the entry at {@code vaddr}. */
  public void kunmapped(SchedCpu cpu, long vaddr) {
    int site = site(cpu.id());
    int nr = pkmapNr(vaddr);
    if (nr >= 0) {
      pkUnmapSite[nr] = site;
    }
    kill(declaredName[cpu.id()], site);
  }

  private void bind(String name, SimTask task, SchedCpu cpu, String kind, long vaddr, long pfn,
      int site) {
    Named n = names.get(name);
    if (n != null && n.live && n.mapSite == site) {
      return; // the next page of the same kmap_range
    }
    names.put(name, new Named(task, cpu.id(), cpu.context(), kind, vaddr, pfn, site));
  }

  private void kill(String name, int site) {
    Named n = name == null ? null : names.get(name);
    if (n != null && n.live) {
      n.live = false;
      n.unmapSite = site;
    }
  }

  private TaskMaps maps(int cpu, SimTask task) {
    if (cachedTask[cpu] == task) {
      return cachedMaps[cpu];
    }
    TaskMaps m;
    synchronized (maps) {
      m = maps.computeIfAbsent(task, t -> new TaskMaps(kmMaxIdx));
    }
    cachedTask[cpu] = task;
    cachedMaps[cpu] = m;
    return m;
  }

  private int rel(long vaddr) {
    long page = vaddr & pageMask;
    if (page < windowStart || page >= windowEnd) {
      return -1;
    }
    long rel = (page - windowStart) >> pageShift;
    return rel < owner.length ? (int) rel : -1;
  }

  private int pkmapNr(long vaddr) {
    long nr = (vaddr - pkmapBase) >> pageShift;
    return vaddr >= pkmapBase && nr < lastPkmap ? (int) nr : -1;
  }

  // ---- the checks at the access ----

  /**
   * Checks an access ({@code what}: "read", "write") through {@code vaddr} on {@code cpu} that
   * has just completed: through the declared name when the scenario gave one it bound, else by
   * the address.
   */
  public void access(SchedCpu cpu, long vaddr, String what) {
    access(cpu, vaddr, what, true);
  }

  /**
   * A helper's bulk access through the mapping at {@code vaddr} ({@link KmapObserver#accessed}):
   * by the address, since the helper made the mapping itself and no scenario name is bound to
   * it; one check per mapping and call, with a byte access's diagnostics.
   */
  @Override
  public void accessed(SchedCpu cpu, long vaddr, String what) {
    access(cpu, vaddr, what, false);
  }

  private void access(SchedCpu cpu, long vaddr, String what, boolean byName) {
    if (!checks) {
      return;
    }
    String name = byName ? declaredName[cpu.id()] : null;
    if (name != null) {
      Named n = names.get(name);
      if (n != null) {
        checkNamed(cpu, name, n, vaddr, what);
        return;
      }
    }
    int c = cpu.id();
    if (passedPage[c] == (vaddr & pageMask) && passedTask[c] == cpu.currentTask()
        && passedContext[c] == cpu.context().ordinal()) {
      return;
    }
    int copy = copyOf(vaddr);
    if (copy >= 0) {
      touch(copy, cpu.currentTask(), declaredSite[c]);
      return;
    }
    int rel = rel(vaddr);
    if (rel >= 0) {
      checkSlot(cpu, vaddr, rel, what);
    } else if (pkmapNr(vaddr) >= 0) {
      checkPkmap(cpu, vaddr, pkmapNr(vaddr), what);
    }
  }

  private void checkNamed(SchedCpu cpu, String name, Named n, long vaddr, String what) {
    if (n.copy >= 0) {
      checkPerCpu(cpu, name, n, vaddr, what);
      return;
    }
    SimTask t = cpu.currentTask();
    String use = String.format("%s of 0x%08x ('%s', %s of pfn 0x%x by %s)", what, vaddr, name,
        n.kind, n.pfn, n.task.name());
    if (!n.live) {
      report(cpu, DiagnosticCode.USE_AFTER_UNMAP, use + ": it was unmapped" + at(n.unmapSite)
          + "; " + showsNow(cpu, vaddr, n.pfn, n.vaddr, n.kind), n.mapSite, n.unmapSite);
    } else if (n.local() && n.cpu != cpu.id()) {
      report(cpu, DiagnosticCode.USE_ON_OTHER_CPU, use + " on CPU" + cpu.id() + ": it was made"
          + " on CPU" + n.cpu + ", whose fixmap slot it is", n.mapSite, 0);
    } else if (n.local() && n.task != t) {
      report(cpu, DiagnosticCode.USE_BY_OTHER_TASK, use + " by " + t.name() + ": a " + n.kind
          + " mapping is valid only in the task that made it; " + t.name() + " "
          + showsNow(cpu, vaddr, n.pfn, n.vaddr, n.kind).replaceFirst("^it ", ""), n.mapSite, 0);
    } else if (n.local() && n.context != cpu.context()) {
      report(cpu, DiagnosticCode.USE_IN_WRONG_CONTEXT, use + " in " + ctx(cpu.context())
          + " context: it was made in " + ctx(n.context) + " context, and a " + n.kind
          + " mapping is valid only in the context that made it", n.mapSite, 0);
    }
  }

  /**
   * An access through a kmap window slot: silent when the current task holds a live mapping of
   * that page made in this context (the common case, kept small so that it inlines); anything
   * else is judged by {@link #slotNotHeld}.
   */
  private void checkSlot(SchedCpu cpu, long vaddr, int rel, String what) {
    SimTask t = cpu.currentTask();
    long page = vaddr & pageMask;
    TaskMaps m = maps(cpu.id(), t);
    for (int i = t.kmapIdx - 1; i >= 0; i--) {
      if (m.vaddr[i] == page && t.pteval[i] != 0) {
        byte made = m.context[i];
        byte now = (byte) cpu.context().ordinal();
        if (made != TaskMaps.ANY_CONTEXT && made != now) {
          wrongContext(cpu, vaddr, what, t, m, i);
        } else {
          int c = cpu.id();
          passedPage[c] = page;
          passedTask[c] = t;
          passedContext[c] = now;
        }
        return;
      }
    }
    slotNotHeld(cpu, vaddr, rel, what, t, m, page);
  }

  private void wrongContext(SchedCpu cpu, long vaddr, String what, SimTask t, TaskMaps m, int i) {
    Context c = Context.values()[m.context[i]];
    report(cpu, DiagnosticCode.USE_IN_WRONG_CONTEXT, String.format("%s of 0x%08x in %s"
        + " context: %s's %s of pfn 0x%x was made in %s context, and is valid only"
        + " there", what, vaddr, ctx(cpu.context()), t.name(), kind(m.atomic[i]),
        m.pfn[i], ctx(c)), m.mapSite[i], 0);
  }

  /** A slot access the current task does not hold live: after its unmap, or someone else's. */
  private void slotNotHeld(SchedCpu cpu, long vaddr, int rel, String what, SimTask t,
      TaskMaps m, long page) {
    for (int i = 0; i < kmMaxIdx; i++) {
      if (m.deadVaddr[i] == page) {
        report(cpu, DiagnosticCode.USE_AFTER_UNMAP, String.format("%s of 0x%08x by %s: its"
            + " mapping of pfn 0x%x was unmapped%s; %s", what, vaddr, t.name(), m.deadPfn[i],
            at(m.deadUnmapSite[i]), showsNow(cpu, vaddr, m.deadPfn[i], page, "kmap_local")),
            m.deadMapSite[i], m.deadUnmapSite[i]);
        return;
      }
    }
    SimTask o = owner[rel];
    if (o == null) {
      return;
    }
    String mapping = String.format("%s's mapping of pfn 0x%x%s (%s)", o.name(), ownerPfn[rel],
        at(ownerMapSite[rel]), ownerLive[rel] ? "live" : "unmapped" + at(ownerUnmapSite[rel]));
    if (ownerCpu[rel] != cpu.id()) {
      report(cpu, DiagnosticCode.USE_ON_OTHER_CPU, String.format("%s of 0x%08x on CPU%d by %s:"
          + " the address is a CPU%d fixmap slot, %s; %s", what, vaddr, cpu.id(), t.name(),
          ownerCpu[rel], mapping, showsNow(cpu, vaddr, ownerPfn[rel], page, "kmap_local")),
          ownerMapSite[rel], ownerUnmapSite[rel]);
    } else if (o != t) {
      report(cpu, DiagnosticCode.USE_BY_OTHER_TASK, String.format("%s of 0x%08x by %s: the"
          + " address is %s, valid only in %s; %s", what, vaddr, t.name(), mapping, o.name(),
          showsNow(cpu, vaddr, ownerPfn[rel], page, "kmap_local")), ownerMapSite[rel],
          ownerUnmapSite[rel]);
    }
  }

  private void checkPkmap(SchedCpu cpu, long vaddr, int nr, String what) {
    if (pkPfn[nr] < 0 || pkmap.count(nr) > 1) {
      return;
    }
    int count = pkmap.count(nr);
    report(cpu, DiagnosticCode.USE_AFTER_UNMAP, String.format("%s of 0x%08x: the kmap() of pfn"
        + " 0x%x there was kunmapped%s and no reference is held (pkmap_count %d); %s", what,
        vaddr, pkPfn[nr], at(pkUnmapSite[nr]), count, showsNow(cpu, vaddr, pkPfn[nr],
            vaddr & pageMask, "kmap")), pkMapSite[nr], pkUnmapSite[nr]);
  }

  /** What the address shows this CPU now, against the page the dead mapping showed. */
  private String showsNow(SchedCpu cpu, long vaddr, long was, long mappedAt, String kind) {
    long pa = cpu.hw().translate(vaddr);
    if (pa < 0) {
      return "it has no translation now";
    }
    long now = pa >>> pageShift;
    if (now != was) {
      int rel = rel(vaddr);
      String who = rel >= 0 && owner[rel] != null && ownerLive[rel] && ownerPfn[rel] == now
          ? " (" + owner[rel].name() + "'s mapping" + at(ownerMapSite[rel]) + ")" : "";
      return String.format("it shows pfn 0x%x now%s, not pfn 0x%x: the access reached another"
          + " page, and the kernel says nothing", now, who, was);
    }
    if (rel(mappedAt) < 0 && pkmapNr(mappedAt) < 0) {
      return String.format("it still shows pfn 0x%x through the direct map, so a 32-bit kernel"
          + " without FORCE_MAP and every 64-bit one (where %s is page_address) are silent",
          was, kind);
    }
    return String.format(pkmapNr(mappedAt) >= 0
        ? "it still shows pfn 0x%x, until the pkmap entry is flushed and reused"
        : "it still shows pfn 0x%x, until the slot is reused", was);
  }

  private void report(SchedCpu cpu, DiagnosticCode code, String message, int mapSite,
      int unmapSite) {
    List<Site> s = new ArrayList<>(3);
    add(s, mapSite, Site.Role.MAP);
    add(s, unmapSite, Site.Role.UNMAP);
    add(s, declaredSite[cpu.id()], Site.Role.USE);
    reporter.warn(code, cpu, cpu.currentTask(), message, s);
  }

  private String at(int site) {
    Site s = sites.site(site, Site.Role.MAP);
    return s == null ? "" : " at " + s.where();
  }

  private static String kind(boolean atomic) {
    return atomic ? "kmap_atomic" : "kmap_local";
  }

  private static String ctx(Context c) {
    return c.name().toLowerCase(Locale.ROOT);
  }

  // ---- per-CPU data ----

  /**
   * The address of CPU {@code cpu}'s copy of the per-CPU variable {@code var}: a page of the
   * per-CPU area at the top of lowmem (the last {@value #MAX_PER_CPU_VARS} x NR_CPUS lowmem
   * pages), the variable defined on first use.
   */
  public long perCpuAddress(SchedCpu cpu, String var) {
    checkVarName(cpu, var);
    int v;
    synchronized (perCpuVars) {
      Integer known = perCpuVars.get(var);
      if (known == null && perCpuVars.size() == MAX_PER_CPU_VARS) {
        throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, cpu, cpu.currentTask(), String.format(
            "per-CPU variable '%s': the simulated per-CPU area holds %d variables", var,
            MAX_PER_CPU_VARS));
      }
      v = known != null ? known : perCpuVars.size();
      perCpuVars.putIfAbsent(var, v);
    }
    long pfn = maxLowPfn - 1 - ((long) v * nrCpus + cpu.id());
    return pageOffset + (pfn << pageShift);
  }

  /**
   * Refuses a null or blank per-CPU variable name, defining nothing (for {@code put_cpu_ptr},
   * whose refusal must leave the per-CPU area as it was).
   */
  public void checkVarName(SchedCpu cpu, String var) {
    if (var == null || var.isBlank()) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, cpu, cpu.currentTask(),
          "a per-CPU variable needs a name");
    }
  }

  /**
   * {@code this_cpu_ptr(&var)}: CONFIG_DEBUG_PREEMPT's check (lib/smp_processor_id.c, v5.11+:
   * silent with preemption or interrupts disabled, in an interrupt, in a per-CPU thread or with
   * migration disabled), then the address; a declared name follows the pointer for the race
   * check.
   */
  public long thisCpuPtr(SchedCpu cpu, String var) {
    long va = perCpuAddress(cpu, var);
    SimTask t = cpu.currentTask();
    int c = cpu.id();
    int copy = copyOf(va);
    if (checks && t.preemptCount == 0 && !cpu.irqsDisabled() && cpu.context() == Context.TASK
        && t.migrationDisabled == 0 && !t.isIdle()) {
      report(cpu, DiagnosticCode.PREEMPTIBLE_PER_CPU, String.format("BUG: using"
          + " smp_processor_id() in preemptible [00000000] code: %s/%d: this_cpu_ptr(&%s) with"
          + " preemption and migration enabled: another task, or this one on another CPU, may"
          + " use CPU%d's %s before this one is done (get_cpu_ptr, local_lock or kmap_atomic"
          + " would disable preemption)", t.name(), t.pid(), var, c, var), 0, 0);
    }
    String name = declaredName[c];
    if (name != null) {
      Named n = new Named(t, c, cpu.context(), "this_cpu_ptr(&" + var + ")", va,
          (va - pageOffset) >>> pageShift, site(c));
      n.copy = copy;
      n.seenGen = pcGen[copy];
      names.put(name, n);
    }
    return va;
  }

  /**
   * {@code __this_cpu_read/write(var)}: {@code __this_cpu_preempt_check()}, CONFIG_DEBUG_PREEMPT's
   * {@code check_preemption_disabled("__this_cpu_", op)} (lib/smp_processor_id.c, v5.11+: the
   * same exemptions as this_cpu_ptr's), then the address of this CPU's copy.
   */
  public long rawThisCpu(SchedCpu cpu, String var, String op) {
    long va = perCpuAddress(cpu, var);
    SimTask t = cpu.currentTask();
    if (checks && t.preemptCount == 0 && !cpu.irqsDisabled() && cpu.context() == Context.TASK
        && t.migrationDisabled == 0 && !t.isIdle()) {
      report(cpu, DiagnosticCode.PREEMPTIBLE_PER_CPU, String.format("BUG: using __this_cpu_%s()"
          + " in preemptible [00000000] code: %s/%d: __this_cpu_%s(%s) with preemption and"
          + " migration enabled: the task may move to another CPU or another task may use"
          + " CPU%d's %s in between (this_cpu_%s is the preemption-safe form)", op, t.name(),
          t.pid(), op, var, cpu.id(), var, op), 0, 0);
    }
    return va;
  }

  /** {@code this_cpu_read/write}: an access of this CPU's copy, preemption-safe by itself. */
  public void perCpuAccess(SchedCpu cpu, long vaddr, String what) {
    access(cpu, vaddr, what, false);
  }

  private int copyOf(long vaddr) {
    long pfn = (vaddr - pageOffset) >>> pageShift;
    if (vaddr < pageOffset || pfn < perCpuLowPfn || pfn >= maxLowPfn) {
      return -1;
    }
    int copy = (int) (maxLowPfn - 1 - pfn);
    return copy / nrCpus < perCpuVars.size() ? copy : -1;
  }

  private void touch(int copy, SimTask t, int site) {
    pcGen[copy]++;
    pcLast[copy] = t;
    pcLastSite[copy] = site;
  }

  private String varOf(int copy) {
    int v = copy / nrCpus;
    synchronized (perCpuVars) {
      return perCpuVars.entrySet().stream().filter(e -> e.getValue() == v).findFirst()
          .map(Map.Entry::getKey).orElse("?");
    }
  }

  private void checkPerCpu(SchedCpu cpu, String name, Named n, long vaddr, String what) {
    SimTask t = cpu.currentTask();
    int copy = n.copy;
    int of = copy % nrCpus;
    String use = String.format("%s of CPU%d's %s through '%s' (%s by %s%s)", what, of,
        varOf(copy), name, n.kind, n.task.name(), at(n.mapSite));
    if (of != cpu.id()) {
      report(cpu, DiagnosticCode.USE_ON_OTHER_CPU, use + " on CPU" + cpu.id() + ": the pointer"
          + " is CPU" + of + "'s copy, which CPU" + of + "'s tasks use meanwhile", n.mapSite, 0);
    } else if (pcLast[copy] != null && pcLast[copy] != t && pcGen[copy] > n.seenGen) {
      List<Site> s = new ArrayList<>(3);
      add(s, n.mapSite, Site.Role.MAP);
      add(s, pcLastSite[copy], Site.Role.USE);
      add(s, declaredSite[cpu.id()], Site.Role.USE);
      reporter.warn(DiagnosticCode.PER_CPU_RACE, cpu, t, use + ", but " + pcLast[copy].name()
          + " used the same copy" + at(pcLastSite[copy]) + " in between: " + t.name()
          + " was preemptible there" + whyPreemptible(t), s);
    }
    touch(copy, t, declaredSite[cpu.id()]);
    n.seenGen = pcGen[copy];
  }

  /** Why a task's section was preemptible: the kmap_local that replaced a kmap_atomic. */
  private String whyPreemptible(SimTask t) {
    TaskMaps m;
    synchronized (maps) {
      m = maps.get(t);
    }
    for (int i = 0; m != null && i < t.kmapIdx; i++) {
      if (t.pteval[i] != 0 && !m.atomic[i]) {
        Site s = sites.site(m.mapSite[i], Site.Role.MAP);
        return ": it holds a kmap_local" + (s == null ? "" : " from " + s.where()) + ", which"
            + " disables migration, not preemption (the kmap_atomic it replaced disabled both)";
      }
    }
    return ": nothing disabled preemption between this_cpu_ptr and this use (get_cpu_ptr,"
        + " local_lock or kmap_atomic would)";
  }

  // ---- user copies (the machine's user space reports through these) ----

  /** Whether the checker's own checks (not the kernel's) are on. */
  public boolean checking() {
    return checks;
  }

  /**
   * The innermost live local map of {@code t} made with {@code atomic} as given (a kmap_atomic,
   * or a kmap_local), as a MAP site; null when it holds none. For a user copy's report: the
   * section whose pagefault_disable() the copy has, or lacks.
   */
  public Site innermostMap(SimTask t, boolean atomic) {
    TaskMaps m;
    synchronized (maps) {
      m = maps.get(t);
    }
    for (int i = t.kmapIdx - 1; m != null && i >= 0; i--) {
      if (t.pteval[i] != 0 && m.atomic[i] == atomic) {
        Site s = sites.site(m.mapSite[i], Site.Role.MAP);
        return s != null ? s : new Site(Site.Role.MAP, "", 0, "");
      }
    }
    return null;
  }

  /**
   * Reports {@code code} at the current statement of {@code cpu} (its USE site), with {@code
   * map} (a site from {@link #innermostMap}, or null) as the MAP site.
   */
  public void reportAt(SchedCpu cpu, DiagnosticCode code, String message, Site map) {
    List<Site> s = new ArrayList<>(2);
    if (map != null && map.known()) {
      s.add(map);
    }
    add(s, declaredSite[cpu.id()], Site.Role.USE);
    reporter.warn(code, cpu, cpu.currentTask(), message, s);
  }

  // ---- who caused a stale TLB entry (StaleTlbCause) ----

  /**
   * A stale translation of another CPU's kmap slot: the caller used that CPU's kmap_local
   * address here, and kmap_local's flushes are local by design (__kmap_local_pfn_prot and
   * kunmap_local_indexed flush this CPU's TLB only): the caller's bug, not a missing flush.
   */
  @Override
  public String cause(int cpu, long vaddr) {
    int rel = rel(vaddr);
    if (rel < 0 || owner[rel] == null || ownerCpu[rel] == cpu) {
      return null;
    }
    return String.format("the address is CPU%d's kmap slot (%s's mapping%s), used on CPU%d by a"
        + " caller (KMAP-W016): kmap_local flushes only its own CPU's TLB, so the caller is at"
        + " fault, not the port", ownerCpu[rel], owner[rel].name(), at(ownerMapSite[rel]), cpu);
  }

  // ---- leaks (LeakSites) ----

  @Override
  public List<Site> held(TaskSite task) {
    List<Site> s = new ArrayList<>();
    if (task instanceof SimTask t) {
      TaskMaps m;
      synchronized (maps) {
        m = maps.get(t);
      }
      for (int i = 0; m != null && i < t.kmapIdx; i++) {
        if (t.pteval[i] != 0) {
          add(s, m.mapSite[i], Site.Role.MAP);
        }
      }
    }
    return s;
  }

  @Override
  public String tally() {
    return sites.tally();
  }

  /**
   * {@code Machine.reportLeaks()}: one {@link DiagnosticCode#LEAKED_MAPS} per task that holds
   * local kmaps, one for the kmap() references still held.
   */
  public List<Diagnostic> reportLeaks(List<SimTask> tasks, IntFunction<SchedCpu> cpus) {
    int before = reporter.all().size();
    for (SimTask t : tasks) {
      if (t.kmapIdx > 0 && t.state != Task.State.DEAD) {
        reporter.warn(DiagnosticCode.LEAKED_MAPS, cpus.apply(t.cpu), t, String.format(
            "%s still holds %d local kmap%s at the end of the run%s", t.name(),
            t.liveMaps().size(), t.liveMaps().size() == 1 ? "" : "s", sites.tally()), held(t));
      }
    }
    List<Site> held = new ArrayList<>();
    StringBuilder pk = new StringBuilder();
    for (int nr = 0; nr < pkPfn.length; nr++) {
      int refs = pkmap.count(nr) - 1;
      if (pkPfn[nr] >= 0 && refs > 0) {
        pk.append(pk.length() == 0 ? "" : ", ").append(String.format("pfn 0x%x at 0x%08x (%d"
            + " reference%s)", pkPfn[nr], pkmapBase + ((long) nr << pageShift), refs,
            refs == 1 ? "" : "s"));
        add(held, pkMapSite[nr], Site.Role.MAP);
      }
    }
    if (pk.length() > 0) {
      reporter.warn(DiagnosticCode.LEAKED_MAPS, cpus.apply(0), null, "kmap() references still"
          + " held at the end of the run: " + pk, held);
    }
    List<Diagnostic> all = reporter.all();
    return all.subList(before, all.size());
  }

  /**
   * The checker's history, for {@code Machine.snapshot()}: copies of every record, so that a
   * restore brings back exactly what was known (a mapping unmapped before the snapshot is still
   * dead after the restore).
   */
  public CheckerState capture() {
    Map<SimTask, TaskMaps> m = new IdentityHashMap<>();
    synchronized (maps) {
      maps.forEach((t, v) -> m.put(t, v.copy()));
    }
    Map<String, Named> n = new HashMap<>();
    names.forEach((k, v) -> n.put(k, v.copy()));
    Map<String, Integer> vars;
    synchronized (perCpuVars) {
      vars = Map.copyOf(perCpuVars);
    }
    return new CheckerState(m, owner.clone(), ownerCpu.clone(), ownerMapSite.clone(),
        ownerUnmapSite.clone(), ownerPfn.clone(), ownerLive.clone(), pkPfn.clone(),
        pkMapSite.clone(), pkUnmapSite.clone(), n, vars, pcLast.clone(), pcLastSite.clone(),
        pcGen.clone(), sites.maps(), sites.unmaps(), declaredSite.clone(),
        declaredName.clone());
  }

  /**
   * Puts back what {@link #capture()} took (after the scheduler has put back its tasks, the same
   * objects): the records, owners, names, per-CPU history and site tallies of that moment.
   */
  public void restore(CheckerState s) {
    synchronized (maps) {
      maps.clear();
      s.maps.forEach((t, v) -> maps.put(t, v.copy()));
    }
    Arrays.fill(cachedTask, null);
    Arrays.fill(cachedMaps, null);
    Arrays.fill(passedPage, -1);
    Arrays.fill(passedTask, null);
    copy(s.owner, owner);
    copy(s.ownerCpu, ownerCpu);
    copy(s.ownerMapSite, ownerMapSite);
    copy(s.ownerUnmapSite, ownerUnmapSite);
    copy(s.ownerPfn, ownerPfn);
    copy(s.ownerLive, ownerLive);
    copy(s.pkPfn, pkPfn);
    copy(s.pkMapSite, pkMapSite);
    copy(s.pkUnmapSite, pkUnmapSite);
    names.clear();
    s.names.forEach((k, v) -> names.put(k, v.copy()));
    synchronized (perCpuVars) {
      perCpuVars.clear();
      perCpuVars.putAll(s.perCpuVars);
    }
    copy(s.pcLast, pcLast);
    copy(s.pcLastSite, pcLastSite);
    copy(s.pcGen, pcGen);
    sites.restoreCounts(s.siteMaps, s.siteUnmaps);
    copy(s.declaredSite, declaredSite);
    copy(s.declaredName, declaredName);
  }

  private static void copy(Object from, Object to) {
    System.arraycopy(from, 0, to, 0, java.lang.reflect.Array.getLength(from));
  }
}
