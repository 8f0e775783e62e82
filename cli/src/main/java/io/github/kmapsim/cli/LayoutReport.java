// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.scenario.Hex;
import io.github.kmapsim.scenario.report.Json;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The virtual memory layout of a machine: first the lines x86-32's {@code mem_init()}
 * (arch/x86/mm/init_32.c, until v5.7) printed after "virtual kernel memory layout:", with the same
 * arithmetic ({@code high_memory = __va(max_low_pfn << PAGE_SHIFT)}, VMALLOC_START as each
 * architecture computes it from that: {@link MemoryLayout#vmallocStart}); then kmapsim's own
 * section: the kmap_local fixmap window per CPU and the lowmem/highmem split.
 *
 * <p>Slot addresses use {@code kmap_local_calc_idx()} ({@code slot + KM_MAX_IDX * cpu}), the
 * default of {@code arch_kmap_local_map_idx()}; with N = DCACHE_N_COLORS above 1 (xtensa with
 * aliasing D-cache ways) xtensa's {@code kmap_idx()} ({@code (slot + KM_MAX_IDX * cpu) * N + N -
 * 1 - colour}, arch/xtensa/include/asm/highmem.h, v5.11), so every slot is N fixmap pages, one per
 * colour.
 */
final class LayoutReport {
  private final Machine machine;
  private final PrintWriter out;
  private final MemoryLayout layout;
  private final MachineConfig config;

  LayoutReport(Machine machine, PrintWriter out) {
    this.machine = machine;
    this.out = out;
    this.layout = machine.layout();
    this.config = machine.config();
  }

  void print() {
    ArchVariant arch = machine.arch();
    out.printf("%s: %s%n", arch.name(), arch.description());
    out.printf("NR_CPUS %d, %d MB of memory, PAGE_SIZE %d, pte_t %d bits%s%n", machine.nrCpus(),
        config.memoryBytes() >> 20, layout.pageSize(), arch.pteCodec().pteBits(),
        config.debugKmapLocal() ? ", CONFIG_DEBUG_KMAP_LOCAL" : "");
    out.println();
    printKernelLayout();
    out.println();
    printKmapWindows();
  }

  /**
   * The same for {@code layout --json}: the machine, the regions as printed (start, end exclusive,
   * size in bytes), the kernel's symbols, the kmap_local window of every CPU (with the addresses
   * of its slot 0 and slot KM_MAX_IDX - 1) and the lowmem/highmem split. Addresses and pfns are
   * {@code "0x..."} strings, counts and sizes numbers.
   */
  Map<String, Object> json() {
    ArchVariant arch = machine.arch();
    int kmMaxIdx = config.kmMaxIdx();
    List<Object> regions = new ArrayList<>();
    for (Line l : kernelLayout()) {
      regions.add(Json.object("name", l.name(), "start", Hex.addr(l.start()),
          "end", Hex.addr(l.end()), "size", l.end() - l.start()));
    }
    List<Object> cpus = new ArrayList<>();
    for (int cpu = 0; cpu < machine.nrCpus(); cpu++) {
      List<Object> slot0 = new ArrayList<>();
      List<Object> slotN = new ArrayList<>();
      for (int colour = 0; colour < colours(); colour++) {
        slot0.add(Hex.addr(slotAddress(cpu, 0, colour)));
        slotN.add(Hex.addr(slotAddress(cpu, kmMaxIdx - 1, colour)));
      }
      cpus.add(Json.object("cpu", cpu, "start", Hex.addr(cpuWindow(cpu).start()),
          "end", Hex.addr(cpuWindow(cpu).end()), "slot0", slot0.get(0), "lastSlot", slotN.get(0),
          "slot0ByColour", slot0, "lastSlotByColour", slotN));
    }
    long maxLowPfn = machine.maxLowPfn();
    long maxPfn = machine.maxPfn();
    return Json.object(
        "arch", arch.name(),
        "description", arch.description(),
        "nrCpus", machine.nrCpus(),
        "memoryBytes", config.memoryBytes(),
        "pageSize", layout.pageSize(),
        "pteBits", arch.pteCodec().pteBits(),
        "debugKmapLocal", config.debugKmapLocal(),
        "regions", regions,
        "symbols", Json.object(
            "PAGE_OFFSET", Hex.addr(layout.pageOffset()),
            "high_memory", Hex.addr(highMemory()),
            "VMALLOC_START", Hex.addr(layout.vmallocStart(highMemory())),
            "VMALLOC_END", Hex.addr(layout.vmallocEnd()),
            "PKMAP_BASE", Hex.addr(layout.pkmapBase()),
            "LAST_PKMAP", layout.lastPkmap(),
            "FIXADDR_START", Hex.addr(layout.fixaddrStart()),
            "FIXADDR_TOP", Hex.addr(layout.fixaddrTop()),
            "FIX_KMAP_BEGIN", layout.fixKmapBegin(),
            "FIX_KMAP_END", layout.fixKmapEnd(),
            "KM_MAX_IDX", kmMaxIdx),
        "kmapLocal", Json.object(
            "fixmapSlots", layout.fixKmapEnd() - layout.fixKmapBegin() + 1,
            "dcacheColours", colours(),
            "start", Hex.addr(windowStart()),
            "end", Hex.addr(windowEnd()),
            "size", windowEnd() - windowStart(),
            "cpus", cpus),
        "memory", Json.object(
            "maxLowPfn", Hex.pfn(maxLowPfn),
            "maxPfn", Hex.pfn(maxPfn),
            "lowmemBytes", maxLowPfn << layout.pageShift(),
            "highmemBytes", (maxPfn - maxLowPfn) << layout.pageShift()));
  }

