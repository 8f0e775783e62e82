// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.EventLog;
import io.github.kmapsim.scenario.Hex;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteFormat;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The demonstration on one variant, on a 2-CPU machine (1 CPU on a uniprocessor), in three parts.
 *
 * <ol>
 *   <li>kmap_local: task {@code writer} on CPU0 maps a highmem page with kmap_local_page, writes
 *       through it and nests a second map; it is preempted by {@code reader}, whose own map lands
 *       on the same slot address; switching back restores writer's slots and its data.
 *   <li>A deliberate wrong-order kunmap_local of writer's first map: KMAP-W001, and what the
 *       kernel does next, which depends on whether the kmap PTEs are one linear array and, with
 *       D-cache colours, on the colours of the two pages.
 *   <li>Persistent kmap(): with the event log muted, kmap()+kunmap() of LAST_PKMAP - 1 pages
 *       (LAST_PKMAP / N - 1 pages of colour 0 with N colours) leaves every entry it used at
 *       pkmap_count 1; one more kmap() wraps the scan to entry 0, and flush_all_zero_pkmaps()
 *       frees them all with one global TLB flush.
 * </ol>
 *
 * Each call is printed with the events it caused.
 */
final class DemoStory {
  static final int CPUS = 2;
  /** Pages A, B and C of the kmap_local part; the pkmap part uses the pages after them. */
  static final int LOCAL_PAGES = 3;
  private static final long WRITER_VALUE = 0x5752495445520001L; // "WRITER" + 1
  private static final long READER_VALUE = 0x5245414445520002L; // "READER" + 2
  private static final String CALL = "  ";
  private static final String EVENT = "        ";

  private final String variant;
  private final Function<MachineConfig, Machine> machines;
  private final PrintWriter out;
  private final List<String> problems = new ArrayList<>();
  private final List<DiagnosticCode> expected = new ArrayList<>();
  private Machine machine;
  private MemoryLayout layout;
  private PteCodec codec;
  private EventLog log;
  private Cpu cpu0;
  /** DCACHE_N_COLORS: a page takes the slot, and the pkmap entries, of its colour. */
  private int colours;
  /** The address whose PTE a non-linear wrong-order unmap leaves behind, or -1. */
  private long leftBehind = -1;

  DemoStory(String variant, Function<MachineConfig, Machine> machines, PrintWriter out) {
    this.variant = variant;
    this.machines = machines;
    this.out = out;
  }

  VariantOutcome run() {
    try {
      int cpus = NrCpus.atMost(variant, CPUS); // 1 on a uniprocessor
      machine = machines.apply(MachineConfig.preset(variant).toBuilder().cpus(cpus).build());
      layout = machine.layout();
      codec = machine.arch().pteCodec();
      colours = machine.arch().dcacheColours();
      cpu0 = machine.cpu(0);
      log = new EventLog(codec, layout.pageSize(), colours);
      machine.addListener(log);
      header();
      long needed = LOCAL_PAGES + layout.lastPkmap();
      if (machine.maxPfn() - machine.maxLowPfn() < needed) {
        problems.add("the preset has " + (machine.maxPfn() - machine.maxLowPfn())
            + " highmem pages, fewer than the " + needed + " the demonstration maps");
      } else {
        story();
      }
    } catch (KmapException e) {
      flushEvents();
      problems.add("stopped by " + e.diagnostic().format());
    } catch (RuntimeException e) { // a plugin or core defect: report it, go on with the others
      flushEvents();
      problems.add("stopped by " + e);
    }
    if (machine != null) {
      checkDiagnostics();
      checkInvariants();
    }
    for (String p : problems) {
      out.println(CALL + "UNEXPECTED: " + p);
    }
    return new VariantOutcome(variant, machine == null ? null : machine.counters(), problems);
  }

  private void header() {
    out.printf("== %s: %s ==%n", variant, machine.arch().description());
    out.printf("%s%s, %d MB; highmem from pfn %s (max_low_pfn); KM_MAX_IDX %d;"
            + " pte_t %d bits%n", CALL, plural(machine.nrCpus(), "CPU", "CPUs"),
        machine.config().memoryBytes() >> 20,
        Hex.pfn(machine.maxLowPfn()), machine.config().kmMaxIdx(), codec.pteBits());
  }

