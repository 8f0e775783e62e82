// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.Hex;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code kmapsim layout}: the mem_init() lines and the kmap windows, checked against the layout. */
class LayoutTest {

  @Test
  void x86PaeLinesMatchTheLayoutInMemInitsFormat() {
    Cli cli = Cli.run("layout", "--arch", "x86-pae");
    assertEquals(0, cli.exitCode(), cli.err());
    assertEquals("", cli.err());
    Machine m = KmapSim.newMachine(MachineConfig.preset("x86-pae"));
    MemoryLayout l = m.layout();
    long highMemory = l.pageOffset() + (m.maxLowPfn() << l.pageShift());
    List<String> expected = new ArrayList<>();
    expected.add("virtual kernel memory layout:");
    expected.add(String.format("    fixmap  : 0x%08x - 0x%08x   (%4d kB)", l.fixaddrStart(),
        l.fixaddrTop(), (l.fixaddrTop() - l.fixaddrStart()) >> 10));
    for (MemoryLayout.Region r : l.archRegions()) {
      expected.add(String.format("%11s : 0x%08x - 0x%08x   (%4d kB)", r.name(), r.start(), r.end(),
          (r.end() - r.start()) >> 10));
    }
    long pkmapEnd = l.pkmapBase() + l.lastPkmap() * l.pageSize();
    expected.add(String.format("    pkmap   : 0x%08x - 0x%08x   (%4d kB)", l.pkmapBase(), pkmapEnd,
        (pkmapEnd - l.pkmapBase()) >> 10));
    long vmallocStart = l.vmallocStart(highMemory);
    expected.add(String.format("    vmalloc : 0x%08x - 0x%08x   (%4d MB)", vmallocStart,
        l.vmallocEnd(), (l.vmallocEnd() - vmallocStart) >> 20));
    expected.add(String.format("    lowmem  : 0x%08x - 0x%08x   (%4d MB)", l.pageOffset(),
        highMemory, (highMemory - l.pageOffset()) >> 20));

    List<String> lines = cli.outLines();
    int at = lines.indexOf("virtual kernel memory layout:");
    assertTrue(at >= 0, cli.out());
    assertEquals(expected, lines.subList(at, at + expected.size()));
    // VMSPLIT_3G: the direct map starts at PAGE_OFFSET 0xc0000000 on every x86-32 preset
    assertTrue(lines.get(at + expected.size() - 1).startsWith("    lowmem  : 0xc0000000 - "));
    // the x86 layout has the cpu_entry area, printed as mem_init() did between fixmap and pkmap
    assertTrue(lines.get(at + 2).startsWith("  cpu_entry : 0x"), lines.get(at + 2));
  }

  /**
   * With lowmem not full each architecture's own VMALLOC_START: x86 high_memory + 8 MiB, ARM that
   * rounded down to 8 MiB, MIPS32 the fixed MAP_BASE.
   */
  @ParameterizedTest
  @CsvSource({"x86, 500M, 0xdfc00000", "arm, 500M, 0xdf800000", "mips, 256M, 0xc0000000"})
  void vmallocStartsWhereEachArchitecturePutsIt(String arch, String memory, String start) {
    Cli cli = Cli.run("layout", "--arch", arch, "--memory", memory);
    assertEquals(0, cli.exitCode(), cli.err());
    String vmalloc = cli.outLines().stream().filter(l -> l.startsWith("    vmalloc : "))
        .findFirst().orElseThrow();
    assertTrue(vmalloc.startsWith("    vmalloc : " + start + " - "), vmalloc);
  }