  /** {@code high_memory = __va(max_low_pfn << PAGE_SHIFT)}. */
  private long highMemory() {
    return layout.pageOffset() + (machine.maxLowPfn() << layout.pageShift());
  }

  /** The lowest address of the kmap_local window (the lower of FIX_KMAP_BEGIN and _END). */
  private long windowStart() {
    return KmapWindow.of(layout).start();
  }

  /** The end (exclusive) of the kmap_local window. */
  private long windowEnd() {
    return KmapWindow.of(layout).end();
  }

  private void printKernelLayout() {
    out.println("virtual kernel memory layout:");
    kernelLayout().forEach(this::region);
  }

  /**
   * The regions of x86-32's mem_init(), highest address first as x86 printed them. Sorting keeps
   * x86's order and puts ARM's pkmap, which lies just below PAGE_OFFSET, after lowmem, where
   * ARM's own mem_init() printed it.
   */
  private List<Line> kernelLayout() {
    long highMemory = highMemory();
    long vmallocStart = layout.vmallocStart(highMemory);
    long pkmapEnd = layout.pkmapBase() + layout.lastPkmap() * layout.pageSize();
    List<Line> lines = new ArrayList<>();
    // as mem_init() printed it: FIXADDR_START - FIXADDR_TOP, although index 0 is the page AT
    // FIXADDR_TOP (FIXADDR_START is __fix_to_virt(__end_of_permanent_fixed_addresses))
    lines.add(new Line("fixmap", layout.fixaddrStart(), layout.fixaddrTop(), 10, "kB"));
    for (MemoryLayout.Region r : layout.archRegions()) {
      lines.add(new Line(r.name(), r.start(), r.end(), 10, "kB"));
    }
    lines.add(new Line("pkmap", layout.pkmapBase(), pkmapEnd, 10, "kB"));
    lines.add(new Line("vmalloc", vmallocStart, layout.vmallocEnd(), 20, "MB"));
    lines.add(new Line("lowmem", layout.pageOffset(), highMemory, 20, "MB"));
    lines.sort(Comparator.comparingLong(Line::start).reversed());
    return lines;
  }

  /** One region line: its label, {@code [start, end)} and the size in {@code unit}. */
  private record Line(String name, long start, long end, int shift, String unit) {}

  /** {@code "    fixmap  : 0xfff16000 - 0xfffff000   ( 932 kB)"}. */
  private void region(Line l) {
    out.printf("%s: %s - %s   (%4d %s)%n", label(l.name()), Hex.addr(l.start()),
        Hex.addr(l.end()), (l.end() - l.start()) >> l.shift(), l.unit());
  }

  /** The label column of mem_init(): short names after 4 spaces, long ones right-aligned. */
  private static String label(String name) {
    return name.length() <= 7 ? String.format("    %-8s", name) : String.format("%11s ", name);
  }