  private void story() {
    Task writer = machine.createTask("writer", 0);
    Task reader = machine.createTask("reader", 0);
    Page pageA = machine.page(machine.maxLowPfn());
    Page pageB = machine.page(machine.maxLowPfn() + 1);
    Page pageC = machine.page(machine.maxLowPfn() + 2);

    schedule(writer, "");
    final long a = kmapLocal(pageA, "");
    cpu0.writeLong(a, WRITER_VALUE);
    say("CPU0 writer: *(u64 *)%s = %s", Hex.addr(a), Hex.u64(WRITER_VALUE));
    final long b = kmapLocal(pageB, ", nested");

    schedule(reader, " (writer is preempted)");
    long c = kmapLocal(pageC, va -> va == a ? ", writer's slot 0 address, another page" : "");
    if (c != a) {
      problems.add("reader's first kmap is at " + Hex.addr(c) + ", not at writer's slot 0 "
          + Hex.addr(a));
    }
    cpu0.writeLong(c, READER_VALUE);
    long got = cpu0.readLong(c);
    say("CPU0 reader: *(u64 *)%s = %s, reads back %s (pfn %s)", Hex.addr(c),
        Hex.u64(READER_VALUE), Hex.u64(got), Hex.pfn(pfnOf(c)));
    check("reader's read", got, READER_VALUE);
    kunmapLocal(c, "");

    schedule(writer, " (writer resumes)");
    got = cpu0.readLong(a);
    say("CPU0 writer: *(u64 *)%s reads %s again (pfn %s)", Hex.addr(a), Hex.u64(got),
        Hex.pfn(pfnOf(a)));
    check("writer's read after the switch back", got, WRITER_VALUE);

    wrongOrder(writer, a, b);
    pkmapWrap(machine.maxLowPfn() + LOCAL_PAGES);
  }

  /**
   * Writer holds A (slot 0) and B (slot 1, the top) and calls kunmap_local(A): KMAP-W001, and the
   * kernel goes on. kunmap_local_indexed() pops the top slot whatever the address; which PTE it
   * clears is kmap_get_pte()'s choice. With a linear kmap PTE array ({@code __kmap_pte - idx}) it
   * is the top slot's, B's, and A stays usable. With CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY (ARM)
   * it walks the page table for the given address and clears A's; B's PTE stays set, owned by no
   * slot, and the invariant check reports it for B's address: the kernel's own damage, expected.
   * With D-cache colours (xtensa) {@code kmap_local_unmap_idx()} takes the colour from A's
   * address: when B has another colour, the top slot's PTE of A's colour is cleared, an empty
   * one, and both A's and B's stay set; A is cleaned up, B's is left behind.
   */
  private void wrongOrder(Task writer, long a, long b) {
    out.println(CALL + "-- a deliberate wrong-order unmap: kunmap_local(A) while B is the top slot"
        + " --");
    expected.add(DiagnosticCode.UNMAP_NOT_TOP);
    String slotB = slotOf(b);
    kunmapLocal(a, ": A is not the top slot");
    if (!codec.pteNone(machine.kernelPte(a)) && !codec.pteNone(machine.kernelPte(b))) {
      long got = cpu0.readLong(a);
      say("CPU0 writer: runs on: kmap_local_unmap_idx() took the colour from A's address, so"
          + " pte_clear hit the top slot's PTE of A's colour, an empty one; A still reads %s"
          + " (pfn %s)", Hex.u64(got), Hex.pfn(pfnOf(a)));
      check("writer's read after the WARN", got, WRITER_VALUE);
      kunmapLocal(a, " (clean up: A is the top slot now)");
      leftBehind = b;
      say("CPU0 writer: B's PTE %s at %s, of the other colour, stays set, owned by no slot: the"
          + " next kmap_local of a page of B's colour into CPU0's %s would hit"
          + " BUG_ON(!pte_none(*kmap_pte)), KMAP-B003", pte(machine.kernelPte(b)),
          Hex.addr(leftBehind), slotB);
    } else if (!codec.pteNone(machine.kernelPte(a))) {
      long got = cpu0.readLong(a);
      say("CPU0 writer: runs on: pte_clear hit the top slot's PTE (B's, __kmap_pte - idx),"
          + " arch_kmap_local_post_unmap() got A's address; A still reads %s (pfn %s)",
          Hex.u64(got), Hex.pfn(pfnOf(a)));
      check("writer's read after the WARN", got, WRITER_VALUE);
      kunmapLocal(a, " (clean up: A is the top slot now)");
    } else {
      say("CPU0 writer: runs on: kmap_get_pte() walked the page table for A's address"
          + " (KMAP_LOCAL_NON_LINEAR_PTE_ARRAY): A's PTE was cleared, %s (B's) was popped", slotB);
      kunmapLocal(a, " (clean up: A is the top slot now)");
      leftBehind = b;
      say("CPU0 writer: B's PTE %s at %s stays set, owned by no slot: the next kmap_local into"
          + " CPU0's %s would hit BUG_ON(!pte_none(*kmap_pte)), KMAP-B003",
          pte(machine.kernelPte(b)), Hex.addr(leftBehind), slotB);
    }
    if (!writer.liveMaps().isEmpty()) {
      problems.add("writer still holds local kmaps: " + writer.liveMaps().stream()
          .map(l -> Hex.addr(l.vaddr())).toList());
    }
  }

