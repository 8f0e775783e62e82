// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default command: the demonstration on every discovered variant. Addresses are computed here
 * from each variant's {@code machine.layout()}, never copied from the output.
 */
class DemoTest {
  /** The variants this reactor ships; discovery must find them all. */
  private static final List<String> SHIPPED =
      List.of("arm", "arm-lpae", "arm-vivt", "mips", "mips-16k", "x86", "x86-pae");
  private static final Map<String, Machine> MACHINES = new HashMap<>();
  private static Cli demo;

  @BeforeAll
  static void runDemo() {
    demo = Cli.run();
  }

  /** The {@code @MethodSource} of the per-variant tests: every discovered variant. */
  static List<String> variants() {
    return KmapSim.variantNames();
  }

  @Test
  void theClassPathHasEveryShippedVariant() {
    assertTrue(variants().containsAll(SHIPPED), variants().toString());
  }

  @Test
  void runsAsDesignedWithExitZeroAndNothingOnStandardError() {
    assertEquals(0, demo.exitCode(), demo.out());
    assertEquals("", demo.err());
    assertFalse(demo.out().contains("UNEXPECTED"), demo.out());
  }

  /** A section stays readable: around 40 lines, whatever LAST_PKMAP is. */
  @ParameterizedTest
  @MethodSource("variants")
  void everyVariantHasOneShortSection(String v) {
    Machine m = machine(v);
    assertEquals(1, count("== " + v + ": " + m.arch().description() + " =="), v);
    int lines = section(v).size();
    assertTrue(lines >= 35 && lines <= 50, v + " has " + lines + " lines:\n" + demo.out());
  }

  /**
   * Slot 0 of CPU0 is fixmap index FIX_KMAP_BEGIN + kmap_local_calc_idx(0) = FIX_KMAP_BEGIN + 0 +
   * KM_MAX_IDX * 0; the writer's first map and the reader's map after the preemption both land
   * there.
   */
  @ParameterizedTest
  @MethodSource("variants")
  void writerAndReaderShareCpu0Slot0AddressButNotThePage(String v) {
    Machine m = machine(v);
    String slot0 = slot0(m);
    long pfn = m.maxLowPfn();
    String text = String.join("\n", section(v));
    assertAll(v,
        () -> assertIn(text, "CPU0 writer: kmap_local_page(pfn " + Hex.pfn(pfn) + ") = " + slot0
            + " (slot 0)"),
        () -> assertIn(text, "CPU0 reader: kmap_local_page(pfn " + Hex.pfn(pfn + 2) + ") = "
            + slot0 + " (slot 0, writer's slot 0 address, another page)"),
        () -> assertIn(text, "CPU0 writer: *(u64 *)" + slot0 + " reads 0x5752495445520001 again"
            + " (pfn " + Hex.pfn(pfn) + ")"));
  }

  /** The PTE word is the variant's own encoding, printed at the width of its pte_t. */
  @ParameterizedTest
  @MethodSource("variants")
  void pteWritesShowTheRawWordAtTheArchitecturesWidth(String v) {
    Machine m = machine(v);
    PteCodec codec = m.arch().pteCodec();
    long pte = codec.pfnPte(m.maxLowPfn(), codec.kmapProt());
    String word = PteFormat.hex(codec, pte);
    assertEquals(2 + codec.pteBits() / 4, word.length());
    String hw = codec.hardwarePte(pte) == pte ? ""
        : " hw=" + PteFormat.hex(codec, codec.hardwarePte(pte));
    assertIn(String.join("\n", section(v)), "set_pte   " + slot0(m) + ": "
        + PteFormat.hex(codec, codec.emptyPte()) + " -> " + word + "  " + codec.describe(pte)
        + hw);
  }

