package io.github.kmapsim.cli;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.spi.MemoryLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The demonstration on one variant, on a 2-CPU machine: task {@code writer} on CPU0 maps a
 * highmem page with kmap_local_page, writes through it and nests a second map; it is preempted by
 * {@code reader}, whose own map lands on the same slot address; switching back restores writer's
 * slots and its data. Then a deliberate wrong-order kunmap_local shows KMAP-W001 and that the
 * machine runs on. Each call is printed with the events it caused.
 */
final class DemoStory {
  static final int CPUS = 2;
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
  private EventLog log;
  private Cpu cpu0;
  /** The address whose PTE a non-linear wrong-order unmap leaves behind, or null. */
  private String leftBehind;

  DemoStory(String variant, Function<MachineConfig, Machine> machines, PrintWriter out) {
    this.variant = variant;
    this.machines = machines;
    this.out = out;
  }

  VariantOutcome run() {
    try {
      machine = machines.apply(MachineConfig.preset(variant).toBuilder().cpus(CPUS).build());
      layout = machine.layout();
      cpu0 = machine.cpu(0);
      log = new EventLog(machine.arch().pteCodec());
      machine.addListener(log);
      header();
      if (machine.maxPfn() - machine.maxLowPfn() < 3) {
        problems.add("the preset has fewer than 3 highmem pages: nothing to kmap");
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
    out.printf("%s%d CPUs, %d MB; highmem from pfn %s (max_low_pfn); KM_MAX_IDX %d;"
            + " pte_t %d bits%n", CALL, machine.nrCpus(), machine.config().memoryBytes() >> 20,
        Hex.pfn(machine.maxLowPfn()), machine.config().kmMaxIdx(),
        machine.arch().pteCodec().pteBits());
  }

  private void story() {
    Task writer = machine.createTask("writer", 0);
    Task reader = machine.createTask("reader", 0);
    Page pageA = machine.page(machine.maxLowPfn());
    Page pageB = machine.page(machine.maxLowPfn() + 1);
    Page pageC = machine.page(machine.maxLowPfn() + 2);

    schedule(writer, "");
    final long a = kmap(pageA, "");
    cpu0.writeLong(a, WRITER_VALUE);
    say("CPU0 writer: *(u64 *)%s = %s", Hex.addr(a), Hex.u64(WRITER_VALUE));
    final long b = kmap(pageB, ", nested");

    schedule(reader, " (writer is preempted)");
    long c = kmap(pageC, va -> va == a ? ", writer's slot 0 address, another page" : "");
    if (c != a) {
      problems.add("reader's first kmap is at " + Hex.addr(c) + ", not at writer's slot 0 "
          + Hex.addr(a));
    }
    cpu0.writeLong(c, READER_VALUE);
    long got = cpu0.readLong(c);
    say("CPU0 reader: *(u64 *)%s = %s, reads back %s (pfn %s)", Hex.addr(c),
        Hex.u64(READER_VALUE), Hex.u64(got), Hex.pfn(pfnOf(c)));
    check("reader's read", got, READER_VALUE);
    kunmap(c, "");

    schedule(writer, " (writer resumes)");
    got = cpu0.readLong(a);
    say("CPU0 writer: *(u64 *)%s reads %s again (pfn %s)", Hex.addr(a), Hex.u64(got),
        Hex.pfn(pfnOf(a)));
    check("writer's read after the switch back", got, WRITER_VALUE);
    kunmap(b, " (top slot first)");
    kunmap(a, "");

    wrongOrder(writer, pageA, pageB);
  }

  /**
   * map A, map B, kunmap_local(A): KMAP-W001, and the kernel goes on. With a linear kmap PTE
   * array it clears the top slot's PTE (B's) and A stays usable; with
   * CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY it clears A's PTE and B's stays behind, owned by no
   * slot (the kernel's own damage, which the invariant check then reports for B's address).
   */
  private void wrongOrder(Task writer, Page pageA, Page pageB) {
    out.println(CALL + "-- a deliberate wrong-order unmap: map A, map B, kunmap_local(A) --");
    long a = kmap(pageA, "");
    long b = kmap(pageB, "");
    expected.add(DiagnosticCode.UNMAP_NOT_TOP);
    kunmap(a, ": A is not the top slot");
    if (!machine.arch().pteCodec().pteNone(machine.kernelPte(a))) {
      long got = cpu0.readLong(a);
      say("CPU0 writer: runs on: the top slot (B) was popped; A still reads %s (pfn %s)",
          Hex.u64(got), Hex.pfn(pfnOf(a)));
      check("writer's read after the WARN", got, WRITER_VALUE);
    } else {
      say("CPU0 writer: runs on: A's PTE was cleared (non-linear kmap PTEs); B's PTE %s is left"
          + " behind", Hex.pte(machine.kernelPte(b), machine.arch().pteCodec().pteBits()));
      leftBehind = Hex.addr(b);
    }
    kunmap(a, " (clean up: A is the top slot now)");
    if (!writer.liveMaps().isEmpty()) {
      problems.add("writer still holds local kmaps: " + writer.liveMaps());
    }
  }

  private void schedule(Task next, String why) {
    String prev = cpu0.current().name();
    machine.schedule(0, next);
    say("CPU0: schedule() %s -> %s%s", prev, next.name(), why);
  }

  private long kmap(Page page, String note) {
    return kmap(page, va -> note);
  }

  private long kmap(Page page, LongFunction<String> note) {
    long va = cpu0.kmapLocalPage(page);
    say("CPU0 %s: kmap_local_page(pfn %s) = %s (%s%s)", cpu0.current().name(),
        Hex.pfn(page.pfn()), Hex.addr(va), slotOf(va), note.apply(va));
    return va;
  }

  private void kunmap(long va, String note) {
    cpu0.kunmapLocal(va);
    say("CPU0 %s: kunmap_local(%s)%s", cpu0.current().name(), Hex.addr(va), note);
  }

  /** The kmap_ctrl slot of a CPU0 address: the inverse of kmap_local_calc_idx(). */
  private String slotOf(long va) {
    int slot = layout.virtToFix(va) - layout.fixKmapBegin();
    return slot >= 0 && slot < machine.config().kmMaxIdx()
        ? "slot " + slot
        : "not in CPU0's kmap window";
  }

  private long pfnOf(long va) {
    long phys = cpu0.translate(va);
    return phys < 0 ? -1 : phys >>> layout.pageShift();
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
    for (String v : machine.checkInvariants()) {
      if (leftBehind == null || !v.contains(leftBehind)) {
        problems.add("invariant: " + v);
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