  /**
   * The persistent pool: kmap()+kunmap() of LAST_PKMAP - 1 pages from {@code firstPfn} with the
   * log muted leaves entries 1..LAST_PKMAP-1 at pkmap_count 1 (unused, not yet flushed); one
   * more kmap() makes map_new_virtual()'s scan wrap to entry 0, which runs
   * flush_all_zero_pkmaps(): flush_cache_kmaps(), pte_clear of every entry at count 1 and one
   * flush_tlb_kernel_range(PKMAP_ADDR(0), PKMAP_ADDR(LAST_PKMAP)) that reaches every CPU by IPI.
   * A last line contrasts kmap_local_page with the counters of the first part.
   */
  private void pkmapWrap(long firstPfn) {
    int last = layout.lastPkmap();
    Counters local = machine.counters();
    out.printf("%s-- persistent kmap(): LAST_PKMAP %d entries from PKMAP_BASE %s, a wrap and its"
        + " global flush --%n", CALL, last, Hex.addr(layout.pkmapBase()));
    long first = (firstPfn + colours - 1) & -colours; // of colour 0
    if (colours > 1) {
      say("(DCACHE_N_COLORS %d: a page of colour c takes entries c, c + %d, ... and its scan"
          + " wraps on its own; the pages below are of colour 0)", colours, colours);
    }
    int n = last / colours - 1;
    if (fillPool(first, n)) {
      wrap(machine.page(first + (long) n * colours));
    }
    out.printf("%skmap_local_page, by contrast: a per-CPU slot, no kmap_lock, no global flush"
            + " (its %d maps above: %s, %s)%n", CALL, local.localMaps(),
        plural(local.tlbRangeFlushes() + local.tlbFullFlushes(), "global flush", "global flushes"),
        plural(local.ipis(), "IPI", "IPIs"));
  }