  /**
   * __kmap_local_sched_out/in run only for a task with local kmaps (kmap_ctrl.idx != 0): the
   * switches to and from the reader clear and restore writer's two slots, the first switch from
   * the idle task logs nothing.
   */
  @Test
  void contextSwitchesClearAndRestoreBothOfWritersSlots() {
    int n = variants().size();
    assertEquals(n, count("__kmap_local_sched_out(writer): 2 slots cleared"));
    assertEquals(n, count("__kmap_local_sched_in(writer): 2 slots restored"));
    assertEquals(0, count("__kmap_local_sched_out(swapper/0)"));
    assertEquals(0, count("0 slots"));
  }

  /** KMAP-W001 names the slot 0 address; what follows depends on the kmap PTE array. */
  @ParameterizedTest
  @MethodSource("variants")
  void theWrongOrderUnmapWarnsOnceAndTheMachineRunsOn(String v) {
    Machine m = machine(v);
    List<String> lines = section(v);
    String slot0 = slot0(m);
    MemoryLayout l = m.layout();
    String slot1 = Hex.addr(l.fixToVirt(l.fixKmapBegin() + 1));
    assertEquals(1, lines.stream().filter(s -> s.contains("KMAP-W001 WARNING: CPU: 0 task: writer"
        + " (task) kunmap_local(" + slot0 + ") is not the top slot 1 at " + slot1)).count(), v);
    assertEquals(1, lines.stream().filter(s -> s.contains("CPU0 writer: runs on: ")).count(), v);
    assertEquals(1, lines.stream().filter(s -> s.contains("(clean up: A is the top slot now)"))
        .count(), v);
    String text = String.join("\n", lines);
    if (m.arch().hooks().kmapPtesLinear()) {
      assertIn(text, "pte_clear " + slot1 + ": ");
      assertIn(text, "pte_clear hit the top slot's PTE (B's, __kmap_pte - idx)");
      assertIn(text, "A still reads 0x5752495445520001");
    } else {
      assertIn(text, "kmap_get_pte() walked the page table for A's address"
          + " (KMAP_LOCAL_NON_LINEAR_PTE_ARRAY)");
      assertIn(text, "at " + slot1 + " stays set, owned by no slot");
    }
  }

  /**
   * The pkmap part: LAST_PKMAP - 1 muted kmap()+kunmap() pairs, then the kmap() whose scan wraps
   * to PKMAP_ADDR(0), flush_all_zero_pkmaps freeing them all with one
   * flush_tlb_kernel_range(PKMAP_ADDR(0), PKMAP_ADDR(LAST_PKMAP)) that reaches the other CPU by
   * IPI; the counters give cpus - 1 IPIs per kernel-range flush.
   */
  @ParameterizedTest
  @MethodSource("variants")
  void thePkmapWrapFreesEveryUnusedEntryWithOneGlobalFlush(String v) {
    Machine m = machine(v);
    MemoryLayout l = m.layout();
    int last = l.lastPkmap();
    long first = m.maxLowPfn() + DemoStory.LOCAL_PAGES;
    long extra = first + last - 1;
    String text = String.join("\n", section(v));
    assertAll(v,
        () -> assertIn(text, "-- persistent kmap(): LAST_PKMAP " + last + " entries from"
            + " PKMAP_BASE " + Hex.addr(l.pkmapBase())),
        () -> assertIn(text, "kmap()+kunmap() of " + (last - 1) + " pages, pfn " + Hex.pfn(first)
            + ".." + Hex.pfn(extra - 1) + " (log muted): entries 1.." + (last - 1) + " ("
            + Hex.addr(pkmapAddr(l, 1)) + ".." + Hex.addr(pkmapAddr(l, last - 1))
            + ") at pkmap_count 1"),
        () -> assertIn(text, "CPU0 writer: kmap(pfn " + Hex.pfn(extra) + ") = "
            + Hex.addr(pkmapAddr(l, 0)) + " (PKMAP_ADDR(0)): map_new_virtual()'s scan wrapped to"
            + " entry 0"),
        () -> assertIn(text, "flush_all_zero_pkmaps(): flush_cache_kmaps() "),
        () -> assertIn(text, "; " + (last - 1) + " entries at pkmap_count 1 freed"),
        () -> assertIn(text, "pte_clear " + Hex.addr(pkmapAddr(l, 1)) + " .. "
            + Hex.addr(pkmapAddr(l, last - 1)) + ": " + (last - 1) + " PTEs -> "),
        () -> assertIn(text, "flush_tlb_kernel_range(" + Hex.addr(pkmapAddr(l, 0)) + ", "
            + Hex.addr(pkmapAddr(l, last)) + ") on CPU0, CPU1 (from CPU0, IPI to CPU1)"),
        () -> assertIn(text, "set_pte   " + Hex.addr(pkmapAddr(l, 0)) + ": "),
        () -> assertIn(text, "CPU0 writer: kunmap(pfn " + Hex.pfn(extra) + "): pkmap_count[0]"
            + " 2 -> 1"),
        () -> assertIn(text, "kmap_local_page, by contrast: a per-CPU slot, no kmap_lock, no"
            + " global flush (its 3 maps above: 0 global flushes, 0 IPIs)"));
    // the IPI count comes from the counters: cpus - 1 per kernel-range flush
    Matcher c = Pattern.compile("counters for this kmap\\(\\): 1 pkmap flush, (\\d+)"
        + " flush_tlb_kernel_range.*, (\\d+) IPIs? = (\\d+) flush(es)? x \\((\\d+) CPUs - 1\\)")
        .matcher(text);
    assertTrue(c.find(), text);
    long flushes = Long.parseLong(c.group(1));
    assertTrue(flushes >= 1, c.group());
    assertEquals(flushes, Long.parseLong(c.group(3)), c.group());
    assertEquals(DemoStory.CPUS, Integer.parseInt(c.group(5)), c.group());
    assertEquals(flushes * (DemoStory.CPUS - 1), Long.parseLong(c.group(2)), c.group());
  }