  /**
   * Every variant: the fixmap, arch, pkmap, vmalloc and lowmem lines, each computed here from the
   * layout (high_memory = PAGE_OFFSET + (max_low_pfn << PAGE_SHIFT), VMALLOC_START from it as the
   * arch computes it), highest address first.
   */
  @ParameterizedTest
  @MethodSource("io.github.kmapsim.cli.DemoTest#variants")
  void everyVariantPrintsItsRegionsFromTheLayout(String v) {
    Cli cli = Cli.run("layout", "--arch", v);
    assertEquals(0, cli.exitCode(), cli.err());
    assertEquals("", cli.err());
    // the default NR_CPUS: the preset's 4, or 1 on a uniprocessor
    Machine m = KmapSim.newMachine(MachineConfig.preset(v).toBuilder()
        .cpus(NrCpus.atMost(KmapSim.variant(v), MachineConfig.DEFAULT_CPUS)).build());
    MemoryLayout l = m.layout();
    long highMemory = l.pageOffset() + (m.maxLowPfn() << l.pageShift());
    long vmallocStart = l.vmallocStart(highMemory);
    long pkmapEnd = l.pkmapBase() + l.lastPkmap() * l.pageSize();
    List<long[]> regions = new ArrayList<>();
    List<String> text = new ArrayList<>();
    region(regions, text, String.format("    fixmap  : 0x%08x - 0x%08x   (%4d kB)",
        l.fixaddrStart(), l.fixaddrTop(), (l.fixaddrTop() - l.fixaddrStart()) >> 10),
        l.fixaddrStart());
    for (MemoryLayout.Region r : l.archRegions()) {
      region(regions, text, String.format("%11s : 0x%08x - 0x%08x   (%4d kB)", r.name(),
          r.start(), r.end(), (r.end() - r.start()) >> 10), r.start());
    }
    region(regions, text, String.format("    pkmap   : 0x%08x - 0x%08x   (%4d kB)", l.pkmapBase(),
        pkmapEnd, (pkmapEnd - l.pkmapBase()) >> 10), l.pkmapBase());
    region(regions, text, String.format("    vmalloc : 0x%08x - 0x%08x   (%4d MB)", vmallocStart,
        l.vmallocEnd(), (l.vmallocEnd() - vmallocStart) >> 20), vmallocStart);
    region(regions, text, String.format("    lowmem  : 0x%08x - 0x%08x   (%4d MB)", l.pageOffset(),
        highMemory, (highMemory - l.pageOffset()) >> 20), l.pageOffset());
    regions.sort((x, y) -> Long.compare(y[0], x[0]));
    List<String> expected = new ArrayList<>();
    expected.add("virtual kernel memory layout:");
    regions.forEach(r -> expected.add(text.get((int) r[1])));

    List<String> lines = cli.outLines();
    int at = lines.indexOf("virtual kernel memory layout:");
    assertTrue(at >= 0, cli.out());
    assertEquals(expected, lines.subList(at, at + expected.size()), v);
    assertEquals(v + ": " + m.arch().description(), lines.get(0));
    assertContains(cli, String.format("    FIX_KMAP_BEGIN    : %4d   (%s)", l.fixKmapBegin(),
        Hex.addr(l.fixToVirt(l.fixKmapBegin()))));
    assertContains(cli, String.format("    FIX_KMAP_END      : %4d   (%s)", l.fixKmapEnd(),
        Hex.addr(l.fixToVirt(l.fixKmapEnd()))));
    // every shipped fixmap grows down (index n at FIXADDR_TOP - n pages): slot 15 lowest; with
    // N colours slot s of CPU c is N pages, idx (s + 16 * c) * N + N - 1 - colour (xtensa)
    int n = m.arch().dcacheColours();
    for (int cpu = 0; cpu < m.nrCpus(); cpu++) {
      long slot0 = l.fixToVirt(l.fixKmapBegin() + 16 * cpu * n);
      long slot15 = l.fixToVirt(l.fixKmapBegin() + (15 + 16 * cpu) * n + n - 1);
      assertContains(cli, String.format("    CPU%-3d kmap slots : %s .. %s   (%s .. %s)",
          cpu, Hex.addr(slot15), Hex.addr(slot0), n > 1 ? "slot 15 colour 0" : "slot 15",
          n > 1 ? "slot 0 colour " + (n - 1) : "slot 0"));
    }
    assertContains(cli, String.format(
        "    KM_MAX_IDX        :   16   slots per CPU x NR_CPUS %d%s = %d fixmap slots",
        m.nrCpus(), n > 1 ? " x DCACHE_N_COLORS " + n : "", 16 * m.nrCpus() * n));
    assertContains(cli, "    highmem pfns      : " + Hex.pfn(m.maxLowPfn()) + " - "
        + Hex.pfn(m.maxPfn() - 1));
  }

