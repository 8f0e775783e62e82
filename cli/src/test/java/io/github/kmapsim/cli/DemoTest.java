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
      "powerpc-book3s32", "powerpc-e500", "x86", "x86-pae", "xtensa", "xtensa-c2");
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
   * A section stays readable: around 40 lines, whatever LAST_PKMAP is (csky's, whose TLB flushes
   * drop an even/odd pair of pages, print a line more for each).
   */
  @ParameterizedTest
  @MethodSource("variants")
  void everyVariantHasOneShortSection(String v) {
    Machine m = machine(v);
    assertEquals(1, count("== " + v + ": " + m.arch().description() + " =="), v);
    int lines = section(v).size();
    assertTrue(lines >= 35 && lines <= 60, v + " has " + lines + " lines:\n" + demo.out());
  }

  /**
   * Slot 0 of CPU0 is fixmap index FIX_KMAP_BEGIN + kmap_local_calc_idx(0) = FIX_KMAP_BEGIN + 0 +
   * KM_MAX_IDX * 0 (with colours xtensa's kmap_idx(0, colour) = N - 1 - colour); the writer's
   * first map and the reader's map (a page of the same colour) after the preemption both land
   * there.
   */
  @ParameterizedTest
  @MethodSource("variants")
  void writerAndReaderShareCpu0Slot0AddressButNotThePage(String v) {
    Machine m = machine(v);
    String slot0 = slot0(m);
    long pfn = m.maxLowPfn();
    String where = m.arch().dcacheColours() == 1 ? "slot 0" : "slot 0, colour 0";
    String text = String.join("\n", section(v));
    assertAll(v,
        () -> assertIn(text, "CPU0 writer: kmap_local_page(pfn " + Hex.pfn(pfn) + ") = " + slot0
            + " (" + where + ")"),
        () -> assertIn(text, "CPU0 reader: kmap_local_page(pfn " + Hex.pfn(pfn + 2) + ") = "
            + slot0 + " (" + where + ", writer's slot 0 address, another page)"),
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
    // the top slot for A's colour: kmap_local_unmap_idx(1, A) (kmap_idx(1, colour of A))
    String slot1 = Hex.addr(slot(m, 1, m.maxLowPfn()));
    assertEquals(1, lines.stream().filter(s -> s.contains("KMAP-W001 WARNING: CPU: 0 task: writer"
        + " (task) kunmap_local(" + slot0 + ") is not the top slot 1 at " + slot1)).count(), v);
    assertEquals(1, lines.stream().filter(s -> s.contains("CPU0 writer: runs on: ")).count(), v);
    assertEquals(1, lines.stream().filter(s -> s.contains("(clean up: A is the top slot now)"))
        .count(), v);
    String text = String.join("\n", lines);
    if (m.arch().dcacheColours() > 1) {
      // A (pfn max_low_pfn) and B (the next pfn) have different colours
      String slotB = Hex.addr(slot(m, 1, m.maxLowPfn() + 1));
      assertIn(text, "pte_clear " + slot1 + ": ");
      assertIn(text, "pte_clear hit the top slot's PTE of A's colour, an empty one; A still reads"
          + " 0x5752495445520001");
      assertIn(text, "B's PTE ");
      assertIn(text, " at " + slotB + ", of the other colour, stays set, owned by no slot");
    } else if (m.arch().hooks().kmapPtesLinear()) {
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
    int n = m.arch().dcacheColours(); // with colours, pages of colour 0: entries n, 2n, ...
    int used = last / n - 1;
    long first = (m.maxLowPfn() + DemoStory.LOCAL_PAGES + n - 1) & -n;
    long extra = first + (long) used * n;
    String step = n == 1 ? "" : " step " + n;
    String text = String.join("\n", section(v));
    assertAll(v,
        () -> assertIn(text, "-- persistent kmap(): LAST_PKMAP " + last + " entries from"
            + " PKMAP_BASE " + Hex.addr(l.pkmapBase())),
        () -> assertIn(text, "kmap()+kunmap() of " + used + " pages, pfn " + Hex.pfn(first)
            + ".." + Hex.pfn(extra - n) + step + " (log muted): entries " + n + ".."
            + used * n + step + " (" + Hex.addr(pkmapAddr(l, n)) + ".."
            + Hex.addr(pkmapAddr(l, used * n)) + ") at pkmap_count 1"),
        () -> assertIn(text, "CPU0 writer: kmap(pfn " + Hex.pfn(extra) + ") = "
            + Hex.addr(pkmapAddr(l, 0)) + " (PKMAP_ADDR(0)): map_new_virtual()'s scan wrapped to"
            + " entry 0"),
        () -> assertIn(text, "flush_all_zero_pkmaps(): flush_cache_kmaps() "),
        () -> assertIn(text, "; " + used + " entries at pkmap_count 1 freed"),
        () -> assertEquals(used, clearedPkmapEntries(text, l, n), text),
        () -> assertIn(text, "flush_tlb_kernel_range(" + Hex.addr(pkmapAddr(l, 0)) + ", "
            + Hex.addr(pkmapAddr(l, last)) + ") on CPU0"
            + (m.nrCpus() == 1 ? "\n" : ", CPU1 (from CPU0, IPI to CPU1)")),
        () -> assertIn(text, "set_pte   " + Hex.addr(pkmapAddr(l, 0)) + ": "),
        () -> assertIn(text, "CPU0 writer: kunmap(pfn " + Hex.pfn(extra) + "): pkmap_count[0]"
            + " 2 -> 1"),
        () -> assertIn(text, "kmap_local_page, by contrast: a per-CPU slot, no kmap_lock, no"
            + " global flush (its 3 maps above: 0 global flushes, 0 IPIs)"));
    // the IPI count comes from the counters: cpus - 1 per kernel-range flush
    Matcher c = Pattern.compile("counters for this kmap\\(\\): 1 pkmap flush, (\\d+)"
        + " flush_tlb_kernel_range.*, (\\d+) IPIs? = (\\d+) flush(es)? x \\((\\d+) CPUs? - 1\\)")
        .matcher(text);
    assertTrue(c.find(), text);
    long flushes = Long.parseLong(c.group(1));
    assertTrue(flushes >= 1, c.group());
    assertEquals(flushes, Long.parseLong(c.group(3)), c.group());
    assertEquals(m.nrCpus(), Integer.parseInt(c.group(5)), c.group());
    assertEquals(flushes * (m.nrCpus() - 1), Long.parseLong(c.group(2)), c.group());
  }

  /**
   * The pkmap entries the wrap's pte_clear lines cover, from PKMAP_ADDR(n) on in steps of n
   * entries (n colours: the entries of colour 0): one run when every entry is cleared to the same
   * word, several where the empty PTE keeps bits of what it held (e500's high word).
   */
  private static int clearedPkmapEntries(String text, MemoryLayout l, int n) {
    Matcher run = Pattern.compile("pte_clear (0x[0-9a-f]+)(?: \\.\\. 0x[0-9a-f]+"
        + "(?: \\(every \\d+ pages\\))?: (\\d+) PTEs ->|: 0x[0-9a-f]+ ->)").matcher(text);
    int cleared = 0;
    long next = pkmapAddr(l, n);
    while (run.find()) {
      long start = Long.decode(run.group(1));
      if (start == next) {
        int count = run.group(2) == null ? 1 : Integer.parseInt(run.group(2));
        cleared += count;
        next += (long) count * n << l.pageShift();
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
      // 3 maps and 3 unmaps (the wrong-order one counts), 2 switches with maps, LAST_PKMAP
      // persistent maps (LAST_PKMAP / N with N colours), 1 pkmap flush, at least one IPI (none
      // on a uniprocessor), 1 warning
      String v = variants.get(i);
      Machine m = machine(v);
      Pattern row = Pattern.compile(Pattern.quote(v) + "\\s+3\\s+3\\s+\\d+\\s+2\\s+"
          + m.layout().lastPkmap() / m.arch().dcacheColours() + "\\s+1\\s+"
          + (m.nrCpus() > 1 ? "[1-9]\\d*" : "0") + "\\s+1\\s+ok");
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
    return MACHINES.computeIfAbsent(variant, v -> KmapSim.newMachine(MachineConfig.preset(v)
        .toBuilder().cpus(NrCpus.atMost(v, DemoStory.CPUS)).build()));
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