  @Test
  void theSummaryHasOneRowPerVariant() {
    List<String> lines = demo.outLines();
    List<String> variants = variants();
    int header = lines.indexOf("summary");
    assertTrue(header > 0, demo.out());
    assertTrue(lines.get(header + 1).matches("variant\\s+maps\\s+unmaps\\s+TLB flushes\\s+"
        + "switches with maps\\s+persistent maps\\s+pkmap flushes\\s+IPIs\\s+warnings\\s+result"),
        lines.get(header + 1));
    for (int i = 0; i < variants.size(); i++) {
      // 3 maps and 3 unmaps (the wrong-order one counts), 2 switches with maps, LAST_PKMAP
      // persistent maps, 1 pkmap flush, at least one IPI, 1 warning
      String v = variants.get(i);
      Pattern row = Pattern.compile(Pattern.quote(v) + "\\s+3\\s+3\\s+\\d+\\s+2\\s+"
          + machine(v).layout().lastPkmap() + "\\s+1\\s+[1-9]\\d*\\s+1\\s+ok");
      assertTrue(row.matcher(lines.get(header + 2 + i)).matches(), lines.get(header + 2 + i));
    }
    assertEquals("every variant ran as designed (its one warning is the deliberate wrong-order"
        + " unmap)", lines.get(header + 2 + variants.size()));
  }

  @Test
  void demoCommandRunsTheNamedVariantsOnly() {
    Cli two = Cli.run("demo", "--arch", "x86-pae,mips-16k");
    assertEquals(0, two.exitCode(), two.err());
    assertTrue(two.out().contains("== x86-pae: "));
    assertTrue(two.out().contains("== mips-16k: "));
    assertFalse(two.out().contains("== x86: "));
    assertFalse(two.out().contains("== arm: "));
  }