  private void printKmapWindows() {
    int kmMaxIdx = config.kmMaxIdx();
    int begin = layout.fixKmapBegin();
    int end = layout.fixKmapEnd();
    out.println("kmap_local (kmapsim):");
    out.printf("    FIXADDR_TOP       : %s   (fixmap index 0; index n at FIXADDR_TOP %s n pages)%n",
        Hex.addr(layout.fixaddrTop()), layout.fixToVirt(1) < layout.fixToVirt(0) ? "-" : "+");
    out.printf("    FIX_KMAP_BEGIN    : %4d   (%s)%n", begin, Hex.addr(layout.fixToVirt(begin)));
    out.printf("    FIX_KMAP_END      : %4d   (%s)%n", end, Hex.addr(layout.fixToVirt(end)));
    out.printf("    KM_MAX_IDX        : %4d   slots per CPU x NR_CPUS %d%s = %d fixmap slots%n",
        kmMaxIdx, machine.nrCpus(),
        colours() > 1 ? " x DCACHE_N_COLORS " + colours() : "", end - begin + 1);
    if (colours() > 1) {
      out.printf("    DCACHE_N_COLORS   : %4d   (slot s of CPU c for a page of colour k:"
          + " FIX_KMAP_BEGIN + (s + KM_MAX_IDX * c) * %d + %d - k)%n", colours(), colours(),
          colours() - 1);
    }
    out.printf("    kmap window       : %s - %s   (%4d kB)%n", Hex.addr(windowStart()),
        Hex.addr(windowEnd()), (windowEnd() - windowStart()) >> 10);
    if (config.debugKmapLocal()) {
      out.printf("    DEBUG_KMAP_LOCAL  : guard slots 0, 2, ..., %d stay unmapped;"
          + " maps use slots 1, 3, ..., %d%n", kmMaxIdx - 1, kmMaxIdx - 2);
    }
    for (int cpu = 0; cpu < machine.nrCpus(); cpu++) {
      printCpuWindow(cpu, kmMaxIdx);
    }
    long maxLowPfn = machine.maxLowPfn();
    long maxPfn = machine.maxPfn();
    out.printf("    lowmem pfns       : %s - %s   (%4d MB, max_low_pfn %s)%n", Hex.pfn(0),
        Hex.pfn(maxLowPfn - 1), (maxLowPfn << layout.pageShift()) >> 20, Hex.pfn(maxLowPfn));
    if (maxPfn > maxLowPfn) {
      out.printf("    highmem pfns      : %s - %s   (%4d MB, max_pfn %s)%n", Hex.pfn(maxLowPfn),
          Hex.pfn(maxPfn - 1), ((maxPfn - maxLowPfn) << layout.pageShift()) >> 20,
          Hex.pfn(maxPfn));
    } else {
      out.printf("    highmem pfns      : none (all %d MB fit below the lowmem limit of %d MB)%n",
          config.memoryBytes() >> 20, layout.maxLowmemBytes() >> 20);
    }
  }

  /**
   * One CPU's kmap slots, lowest to highest slot address (both inclusive); with colours the
   * slot and colour at each end.
   */
  private void printCpuWindow(int cpu, int kmMaxIdx) {
    long slot0 = slotAddress(cpu, 0, colours() - 1);
    long slotN = slotAddress(cpu, kmMaxIdx - 1, 0);
    boolean down = slotN < slot0;
    String low = down ? end(kmMaxIdx - 1, 0) : end(0, colours() - 1);
    String high = down ? end(0, colours() - 1) : end(kmMaxIdx - 1, 0);
    out.printf("    CPU%-3d kmap slots : %s .. %s   (%s .. %s)%n", cpu,
        Hex.addr(cpuWindow(cpu).start()), Hex.addr(cpuWindow(cpu).end() - layout.pageSize()), low,
        high);
  }

  /** {@code "slot 15"}, or {@code "slot 15 colour 0"} with colours. */
  private String end(int slot, int colour) {
    return colours() > 1 ? "slot " + slot + " colour " + colour : "slot " + slot;
  }

  /** DCACHE_N_COLORS. */
  private int colours() {
    return machine.arch().dcacheColours();
  }

  /** CPU {@code cpu}'s kmap slots, every colour included. */
  private KmapWindow cpuWindow(int cpu) {
    return KmapWindow.ofCpu(layout, cpu, config.kmMaxIdx() * colours());
  }

  /**
   * {@code __fix_to_virt(FIX_KMAP_BEGIN + idx)} of slot {@code slot} of CPU {@code cpu} for a page
   * of colour {@code colour}: {@code idx = (slot + KM_MAX_IDX * cpu) * N + N - 1 - colour}.
   */
  private long slotAddress(int cpu, int slot, int colour) {
    int n = colours();
    return layout.fixToVirt(
        layout.fixKmapBegin() + (slot + config.kmMaxIdx() * cpu) * n + n - 1 - colour);
  }
}