  /**
   * xtensa-c2 (DCACHE_N_COLORS 2, v5.11's arch/xtensa/include/asm/fixmap.h and highmem.h): 4 CPUs
   * x KM_MAX_IDX 16 x 2 colours = 128 fixmap pages from FIXADDR_TOP 0x9fc7f000 down; slot 0 of
   * CPU 0 is 0x9fc7f000 for a page of colour 1 and 0x9fc7e000 for colour 0 (kmap_idx(type, color)
   * = (type + KM_MAX_IDX * cpu) * 2 + 1 - color); CPU 1 starts 32 pages lower; PKMAP_BASE
   * 0x9f000000 with LAST_PKMAP 2048 (1024 per colour).
   */
  @Test
  void xtensaC2PrintsTheFixmapPerColour() {
    Cli cli = Cli.run("layout", "--arch", "xtensa-c2");
    assertEquals(0, cli.exitCode(), cli.err());
    assertContains(cli, "    FIXADDR_TOP       : 0x9fc7f000   (fixmap index 0; index n at"
        + " FIXADDR_TOP - n pages)");
    assertContains(cli, "    FIX_KMAP_BEGIN    :    0   (0x9fc7f000)");
    assertContains(cli, "    FIX_KMAP_END      :  127   (0x9fc00000)");
    assertContains(cli, "    KM_MAX_IDX        :   16   slots per CPU x NR_CPUS 4 x DCACHE_N_COLORS"
        + " 2 = 128 fixmap slots");
    assertContains(cli, "    DCACHE_N_COLORS   :    2   (slot s of CPU c for a page of colour k:"
        + " FIX_KMAP_BEGIN + (s + KM_MAX_IDX * c) * 2 + 1 - k)");
    assertContains(cli, "    CPU0   kmap slots : 0x9fc60000 .. 0x9fc7f000   (slot 15 colour 0 .."
        + " slot 0 colour 1)");
    assertContains(cli, "    CPU1   kmap slots : 0x9fc40000 .. 0x9fc5f000   (slot 15 colour 0 .."
        + " slot 0 colour 1)");
    assertContains(cli, "    pkmap   : 0x9f000000 - 0x9f800000   (8192 kB)");

    Map<String, Object> root = JsonParser.object(
        Cli.run("layout", "--arch", "xtensa-c2", "--json").out());
    Map<?, ?> kmap = (Map<?, ?>) root.get("kmapLocal");
    assertEquals(2L, kmap.get("dcacheColours"));
    assertEquals(128L, kmap.get("fixmapSlots"));
    Map<?, ?> cpu0 = (Map<?, ?>) ((List<?>) kmap.get("cpus")).get(0);
    assertEquals(List.of("0x9fc7e000", "0x9fc7f000"), cpu0.get("slot0ByColour"));
    assertEquals(List.of("0x9fc60000", "0x9fc61000"), cpu0.get("lastSlotByColour"));
    assertEquals("0x9fc7e000", cpu0.get("slot0"));
    assertEquals("0x9fc60000", cpu0.get("start"));
    assertEquals("0x9fc80000", cpu0.get("end"));
  }