  /** {@code demo --json}: one object with the summary table's row per variant, and no sections. */
  @Test
  void demoJsonIsOneObjectWithTheSummaryRows() {
    Cli cli = Cli.run("demo", "--json", "--arch", "x86,arm-lpae");
    assertEquals(0, cli.exitCode(), cli.err() + cli.out());
    assertEquals("", cli.err());
    assertEquals(1, cli.outLines().size(), cli.out());
    Map<String, Object> root = JsonParser.object(cli.out());
    assertEquals(List.of("variants", "exitCode"), List.copyOf(root.keySet()));
    assertEquals(0L, root.get("exitCode"));
    List<?> rows = (List<?>) root.get("variants");
    assertEquals(2, rows.size());
    for (int i = 0; i < 2; i++) {
      String v = List.of("x86", "arm-lpae").get(i);
      Map<?, ?> row = (Map<?, ?>) rows.get(i);
      Map<?, ?> counters = (Map<?, ?>) row.get("counters");
      assertAll(v,
          () -> assertEquals(v, row.get("variant")),
          () -> assertEquals(3L, row.get("maps")),
          () -> assertEquals(3L, row.get("unmaps")),
          () -> assertEquals(2L, row.get("switchesWithMaps")),
          () -> assertEquals((long) machine(v).layout().lastPkmap(), row.get("persistentMaps")),
          () -> assertEquals(1L, row.get("pkmapFlushes")),
          () -> assertTrue((Long) row.get("ipis") >= 1, row.toString()),
          () -> assertEquals(1L, row.get("warnings")),
          () -> assertEquals("ok", row.get("result")),
          () -> assertEquals(true, row.get("ok")),
          () -> assertEquals(List.of(), row.get("problems")),
          () -> assertEquals(3L, counters.get("localMaps")),
          () -> assertEquals((Long) counters.get("tlbLocalFlushes")
              + (Long) counters.get("tlbRangeFlushes") + (Long) counters.get("tlbFullFlushes"),
              row.get("tlbFlushes")));
    }
  }

  /** Bare {@code kmapsim --json}: the default job's JSON, every discovered variant. */
  @Test
  void theDefaultJobTakesJsonToo() {
    Cli cli = Cli.run("--json");
    assertEquals(0, cli.exitCode(), cli.err() + cli.out());
    Map<String, Object> root = JsonParser.object(cli.out());
    List<?> rows = (List<?>) root.get("variants");
    assertEquals(KmapSim.variantNames(),
        rows.stream().map(r -> ((Map<?, ?>) r).get("variant")).toList());
  }

  /** The root's {@code --json} is the default job's; before a command it is bad input. */
  @Test
  void jsonBeforeACommandIsBadInput() {
    Cli cli = Cli.run("--json", "layout", "--arch", "x86");
    assertEquals(2, cli.exitCode(), cli.out());
    assertEquals("", cli.out());
    assertTrue(cli.err().startsWith("kmapsim: --json goes after the command, as in 'kmapsim"
        + " layout --json'"), cli.err());
  }

  /** A fresh machine like the demo's, for its layout and PTE codec (one per variant). */
  private static Machine machine(String variant) {
    return MACHINES.computeIfAbsent(variant,
        v -> KmapSim.newMachine(MachineConfig.preset(v).toBuilder().cpus(DemoStory.CPUS).build()));
  }

  /** __fix_to_virt(FIX_KMAP_BEGIN): slot 0 of CPU0. */
  private static String slot0(Machine m) {
    MemoryLayout l = m.layout();
    return Hex.addr(l.fixToVirt(l.fixKmapBegin()));
  }

  /** PKMAP_ADDR(nr). */
  private static long pkmapAddr(MemoryLayout l, int nr) {
    return l.pkmapBase() + ((long) nr << l.pageShift());
  }

  /** The lines of a variant's section, from its "== v: " header to the blank line after it. */
  private static List<String> section(String v) {
    List<String> lines = demo.outLines();
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("== " + v + ": ")) {
        from = i;
        break;
      }
    }
    assertTrue(from >= 0, () -> "no section for " + v + "\n" + demo.out());
    int to = lines.subList(from, lines.size()).indexOf("");
    return lines.subList(from, to < 0 ? lines.size() : from + to);
  }

  private static void assertIn(String text, String expected) {
    assertTrue(text.contains(expected), () -> "missing: " + expected + "\n" + text);
  }

  private static long count(String s) {
    return demo.outLines().stream().filter(line -> line.contains(s)).count();
  }
}