  /**
   * kmap()+kunmap() of {@code n} pages from {@code firstPfn} (every Nth with N colours), with the
   * event log muted; false when a kmap() had to sleep.
   */
  private boolean fillPool(long firstPfn, int n) {
    Counters before = machine.counters();
    machine.removeListener(log);
    try {
      for (int i = 0; i < n; i++) {
        Page page = machine.page(firstPfn + (long) i * colours);
        if (!cpu0.kmap(page).mapped()) {
          problems.add("kmap(pfn " + Hex.pfn(page.pfn()) + ") had to sleep, with "
              + (n - i) + " pkmap entries never used");
          return false;
        }
        cpu0.kunmap(page);
      }
    } finally {
      machine.addListener(log);
    }
    Counters after = machine.counters();
    int[] counts = pkmapCounts();
    int unused = countOf(counts, 1);
    if (unused != n || counts[0] != 0) {
      problems.add("after " + n + " kmap()+kunmap() pairs " + unused + " pkmap entries are at"
          + " pkmap_count 1 and entry 0 at " + counts[0] + ", not " + n + " and 0");
    }
    long ipis = after.ipis() - before.ipis();
    boolean noWrap = after.pkmapFlushes() == before.pkmapFlushes();
    String step = colours == 1 ? "" : " step " + colours;
    say("CPU0 writer: kmap()+kunmap() of %d pages, pfn %s..%s%s (log muted): entries %d..%d%s"
            + " (%s..%s) at pkmap_count 1, unused but not yet flushed%s", n, Hex.pfn(firstPfn),
        Hex.pfn(firstPfn + (long) (n - 1) * colours), step, colours, n * colours, step,
        Hex.addr(pkmapAddr(colours)), Hex.addr(pkmapAddr(n * colours)),
        ipis > 0 && noWrap ? "; kmap_flush_tlb() sent " + plural(ipis, "IPI", "IPIs") : "");
    return true;
  }

  /** The kmap() whose scan wraps: what flush_all_zero_pkmaps() did, from events and counters. */
  private void wrap(Page page) {
    int[] before = pkmapCounts();
    Counters c0 = machine.counters();
    long va = cpu0.kmap(page).vaddr();
    Counters c1 = machine.counters();
    int[] after = pkmapCounts();
    int freed = 0;
    for (int i = 0; i < before.length; i++) {
      freed += before[i] == 1 && after[i] == 0 ? 1 : 0;
    }
    int nr = pkmapNr(va);
    long pkmapFlushes = c1.pkmapFlushes() - c0.pkmapFlushes();
    out.printf("%sCPU0 writer: kmap(pfn %s) = %s (%s): %s%n", CALL, Hex.pfn(page.pfn()),
        Hex.addr(va), nr < 0 ? "not a pkmap address" : "PKMAP_ADDR(" + nr + ")",
        pkmapFlushes > 0 ? "map_new_virtual()'s scan wrapped to entry 0" : "no wrap");
    if (pkmapFlushes > 0) {
      out.printf("%sflush_all_zero_pkmaps(): flush_cache_kmaps() %s; %d entries at pkmap_count 1"
              + " freed, then flush_tlb_kernel_range(PKMAP_ADDR(0), PKMAP_ADDR(LAST_PKMAP)):%n",
          EVENT, c1.cacheFlushes() > c0.cacheFlushes()
              ? "flushed the whole D-cache (flush_cache_all)" : "is a no-op here", freed);
    }
    flushEvents();
    long flushes = c1.tlbRangeFlushes() - c0.tlbRangeFlushes();
    long ipis = c1.ipis() - c0.ipis();
    long byKmapFlushTlb = flushes - pkmapFlushes;
    int cpus = machine.nrCpus();
    say("CPU0 writer: counters for this kmap(): %s, %s%s, %s = %s x (%s - 1)",
        plural(pkmapFlushes, "pkmap flush", "pkmap flushes"),
        plural(flushes, "flush_tlb_kernel_range", "flush_tlb_kernel_range"),
        byKmapFlushTlb > 0 ? " (" + byKmapFlushTlb + " by kmap_flush_tlb())" : "",
        plural(ipis, "IPI", "IPIs"), plural(flushes, "flush", "flushes"),
        plural(cpus, "CPU", "CPUs"));
    int unused = countOf(before, 1);
    if (pkmapFlushes != 1 || va != pkmapAddr(0) || freed != unused) {
      problems.add("the wrap: kmap returned " + Hex.addr(va) + " (PKMAP_ADDR(0) is "
          + Hex.addr(pkmapAddr(0)) + ") after " + pkmapFlushes + " pkmap flushes freeing "
          + freed + " of " + unused + " entries");
    }
    if (ipis != flushes * (cpus - 1)) {
      problems.add(ipis + " IPIs for " + flushes + " kernel-range flushes on " + cpus + " CPUs");
    }
    if (nr >= 0) {
      int held = machine.pkmapCount(nr);
      cpu0.kunmap(page);
      say("CPU0 writer: kunmap(pfn %s): pkmap_count[%d] %d -> %d, mapped until the next wrap",
          Hex.pfn(page.pfn()), nr, held, machine.pkmapCount(nr));
    }
  }

