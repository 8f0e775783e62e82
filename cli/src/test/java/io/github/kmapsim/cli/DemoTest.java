// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.Hex;
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
  private static final List<String> SHIPPED = List.of("arc", "arc-pae40", "arm", "arm-lpae",
      "arm-vivt", "csky", "csky-ck860", "microblaze", "mips", "mips-16k", "nds32",
      "powerpc-book3s32", "powerpc-e500", "sparc", "x86", "x86-pae", "xtensa", "xtensa-c2");
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

  /**
   * A section per variant: its header, then the three scenarios, each with its kernel-style log
   * and a verdict line; a uniprocessor gets one CPU, the others two.
   */
  @ParameterizedTest
  @MethodSource("variants")
  void everyVariantRunsTheThreeScenariosAsExpected(String v) {
    Machine m = machine(v);
    assertEquals(1, count("== " + v + ": " + m.arch().description() + " =="), v);
    String text = String.join("\n", section(v));
    for (String scenario : DemoRunner.SCENARIOS) {
      assertIn(text, "== " + scenario + ": " + v + ", " + m.nrCpus() + " CPUs, 2048 MB");
    }
    assertEquals(List.of("  -- as expected: no diagnostic",
        "  -- as expected: KMAP-W001 x2 and nothing else", "  -- as expected: no diagnostic"),
        section(v).stream().filter(l -> l.startsWith("  -- ")).toList(), text);
  }

  /**
   * Slot 0 of CPU0 is fixmap index FIX_KMAP_BEGIN + kmap_local_calc_idx(0) = FIX_KMAP_BEGIN + 0 +
   * KM_MAX_IDX * 0 (with colours xtensa's kmap_idx(0, colour) = N - 1 - colour); the writer's
   * first map and the reader's map (a page of the same colour) after the preemption both land
   * there, and the writer reads its data there again after the switch back.
   */
  @ParameterizedTest
  @MethodSource("variants")
  void writerAndReaderShareCpu0Slot0AddressButNotThePage(String v) {
    Machine m = machine(v);
    String slot0 = slot0(m);
    long pfn = m.maxLowPfn();
    String text = String.join("\n", section(v));
    assertAll(v,
        () -> assertIn(text, "=> a = " + slot0 + " (pfn " + Hex.pfn(pfn) + ", highmem)"),
        () -> assertIn(text, "=> c = " + slot0 + " (pfn " + Hex.pfn(pfn + 2) + ", highmem)"),
        () -> assertIn(text, "=> *(u64 *)" + slot0 + " reads 0x5752495445520001 as expected"));
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

  /**
   * Both wrong-order unmaps warn, each naming the top slot it is not, and whichever PTE
   * kmap_get_pte() picks, the second clears what the first left; the slot's next use, in order,
   * flushes what a speculating walker kept (x86): both slots end free, PTE and TLB.
   */
  @ParameterizedTest
  @MethodSource("variants")
  void bothWrongOrderUnmapsWarnAndLeaveNoSlotBehind(String v) {
    Machine m = machine(v);
    String a = slot0(m);
    String b = Hex.addr(slot(m, 1, m.maxLowPfn() + 2));
    String text = String.join("\n", section(v));
    assertAll(v,
        () -> assertIn(text, "kunmap_local(" + a + ") is not the top slot 1 at " + b),
        () -> assertIn(text, "kunmap_local(" + b + ") is not the top slot 0 at " + a),
        () -> assertIn(text, "pte_clear " + a + ": "),
        () -> assertIn(text, "pte_clear " + b + ": "),
        () -> assertIn(text, "c = " + a + " (pfn "));
  }

  /**
   * The pkmap scenario: LAST_PKMAP - 1 pages kmapped and kunmapped, then the kmap() whose scan
   * wraps: flush_all_zero_pkmaps frees them with one flush_tlb_kernel_range(PKMAP_ADDR(0),
   * PKMAP_ADDR(LAST_PKMAP)) that reaches the other CPU by IPI, and the page gets entry 0 (one
   * colour) or, with colours, an entry of its colour.
   */
  @ParameterizedTest
  @MethodSource("variants")
  void thePkmapWrapFreesEveryUnusedEntryWithOneGlobalFlush(String v) {
    Machine m = machine(v);
    MemoryLayout l = m.layout();
    int last = l.lastPkmap();
    String text = String.join("\n", section(v));
    assertAll(v,
        () -> assertIn(text, "=> " + (last - 1) + " pages kmapped from pfn "
            + Hex.pfn(m.maxLowPfn() + 8)),
        () -> assertIn(text, "=> " + (last - 1) + " pages kunmapped"),
        () -> assertIn(text, "flush_tlb_kernel_range(" + Hex.addr(pkmapAddr(l, 0)) + ", "
            + Hex.addr(pkmapAddr(l, last)) + ") on CPU0"
            + (m.nrCpus() == 1 ? "\n" : ", CPU1 (from CPU0, IPI to CPU1)")),
        () -> {
          if (m.arch().dcacheColours() == 1) {
            assertIn(text, "=> p = " + Hex.addr(pkmapAddr(l, 0)) + " (pfn "
                + Hex.pfn(m.maxLowPfn() + 4) + ", highmem)");
            assertEquals(last - 1, clearedPkmapEntries(text, l), text);
          }
        });
  }

  /**
   * The pkmap entries the wrap's pte_clear lines cover from PKMAP_ADDR(1) on: one run when
   * every entry is cleared to the same word, several where the empty PTE keeps bits of what it
   * held (e500's high word).
   */
  private static int clearedPkmapEntries(String text, MemoryLayout l) {
    Matcher run = Pattern.compile("pte_clear (0x[0-9a-f]+)(?: \\.\\. 0x[0-9a-f]+"
        + "(?: \\(every \\d+ pages\\))?: (\\d+) PTEs ->|: 0x[0-9a-f]+ ->)").matcher(text);
    int cleared = 0;
    long next = pkmapAddr(l, 1);
    while (run.find()) {
      long start = Long.decode(run.group(1));
      if (start == next) {
        int count = run.group(2) == null ? 1 : Integer.parseInt(run.group(2));
        cleared += count;
        next += (long) count << l.pageShift();
      }
    }
    return cleared;
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
      // 6 maps and 6 unmaps (3 + 3 of the wrong-order story), 2 switches with maps, LAST_PKMAP
      // persistent maps (LAST_PKMAP - 1 and one more), 1 pkmap flush, at least one IPI (none
      // on a uniprocessor), the 2 warnings
      String v = variants.get(i);
      Machine m = machine(v);
      Pattern row = Pattern.compile(Pattern.quote(v) + "\\s+6\\s+6\\s+\\d+\\s+2\\s+"
          + m.layout().lastPkmap() + "\\s+1\\s+" + (m.nrCpus() > 1 ? "[1-9]\\d*" : "0")
          + "\\s+2\\s+ok");
      assertTrue(row.matcher(lines.get(header + 2 + i)).matches(), lines.get(header + 2 + i));
    }
    assertEquals("every variant ran as designed (its two warnings are the deliberate wrong-order"
        + " unmaps)", lines.get(header + 2 + variants.size()));
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
          () -> assertEquals(6L, row.get("maps")),
          () -> assertEquals(6L, row.get("unmaps")),
          () -> assertEquals(2L, row.get("switchesWithMaps")),
          () -> assertEquals((long) machine(v).layout().lastPkmap(), row.get("persistentMaps")),
          () -> assertEquals(1L, row.get("pkmapFlushes")),
          () -> assertTrue((Long) row.get("ipis") >= 1, row.toString()),
          () -> assertEquals(2L, row.get("warnings")),
          () -> assertEquals("ok", row.get("result")),
          () -> assertEquals(true, row.get("ok")),
          () -> assertEquals(List.of(), row.get("problems")),
          () -> assertEquals(6L, counters.get("localMaps")),
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

  /** The root's {@code --json} and {@code --plugin} are the default job's; before a command, bad input. */
  @Test
  void jsonOrPluginBeforeACommandIsBadInput() {
    Cli cli = Cli.run("--json", "layout", "--arch", "x86");
    assertEquals(2, cli.exitCode(), cli.out());
    assertEquals("", cli.out());
    assertTrue(cli.err().startsWith("kmapsim: --json goes after the command, as in 'kmapsim"
        + " layout --json'"), cli.err());
    Cli plugin = Cli.run("--plugin", "x.jar", "stress");
    assertEquals(2, plugin.exitCode(), plugin.out());
    assertTrue(plugin.err().startsWith("kmapsim: --plugin goes after the command, as in"
        + " 'kmapsim stress --plugin'"), plugin.err());
  }

  /** A fresh machine like the demo's, for its layout and PTE codec (one per variant). */
  private static Machine machine(String variant) {
    return MACHINES.computeIfAbsent(variant, v -> KmapSim.newMachine(MachineConfig.preset(v)
        .toBuilder().cpus(Math.min(2, KmapSim.variant(v).maxCpus())).build()));
  }

  /**
   * Slot {@code slot} of CPU0 for page {@code pfn}: __fix_to_virt(FIX_KMAP_BEGIN + slot), or with
   * N colours xtensa's kmap_idx(slot, colour) = slot * N + N - 1 - colour.
   */
  private static long slot(Machine m, int slot, long pfn) {
    MemoryLayout l = m.layout();
    int n = m.arch().dcacheColours();
    return l.fixToVirt(l.fixKmapBegin() + slot * n + n - 1 - (int) (pfn & (n - 1)));
  }

  /** Slot 0 of CPU0 for page A, pfn max_low_pfn. */
  private static String slot0(Machine m) {
    return Hex.addr(slot(m, 0, m.maxLowPfn()));
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