  /** nds32 is uniprocessor: layout's default is its one CPU, not the preset's 4. */
  @Test
  void nds32DefaultsToItsOneCpu() {
    Cli cli = Cli.run("layout", "--arch", "nds32");
    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.outLines().get(1).startsWith("NR_CPUS 1, "), cli.outLines().get(1));
    assertContains(cli, "    FIX_KMAP_BEGIN    :    2   (0xfffee000)");
    assertContains(cli, "    FIX_KMAP_END      :   17   (0xfffdf000)");
    assertFalse(cli.out().contains("CPU1 "), cli.out());
    Cli two = Cli.run("layout", "--arch", "nds32", "--cpus", "2");
    assertEquals(2, two.exitCode(), two.err());
  }

  /**
   * ARM's pkmap is the PMD just below PAGE_OFFSET (PKMAP_BASE = PAGE_OFFSET - PMD_SIZE), so it
   * comes after lowmem, where ARM's own mem_init() printed it; MIPS32's vmalloc starts at the
   * fixed MAP_BASE, the start of KSEG2.
   */
  @Test
  void armPrintsPkmapBelowLowmemAndMipsVmallocStartsAtKseg2() {
    List<String> arm = Cli.run("layout", "--arch", "arm").outLines();
    int at = arm.indexOf("virtual kernel memory layout:");
    assertEquals(List.of("    fixmap  : 0xffc00000 - 0xffeff000   (3068 kB)",
        "    vmalloc : 0xf0800000 - 0xff800000   ( 240 MB)",
        "    lowmem  : 0xc0000000 - 0xf0000000   ( 768 MB)",
        "    pkmap   : 0xbfe00000 - 0xc0000000   (2048 kB)"), arm.subList(at + 1, at + 5));
    Cli mips = Cli.run("layout", "--arch", "mips");
    assertContains(mips, "    vmalloc : 0xc0000000 - ");
    assertContains(mips, "    lowmem  : 0x80000000 - 0xa0000000   ( 512 MB)");
  }

  @Test
  void kmapSectionGivesFixKmapAndEveryCpusWindow() {
    Cli cli = Cli.run("layout", "--arch", "x86-pae", "--cpus", "3");
    assertEquals(0, cli.exitCode(), cli.err());
    Machine m = KmapSim.newMachine(MachineConfig.preset("x86-pae").toBuilder().cpus(3).build());
    MemoryLayout l = m.layout();
    assertContains(cli, String.format("    FIX_KMAP_BEGIN    : %4d   (%s)", l.fixKmapBegin(),
        Hex.addr(l.fixToVirt(l.fixKmapBegin()))));
    assertContains(cli, String.format("    FIX_KMAP_END      : %4d   (%s)", l.fixKmapEnd(),
        Hex.addr(l.fixToVirt(l.fixKmapEnd()))));
    assertContains(cli, "    KM_MAX_IDX        :   16   slots per CPU x NR_CPUS 3 = 48 fixmap slots");
    for (int cpu = 0; cpu < 3; cpu++) {
      long slot0 = l.fixToVirt(l.fixKmapBegin() + 16 * cpu);
      long slot15 = l.fixToVirt(l.fixKmapBegin() + 15 + 16 * cpu);
      assertContains(cli, String.format("    CPU%-3d kmap slots : %s .. %s   (slot 15 .. slot 0)",
          cpu, Hex.addr(slot15), Hex.addr(slot0)));
    }
    assertContains(cli, "    lowmem pfns       : 0x0 - " + Hex.pfn(m.maxLowPfn() - 1));
    assertContains(cli, "    highmem pfns      : " + Hex.pfn(m.maxLowPfn()) + " - "
        + Hex.pfn(m.maxPfn() - 1));
  }

  @Test
  void debugKmapLocalHas33SlotsPerCpuWithEvenGuards() {
    Cli cli = Cli.run("layout", "--arch", "x86", "--cpus", "2", "--debug-kmap-local");
    assertEquals(0, cli.exitCode(), cli.err());
    assertContains(cli, "    KM_MAX_IDX        :   33   slots per CPU x NR_CPUS 2 = 66 fixmap slots");
    assertContains(cli, "guard slots 0, 2, ..., 32 stay unmapped; maps use slots 1, 3, ..., 31");
    assertContains(cli, "(slot 32 .. slot 0)");
  }

  @Test
  void memoryBelowTheLowmemLimitHasNoHighmem() {
    Cli cli = Cli.run("layout", "--arch", "x86", "--memory", "512M");
    assertEquals(0, cli.exitCode(), cli.err());
    // 512 MiB of RAM all sits in the direct map: high_memory = PAGE_OFFSET + 512M
    assertContains(cli, "    lowmem  : 0xc0000000 - 0xe0000000   ( 512 MB)");
    assertContains(cli, "    highmem pfns      : none");
  }

  /** {@code layout --json}: the same numbers as the text, as one object. */
  @Test
  void jsonHasTheRegionsSymbolsKmapWindowsAndSplit() {
    Cli cli = Cli.run("layout", "--arch", "x86", "--cpus", "4", "--json");
    assertEquals(0, cli.exitCode(), cli.err());
    assertEquals("", cli.err());
    assertEquals(1, cli.outLines().size(), cli.out());
    Map<String, Object> root = JsonParser.object(cli.out());
    Machine m = KmapSim.newMachine(MachineConfig.preset("x86").toBuilder().cpus(4).build());
    MemoryLayout l = m.layout();
    assertEquals("x86", root.get("arch"));
    assertEquals(4L, root.get("nrCpus"));
    assertEquals(2048L << 20, root.get("memoryBytes"));
    assertEquals(32L, root.get("pteBits"));
    Map<?, ?> symbols = (Map<?, ?>) root.get("symbols");
    assertEquals("0xff400000", symbols.get("PKMAP_BASE"));
    assertEquals("0xc0000000", symbols.get("PAGE_OFFSET"));
    assertEquals(1024L, symbols.get("LAST_PKMAP"));
    assertEquals(16L, symbols.get("KM_MAX_IDX"));
    assertEquals((long) l.fixKmapBegin(), symbols.get("FIX_KMAP_BEGIN"));
    assertEquals(Hex.addr(l.fixaddrTop()), symbols.get("FIXADDR_TOP"));

    List<?> regions = (List<?>) root.get("regions");
    assertEquals(List.of("fixmap", "cpu_entry", "pkmap", "vmalloc", "lowmem"),
        regions.stream().map(r -> ((Map<?, ?>) r).get("name")).toList());
    Map<?, ?> pkmap = (Map<?, ?>) regions.get(2);
    assertEquals("0xff400000", pkmap.get("start"));
    assertEquals("0xff800000", pkmap.get("end"));
    assertEquals(4096L << 10, pkmap.get("size"));

    Map<?, ?> kmap = (Map<?, ?>) root.get("kmapLocal");
    assertEquals(64L, kmap.get("fixmapSlots"));
    assertEquals(256L << 10, kmap.get("size"));
    List<?> cpus = (List<?>) kmap.get("cpus");
    assertEquals(4, cpus.size());
    for (int cpu = 0; cpu < 4; cpu++) {
      Map<?, ?> w = (Map<?, ?>) cpus.get(cpu);
      assertEquals((long) cpu, w.get("cpu"));
      assertEquals(Hex.addr(l.fixToVirt(l.fixKmapBegin() + 16 * cpu)), w.get("slot0"));
      assertEquals(Hex.addr(l.fixToVirt(l.fixKmapBegin() + 15 + 16 * cpu)), w.get("lastSlot"));
      assertEquals(w.get("lastSlot"), w.get("start"));
    }
    Map<?, ?> memory = (Map<?, ?>) root.get("memory");
    assertEquals(Hex.pfn(m.maxLowPfn()), memory.get("maxLowPfn"));
    assertEquals("0x80000", memory.get("maxPfn"));
    assertEquals(2048L << 20, (Long) memory.get("lowmemBytes") + (Long) memory.get("highmemBytes"));
  }

  /** Adds a region line and its start address, keeping the line's index beside it. */
  private static void region(List<long[]> regions, List<String> text, String line, long start) {
    regions.add(new long[] {start, text.size()});
    text.add(line);
  }

  private static void assertContains(Cli cli, String expected) {
    assertTrue(cli.out().contains(expected), () -> "missing: " + expected + "\n" + cli.out());
  }
}