  private void schedule(Task next, String why) {
    String prev = cpu0.current().name();
    machine.schedule(0, next);
    say("CPU0: schedule() %s -> %s%s", prev, next.name(), why);
  }

  private long kmapLocal(Page page, String note) {
    return kmapLocal(page, va -> note);
  }

  private long kmapLocal(Page page, LongFunction<String> note) {
    long va = cpu0.kmapLocalPage(page);
    say("CPU0 %s: kmap_local_page(pfn %s) = %s (%s%s)", cpu0.current().name(),
        Hex.pfn(page.pfn()), Hex.addr(va), slotOf(va), note.apply(va));
    return va;
  }

  private void kunmapLocal(long va, String note) {
    cpu0.kunmapLocal(va);
    say("CPU0 %s: kunmap_local(%s)%s", cpu0.current().name(), Hex.addr(va), note);
  }

  /**
   * Where a kmap_local_page address lies: a kmap_ctrl slot of CPU0 (the inverse of
   * kmap_local_calc_idx(), or of xtensa's kmap_idx() with its colour), or a pkmap entry that
   * arch_kmap_local_high_get() pinned.
   */
  private String slotOf(long va) {
    int idx = layout.virtToFix(va) - layout.fixKmapBegin();
    if (KmapWindow.of(layout).contains(va) && idx >= 0
        && idx < machine.config().kmMaxIdx() * colours) {
      return colours == 1 ? "slot " + idx
          : "slot " + idx / colours + ", colour " + (colours - 1 - idx % colours);
    }
    int nr = pkmapNr(va);
    return nr >= 0 ? "PKMAP_ADDR(" + nr + "), pinned by kmap_high_get()"
        : "not in CPU0's kmap window";
  }

  /** {@code PKMAP_ADDR(nr)}. */
  private long pkmapAddr(int nr) {
    return layout.pkmapBase() + ((long) nr << layout.pageShift());
  }

  /** {@code PKMAP_NR(vaddr)}, or -1 outside the pkmap window. */
  private int pkmapNr(long va) {
    long nr = (va - layout.pkmapBase()) >> layout.pageShift();
    return va >= layout.pkmapBase() && nr < layout.lastPkmap() ? (int) nr : -1;
  }

  private int[] pkmapCounts() {
    int[] counts = new int[layout.lastPkmap()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = machine.pkmapCount(i);
    }
    return counts;
  }

  private static int countOf(int[] values, int value) {
    int n = 0;
    for (int v : values) {
      n += v == value ? 1 : 0;
    }
    return n;
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private long pfnOf(long va) {
    long phys = cpu0.translate(va);
    return phys < 0 ? -1 : phys >>> layout.pageShift();
  }

  private String pte(long pte) {
    return PteFormat.hex(codec, pte);
  }

  private void say(String format, Object... args) {
    out.println(CALL + String.format(format, args));
    flushEvents();
  }

  private void flushEvents() {
    if (log != null) {
      log.drain().forEach(line -> out.println(EVENT + line));
    }
  }

  private void check(String what, long got, long want) {
    if (got != want) {
      problems.add(what + " returned " + Hex.u64(got) + ", not " + Hex.u64(want));
    }
  }

  /** The machine's invariants hold, except for the damage a non-linear wrong-order unmap does. */
  private void checkInvariants() {
    for (InvariantViolation v : machine.checkInvariants()) {
      if (v.address() != leftBehind) {
        problems.add("invariant: " + v.format());
      }
    }
  }

  /** Every diagnostic must be one the story provoked on purpose, and each of those must fire. */
  private void checkDiagnostics() {
    List<DiagnosticCode> missing = new ArrayList<>(expected);
    for (Diagnostic d : machine.diagnostics()) {
      if (!missing.remove(d.code())) {
        problems.add("unexpected " + d.code().code() + ": " + d.message());
      }
    }
    for (DiagnosticCode code : missing) {
      problems.add(code.code() + " (" + code.title() + ") was expected but not reported");
    }
  }
}
