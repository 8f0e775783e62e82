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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default command: the demonstration on every discovered variant. */
class DemoTest {
  private static final Map<String, Machine> MACHINES = new HashMap<>();
  private static List<String> variants;
  private static Cli demo;

  @BeforeAll
  static void runDemo() {
    variants = KmapSim.variantNames();
    demo = Cli.run();
  }

  @Test
  void theClassPathHasTheX86Variants() {
    assertTrue(variants.containsAll(List.of("x86", "x86-pae")), variants.toString());
  }

  @Test
  void runsAsDesignedWithExitZeroAndNothingOnStandardError() {
    assertEquals(0, demo.exitCode(), demo.out());
    assertEquals("", demo.err());
    assertFalse(demo.out().contains("UNEXPECTED"), demo.out());
  }

  @Test
  void everyVariantHasItsSection() {
    for (String v : variants) {
      Machine m = machine(v);
      assertTrue(demo.out().contains("== " + v + ": " + m.arch().description() + " =="), v);
    }
  }

  /**
   * Slot 0 of CPU0 is fixmap index FIX_KMAP_BEGIN + kmap_local_calc_idx(0) = FIX_KMAP_BEGIN + 0 +
   * KM_MAX_IDX * 0, computed here from the variant's layout; the writer's first map and the
   * reader's map after the preemption both land there.
   */
  @Test
  void writerAndReaderShareCpu0Slot0AddressButNotThePage() {
    for (String v : variants) {
      Machine m = machine(v);
      MemoryLayout l = m.layout();
      String slot0 = Hex.addr(l.fixToVirt(l.fixKmapBegin()));
      long pfn = m.maxLowPfn();
      assertAll(v,
          () -> assertContains("CPU0 writer: kmap_local_page(pfn " + Hex.pfn(pfn) + ") = " + slot0
              + " (slot 0)"),
          () -> assertContains("CPU0 reader: kmap_local_page(pfn " + Hex.pfn(pfn + 2) + ") = "
              + slot0 + " (slot 0, writer's slot 0 address, another page)"),
          () -> assertContains("CPU0 writer: *(u64 *)" + slot0 + " reads 0x5752495445520001 again"
              + " (pfn " + Hex.pfn(pfn) + ")"));
    }
  }

  /** The PTE word is the variant's own encoding, printed at the width of its pte_t. */
  @Test
  void pteWritesShowTheRawWordAtTheArchitecturesWidth() {
    for (String v : variants) {
      Machine m = machine(v);
      PteCodec codec = m.arch().pteCodec();
      MemoryLayout l = m.layout();
      long pte = codec.pfnPte(m.maxLowPfn(), codec.kmapProt());
      String word = Hex.pte(pte, codec.pteBits());
      assertEquals(2 + codec.pteBits() / 4, word.length());
      assertContains("set_pte   " + Hex.addr(l.fixToVirt(l.fixKmapBegin())) + ": "
          + Hex.pte(codec.emptyPte(), codec.pteBits()) + " -> " + word + "  "
          + codec.describe(pte));
    }
  }

  @Test
  void contextSwitchesClearAndRestoreBothOfWritersSlots() {
    assertEquals(variants.size(), count(
        "__kmap_local_sched_out(writer): 2 slots cleared; __kmap_local_sched_in(reader): 0 slots"
            + " restored"));
    assertEquals(variants.size(), count(
        "__kmap_local_sched_out(reader): 0 slots cleared; __kmap_local_sched_in(writer): 2 slots"
            + " restored"));
  }

  @Test
  void theWrongOrderUnmapWarnsOncePerVariantAndTheMachineRunsOn() {
    assertEquals(variants.size(), count("KMAP-W001 WARNING: CPU: 0 task: writer (task) kunmap_local("));
    assertEquals(variants.size(), count("CPU0 writer: runs on: "));
    assertEquals(variants.size(), count("(clean up: A is the top slot now)"));
  }

  @Test
  void theSummaryHasOneRowPerVariant() {
    List<String> lines = demo.outLines();
    int header = lines.indexOf("summary");
    assertTrue(header > 0, demo.out());
    assertTrue(lines.get(header + 1).matches(
        "variant\\s+maps\\s+unmaps\\s+TLB flushes\\s+switches with maps\\s+warnings\\s+result"));
    for (int i = 0; i < variants.size(); i++) {
      // 5 maps and 5 unmaps (the wrong-order one counts), 2 switches with maps, 1 warning
      Pattern row = Pattern.compile(Pattern.quote(variants.get(i)) + "\\s+5\\s+5\\s+\\d+\\s+2\\s+1\\s+ok");
      assertTrue(row.matcher(lines.get(header + 2 + i)).matches(), lines.get(header + 2 + i));
    }
    assertEquals("every variant ran as designed (its one warning is the deliberate wrong-order"
        + " unmap)", lines.get(header + 2 + variants.size()));
  }

  @Test
  void demoCommandRunsTheNamedVariantsOnly() {
    Cli one = Cli.run("demo", "--arch", "x86-pae");
    assertEquals(0, one.exitCode(), one.err());
    assertTrue(one.out().contains("== x86-pae: "));
    assertFalse(one.out().contains("== x86: "));
  }

  /** A fresh machine like the demo's, for its layout and PTE codec (one per variant). */
  private static Machine machine(String variant) {
    return MACHINES.computeIfAbsent(variant,
        v -> KmapSim.newMachine(MachineConfig.preset(v).toBuilder().cpus(DemoStory.CPUS).build()));
  }

  private static void assertContains(String expected) {
    assertTrue(demo.out().contains(expected), () -> "missing: " + expected + "\n" + demo.out());
  }

  private static long count(String s) {
    return demo.outLines().stream().filter(line -> line.contains(s)).count();
  }
}
