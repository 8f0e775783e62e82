// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.tests.kit.CheckResult.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * The conformance kit for one architecture variant. A third party's whole suite is one line:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> conformance() {
 *   return ConformanceKit.dynamicTests(new MyPlugin().variants().get(0));
 * }
 * }</pre>
 *
 * <p>Without JUnit, {@link #run()} returns one {@link CheckResult} per rule. Machines are built
 * with {@link KmapSim#newMachine(MachineConfig, ArchVariant)} on small configurations (2 CPUs, or
 * 1 on a uniprocessor, and the most CPUs up to the variant's NR_CPUS limit capped at 16 whose
 * kernel builds with KM_MAX_IDX 16 and 33).
 */
public final class ConformanceKit {

  /** The largest NR_CPUS the kit builds. */
  public static final int MAX_KIT_CPUS = 16;

  private final ArchVariant variant;

  private ConformanceKit(ArchVariant variant) {
    this.variant = Objects.requireNonNull(variant, "variant");
  }

  /** The kit for a variant given explicitly (a plugin under development). */
  public static ConformanceKit of(ArchVariant variant) {
    return new ConformanceKit(variant);
  }

  /** The kit for a discovered variant. */
  public static ConformanceKit forVariant(String name) {
    return new ConformanceKit(KmapSim.variant(name));
  }

  /** Every rule of the kit, in the order it runs them. */
  public static List<Check> checks() {
    return RULES.stream().map(Rule::check).toList();
  }

  /** The variant under test. */
  public ArchVariant variant() {
    return variant;
  }

  /** Runs every rule; a rule that throws is a failure naming the exception. */
  public List<CheckResult> run() {
    List<CheckResult> results = new ArrayList<>();
    for (Rule rule : RULES) {
      results.add(runOne(rule));
    }
    return results;
  }

  /**
   * Whether a run is a pass: at least one rule executed and no required rule failed. A run
   * that checked nothing is a failure.
   */
  public static boolean passed(List<CheckResult> results) {
    return !results.isEmpty() && results.stream()
        .noneMatch(r -> !r.passed() && r.check().severity() == Check.Severity.REQUIRED);
  }

  /** The kit's rules as JUnit 5 dynamic tests named {@code rule_id [variant]}. */
  public static Stream<DynamicTest> dynamicTests(ArchVariant variant) {
    ConformanceKit kit = of(variant);
    if (RULES.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("kit_ran_no_check", () -> {
        throw new AssertionError("the conformance kit ran no check");
      }));
    }
    return RULES.stream().map(rule -> DynamicTest.dynamicTest(
        rule.check().id() + " [" + variant.name() + "]", () -> {
          CheckResult r = kit.runOne(rule);
          if (!r.passed() && rule.check().severity() == Check.Severity.REQUIRED) {
            throw new AssertionError(r.format());
          }
          if (r.outcome() == Outcome.NOT_APPLICABLE) {
            Assumptions.abort(r.format()); // a skipped test, with the reason
          }
        }));
  }

  /** {@link #dynamicTests(ArchVariant)} for a discovered variant. */
  public static Stream<DynamicTest> dynamicTests(String variantName) {
    return dynamicTests(KmapSim.variant(variantName));
  }

  private CheckResult runOne(Rule rule) {
    try {
      String summary = rule.body().run(variant);
      return result(rule, Outcome.PASSED, summary);
    } catch (NotApplicable n) {
      return result(rule, Outcome.NOT_APPLICABLE, n.getMessage());
    } catch (Failure f) {
      return result(rule, Outcome.FAILED, f.getMessage());
    } catch (KmapException e) {
      return result(rule, Outcome.FAILED,
          "the machine stopped with " + e.code() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return result(rule, Outcome.FAILED, "the plugin threw " + e);
    } catch (LinkageError e) {
      return result(rule, Outcome.FAILED, "the plugin does not link against this kmapsim-api"
          + " (built against another version?): " + e);
    }
  }

  private CheckResult result(Rule rule, Outcome outcome, String diagnostic) {
    return new CheckResult(rule.check(), variant.name(), outcome, diagnostic);
  }

  // ---------------------------------------------------------------------------------------
  // rules

  @FunctionalInterface
  private interface Body {
    String run(ArchVariant v);
  }

  private record Rule(Check check, Body body) {}

  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** The variant lacks what a rule is about. */
  private static final class NotApplicable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotApplicable(String why) {
      super(why, null, false, false);
    }
  }

  private static String notApplicable(String why) {
    throw new NotApplicable(why);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new Failure(message);
    }
  }

  private static Rule rule(String id, String description, String hint, Body body) {
    Check.Severity s = id.startsWith("required_") ? Check.Severity.REQUIRED
        : Check.Severity.OPTIONAL;
    return new Rule(new Check(id, s, description, hint), body);
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  /** The fixmap slots each CPU owns: KM_MAX_IDX, times DCACHE_N_COLORS on a colour-aware arch. */
  private static int perCpu(ArchVariant v, int kmMaxIdx) {
    return kmMaxIdx * v.dcacheColours();
  }

  /**
   * NR_CPUS values the kit builds: 2 and the largest NR_CPUS up to the variant's limit capped at
   * 16 whose kernel builds with both KM_MAX_IDX values ({@link ArchVariant#layout} refuses what
   * the kernel's BUILD_BUG_ONs refuse: ARC's fixmap is one PTE table, 16 CPUs of 16 slots but only
   * 7 of 33); just 1 on a uniprocessor.
   */
  private static int[] cpuCounts(ArchVariant v) {
    int max = Math.min(v.maxCpus(), MAX_KIT_CPUS);
    while (max > 2 && !builds(v, max, 33)) {
      max--;
    }
    return max <= 2 ? new int[] {Math.max(1, max)} : new int[] {2, max};
  }

  private static boolean builds(ArchVariant v, int cpus, int kmMaxIdx) {
    try {
      v.layout(cpus, kmMaxIdx);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The CPUs of the kit's small machines: 2, or 1 on a uniprocessor (csky's CK807, microblaze,
   * nds32).
   */
  private static int smallCpus(ArchVariant v) {
    return Math.min(2, v.maxCpus());
  }

  private static Machine machine(ArchVariant v, int cpus, boolean debug) {
    return KmapSim.newMachine(MachineConfig.preset(v.name()).toBuilder()
        .cpus(cpus).debugKmapLocal(debug).build(), v);
  }

  private static Page highPage(Machine m, long n) {
    return m.page(m.maxLowPfn() + n);
  }

  private static void noDiagnostics(Machine m, String when) {
    List<Diagnostic> d = m.diagnostics();
    require(d.isEmpty(), when + ": the machine reported " + d.stream().map(Diagnostic::format)
        .toList());
    List<InvariantViolation> inv = m.checkInvariants();
    require(inv.isEmpty(), when + ": invariants broken: "
        + inv.stream().map(InvariantViolation::format).toList()
        + (inv.stream().anyMatch(v -> v.code() == InvariantViolation.Code.STALE_TLB)
            ? " (a TLB flush is missing: see required_hooks_unmap_flushes_tlb)" : ""));
  }

  private static long pattern(long a, long b) {
    long h = (a * 0x9E37_79B9_7F4A_7C15L) ^ (b + 0x5851_F42D_4C95_7F2DL);
    h ^= h >>> 29;
    return h == 0 ? 1 : h;
  }

  private static long physicalLong(Machine m, long pa) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = value << 8 | (m.readPhysical(pa + i) & 0xffL);
    }
    return value;
  }

  private static final List<Rule> RULES = List.of(
      rule("required_layout_regions_disjoint",
          "lowmem, the vmalloc gap, vmalloc, pkmap, the kmap window and the fixmap do not overlap",
          "PAGE_OFFSET, MAXMEM/lowmem limit, VMALLOC_START/END, PKMAP_BASE, LAST_PKMAP and"
              + " FIXADDR_START/FIX_KMAP_END in asm/pgtable.h, asm/highmem.h and asm/fixmap.h",
          ConformanceKit::regionsDisjoint),
      rule("required_layout_slots_distinct",
          "every (CPU, slot) of NR_CPUS x KM_MAX_IDX has a distinct page-aligned address inside"
              + " the fixmap kmap window",
          "FIX_KMAP_BEGIN/FIX_KMAP_END (KM_MAX_IDX * NR_CPUS entries) and __fix_to_virt in"
              + " asm/fixmap.h; the page shift of the variant",
          ConformanceKit::slotsDistinct),
      rule("required_hooks_slots_per_cpu_disjoint",
          "with every CPU holding its deepest nest at once, no two live maps share an address"
              + " and each lies in its own CPU's KM_MAX_IDX slots",
          "the per-CPU stride of map_idx/unmap_idx: idx + KM_MAX_IDX * smp_processor_id()",
          ConformanceKit::slotsPerCpuDisjoint),
      rule("required_layout_fix_round_trip",
          "virt_to_fix(fix_to_virt(idx)) == idx for every kmap index, also inside the page",
          "that __fix_to_virt and __virt_to_fix use the same direction and PAGE_SHIFT",
          ConformanceKit::fixRoundTrip),
      rule("required_layout_ptes_where_mapped",
          "after kmap_local on every CPU and slot, the kernel page table holds the slot's PTE at"
              + " the slot's address (the fixmap direction agrees with the PTE lookup)",
          "kmapPtesLinear() (CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY when the PTE tables are not"
              + " contiguous), the fixmap direction and PTRS_PER_PTE",
          ConformanceKit::ptesWhereMapped),
      rule("required_pte_pfn_round_trip",
          "pte_pfn(pfn_pte(pfn, prot)) == pfn across the physical range, for PAGE_KERNEL and"
              + " kmap_prot",
          "the PFN shift (PAGE_SHIFT / _PFN_SHIFT / PTE_PFN_SHIFT) and mask in asm/pgtable*.h",
          ConformanceKit::pfnRoundTrip),
      rule("required_pte_none_of_empty",
          "pte_none() holds for the arch's empty PTE and for a never-used kmap slot, and an empty"
              + " PTE is not present",
          "emptyPte() and pteNone() (the empty PTE need not be 0) against what pte_clear writes",
          ConformanceKit::pteNoneOfEmpty),
      rule("required_pte_page_kernel_present_writable",
          "PAGE_KERNEL and kmap_prot PTEs are present and let the kernel store (the hardware's"
              + " permission, which pte_write() need not be), and a write through a kmap reaches"
              + " memory",
          "the present/valid and write bits of PAGE_KERNEL / kmap_prot in asm/pgtable*.h, and"
              + " hardwareWritable() where pte_write() tests a software bit",
          ConformanceKit::pageKernelBits),
      rule("required_hooks_map_translates",
          "after kmap_local the owning CPU translates the address to the mapped pfn",
          "arch_kmap_local_post_map and the PFN encoding",
          ConformanceKit::mapTranslates),
      rule("required_hooks_unmap_flushes_tlb",
          "after kunmap_local no CPU still translates the old address",
          "arch_kmap_local_post_unmap: it must flush the slot from the LOCAL TLB"
              + " (local_flush_tlb_kernel_page(vaddr)), the right page of it",
          ConformanceKit::unmapFlushes),
      rule("required_hooks_vivt_flushed_before_unmap",
          "on a VIVT cache, data written through a kmap reaches memory once it is unmapped",
          "arch_kmap_local_pre_unmap: __cpuc_flush_dcache_area(vaddr, PAGE_SIZE) on cache_is_vivt()",
          ConformanceKit::vivtFlushed),
      rule("required_hooks_map_unmap_idx_agree",
          "arch_kmap_local_map_idx and unmap_idx agree: each nested map unmaps cleanly",
          "arch_kmap_local_map_idx/unmap_idx (cache colour arithmetic, the per-CPU stride)",
          ConformanceKit::idxAgree),
      rule("required_hooks_map_at_page_colour",
          "with DCACHE_N_COLORS > 1 every page is mapped at a virtual address of its own colour",
          "arch_kmap_local_map_idx: (idx + KM_MAX_IDX * cpu) * DCACHE_N_COLORS"
              + " + DCACHE_N_COLORS - 1 - colour, with FIXADDR_TOP + PAGE_SIZE colour aligned"
              + " (xtensa's kmap_idx)",
          ConformanceKit::pageColour),
      rule("required_behaviour_nesting_limit",
          "kmap_local nests to the kernel's limit (15, 16 with DEBUG_KMAP_LOCAL) and BUGs one past",
          "that the fixmap window holds KM_MAX_IDX slots per CPU",
          ConformanceKit::nestingLimit),
      rule("required_behaviour_guard_slots_unmapped",
          "with DEBUG_KMAP_LOCAL the guard slots between maps keep an empty PTE",
          "map_idx: it must keep kmap_local_calc_idx's slot so that guard slots stay empty",
          ConformanceKit::guardSlots),
      rule("required_behaviour_context_switch",
          "live local maps survive a context switch on every CPU",
          "map_idx (it is recomputed from the pteval's pfn at switch-in) and the flush hooks",
          ConformanceKit::contextSwitch),
      rule("required_behaviour_data_through_two_mappings",
          "data written through one mapping of a page reads back through another (another CPU"
              + " where there is one, and pkmap)",
          "the PFN encoding, the cache flush hooks and flush_cache_kmaps",
          ConformanceKit::dataTwoMappings),
      rule("required_behaviour_pkmap_wrap",
          "persistent kmap wraps LAST_PKMAP and flushes unused entries cleanly",
          "PKMAP_BASE/LAST_PKMAP, flush_cache_kmaps and kmap_flush_tlb",
          ConformanceKit::pkmapWrap));

  // ---- layout

  private record Range(String name, long start, long end) {
    boolean overlaps(Range o) {
      return start < o.end && o.start < end;
    }

    @Override
    public String toString() {
      return name + " [" + hex(start) + ", " + hex(end) + ")";
    }
  }

  private static List<Range> regions(MemoryLayout l) {
    long page = l.pageSize();
    long lowEnd = l.pageOffset() + l.maxLowmemBytes();
    KmapWindow kmap = KmapWindow.of(l);
    long kmapLo = kmap.start();
    long kmapHi = kmap.end();
    List<Range> r = new ArrayList<>();
    r.add(new Range("lowmem", l.pageOffset(), lowEnd));
    long vmallocStart = l.vmallocStart(lowEnd);
    if (vmallocStart > lowEnd) {
      r.add(new Range("vmalloc gap", lowEnd, vmallocStart));
    }
    r.add(new Range("vmalloc", vmallocStart, Math.max(vmallocStart, l.vmallocEnd())));
    if (l.lastPkmap() > 0) {
      r.add(new Range("pkmap", l.pkmapBase(), l.pkmapBase() + (long) l.lastPkmap() * page));
    }
    r.add(new Range("fixmap", Math.min(l.fixaddrStart(), kmapLo),
        Math.max(l.fixaddrTop() + page, kmapHi)));
    r.add(new Range("kmap window", kmapLo, kmapHi));
    return r;
  }

  private static String regionsDisjoint(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      for (int km : new int[] {16, 33}) {
        MemoryLayout l = v.layout(cpus, km);
        long lowEnd = l.pageOffset() + l.maxLowmemBytes();
        require(l.vmallocEnd() > l.vmallocStart(lowEnd), "NR_CPUS " + cpus + ", KM_MAX_IDX "
            + km + ": VMALLOC_END " + hex(l.vmallocEnd()) + " is not above VMALLOC_START "
            + hex(l.vmallocStart(lowEnd)) + " with lowmem full");
        List<Range> r = regions(l);
        for (int i = 0; i < r.size(); i++) {
          for (int j = i + 1; j < r.size(); j++) {
            if (r.get(i).name().equals("fixmap") && r.get(j).name().equals("kmap window")) {
              continue; // the kmap window is part of the fixmap
            }
            require(!r.get(i).overlaps(r.get(j)), "NR_CPUS " + cpus + ", KM_MAX_IDX " + km
                + ": " + r.get(i) + " overlaps " + r.get(j));
          }
        }
        Range kmap = r.get(r.size() - 1);
        require(kmap.start() >= Math.min(l.fixaddrStart(), kmap.start())
            && kmap.end() <= l.fixaddrTop() + l.pageSize(), "NR_CPUS " + cpus + ", KM_MAX_IDX "
            + km + ": " + kmap + " is not inside the fixmap below FIXADDR_TOP "
            + hex(l.fixaddrTop()));
        n++;
      }
    }
    return n + " layouts checked";
  }

  private static String slotsDistinct(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      for (int km : new int[] {16, 33}) {
        MemoryLayout l = v.layout(cpus, km);
        int stride = perCpu(v, km);
        int expectedEnd = l.fixKmapBegin() + stride * cpus - 1;
        require(l.fixKmapEnd() == expectedEnd, "NR_CPUS " + cpus + ", KM_MAX_IDX " + km
            + ": FIX_KMAP_END is " + l.fixKmapEnd() + ", expected FIX_KMAP_BEGIN + KM_MAX_IDX *"
            + " NR_CPUS" + (stride == km ? "" : " * DCACHE_N_COLORS") + " - 1 = " + expectedEnd);
        KmapWindow window = KmapWindow.of(l);
        Map<Long, String> seen = new HashMap<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
          for (int slot = 0; slot < stride; slot++) {
            long va = l.fixToVirt(l.fixKmapBegin() + slot + stride * cpu);
            String who = "CPU" + cpu + " slot " + slot;
            require((va & (l.pageSize() - 1)) == 0, who + " at " + hex(va)
                + " is not aligned to PAGE_SIZE " + hex(l.pageSize()));
            require(va <= l.fixaddrTop(), who + " at " + hex(va) + " lies above FIXADDR_TOP "
                + hex(l.fixaddrTop()) + ": __fix_to_virt counts the wrong way (the fixmap"
                + " grows down from FIXADDR_TOP)");
            require(window.contains(va),
                who + " at " + hex(va) + " lies outside the kmap window [" + hex(window.start())
                    + ", " + hex(window.end()) + ")");
            String other = seen.put(va, who);
            require(other == null, who + " and " + other + " share address " + hex(va));
            n++;
          }
        }
      }
    }
    return n + " slot addresses distinct";
  }

  private static String slotsPerCpuDisjoint(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      for (boolean debug : new boolean[] {false, true}) {
        Machine m = machine(v, cpus, debug);
        MemoryLayout l = m.layout();
        int km = perCpu(v, m.config().kmMaxIdx());
        int depth = debug ? 16 : 15;
        Map<Long, String> seen = new HashMap<>();
        long[][] vas = new long[cpus][depth];
        for (int c = 0; c < cpus; c++) {
          KmapWindow own = KmapWindow.ofCpu(l, c, km);
          for (int s = 0; s < depth; s++) {
            String who = "NR_CPUS " + cpus + (debug ? " DEBUG" : "") + ", CPU" + c + " map #" + s;
            long va;
            try {
              va = m.cpu(c).kmapLocalPage(highPage(m, 1 + s + 40L * c));
            } catch (KmapException e) {
              throw new Failure(who + " failed while other CPUs hold maps: " + e.getMessage());
            }
            vas[c][s] = va;
            require(own.contains(va), who + " at " + hex(va) + " is outside CPU" + c
                + "'s slots [" + hex(own.start()) + ", " + hex(own.end()) + "): wrong per-CPU"
                + " stride");
            String other = seen.put(va, who);
            require(other == null, who + " and " + other + " share " + hex(va)
                + ": wrong per-CPU stride");
            n++;
          }
        }
        for (int c = 0; c < cpus; c++) {
          for (int s = depth - 1; s >= 0; s--) {
            m.cpu(c).kunmapLocal(vas[c][s]);
          }
        }
        noDiagnostics(m, "every CPU nested at once");
      }
    }
    return n + " simultaneous maps disjoint";
  }

  private static String fixRoundTrip(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      MemoryLayout l = v.layout(cpus, 33);
      for (int idx = l.fixKmapBegin(); idx <= l.fixKmapEnd(); idx++) {
        long va = l.fixToVirt(idx);
        int back = l.virtToFix(va);
        require(back == idx, "fix_to_virt(" + idx + ") = " + hex(va) + " but virt_to_fix of it"
            + " is " + back);
        int inside = l.virtToFix(va + l.pageSize() - 8);
        require(inside == idx, "virt_to_fix(" + hex(va + l.pageSize() - 8) + ") inside the page"
            + " of index " + idx + " is " + inside);
        n++;
      }
    }
    return n + " indices round-trip";
  }

  private static String ptesWhereMapped(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      for (boolean debug : new boolean[] {false, true}) {
        Machine m = machine(v, cpus, debug);
        PteCodec codec = v.pteCodec();
        int depth = debug ? 16 : 15;
        for (int c = 0; c < cpus; c++) {
          Cpu cpu = m.cpu(c);
          long[] vas = new long[depth];
          for (int s = 0; s < depth; s++) {
            Page p = highPage(m, 1 + c * 64L + s);
            vas[s] = cpu.kmapLocalPage(p);
            long pte = m.kernelPte(vas[s]);
            require(codec.ptePresent(pte) && codec.ptePfn(pte) == p.pfn(), "NR_CPUS " + cpus
                + (debug ? " DEBUG_KMAP_LOCAL" : "") + ", CPU" + c + " map #" + s + " at "
                + hex(vas[s]) + ": the page table holds " + hex(pte) + " (" + codec.describe(pte)
                + "), expected a present PTE of pfn " + hex(p.pfn())
                + "; the PTE was written somewhere else");
            n++;
          }
          for (int s = depth - 1; s >= 0; s--) {
            cpu.kunmapLocal(vas[s]);
          }
        }
        noDiagnostics(m, "NR_CPUS " + cpus + " after mapping every slot");
      }
    }
    return n + " slot PTEs found where their addresses are";
  }

  // ---- PTE codec

  private static long[] samplePfns(long max) {
    List<Long> s = new ArrayList<>(List.of(0L, 1L, 2L, max - 1, max / 2, max / 3));
    for (long p = 1; p > 0 && p < max; p <<= 1) {
      s.add(p);
      s.add(p - 1);
    }
    long x = 0x1234_5678_9abcL;
    for (int i = 0; i < 64; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      s.add(Math.floorMod(x >>> 11, max));
    }
    return s.stream().filter(p -> p >= 0 && p < max).mapToLong(Long::longValue).toArray();
  }

  private static String pfnRoundTrip(ArchVariant v) {
    PteCodec c = v.pteCodec();
    long max = c.maxPfn();
    require(max > 0, "maxPfn() is " + max);
    int n = 0;
    for (long prot : new long[] {c.pageKernel(), c.kmapProt()}) {
      for (long pfn : samplePfns(max)) {
        long pte = c.pfnPte(pfn, prot);
        long back = c.ptePfn(pte);
        require(back == pfn, "pfn_pte(" + hex(pfn) + ", " + hex(prot) + ") = " + hex(pte)
            + " but pte_pfn of it is " + hex(back));
        if (c.pteBits() == 32) {
          require((pte >>> 32) == 0, "pfn_pte(" + hex(pfn) + ") = " + hex(pte)
              + " does not fit a 32-bit pte_t");
        }
        n++;
      }
    }
    return n + " PTEs round-trip up to maxPfn " + hex(max);
  }

  private static String pteNoneOfEmpty(ArchVariant v) {
    PteCodec c = v.pteCodec();
    long empty = c.emptyPte();
    require(c.pteNone(empty), "pte_none(" + hex(empty) + ") of the empty PTE is false");
    require(!c.ptePresent(empty), "the empty PTE " + hex(empty) + " is present");
    Machine m = machine(v, smallCpus(v), false);
    for (int cpu = 0; cpu < m.nrCpus(); cpu++) {
      MemoryLayout l = m.layout();
      long va = l.fixToVirt(l.fixKmapBegin() + perCpu(v, m.config().kmMaxIdx()) * cpu);
      long pte = m.kernelPte(va);
      require(c.pteNone(pte), "CPU" + cpu + " slot 0 at " + hex(va) + " was never mapped but"
          + " its PTE " + hex(pte) + " is not pte_none (emptyPte() is " + hex(empty) + ")");
    }
    Page p = highPage(m, 3);
    long va = m.cpu(0).kmapLocalPage(p);
    m.cpu(0).kunmapLocal(va);
    long pte = m.kernelPte(va);
    require(c.pteNone(pte), "after kunmap_local the PTE at " + hex(va) + " is " + hex(pte)
        + ", which is not pte_none");
    noDiagnostics(m, "map and unmap of one slot");
    return "empty PTE " + hex(empty) + " is pte_none";
  }

  private static String pageKernelBits(ArchVariant v) {
    PteCodec c = v.pteCodec();
    Machine m = machine(v, smallCpus(v), false);
    Page p = highPage(m, 5);
    for (long prot : new long[] {c.pageKernel(), c.kmapProt()}) {
      long pte = c.pfnPte(p.pfn(), prot);
      require(c.ptePresent(pte), "pfn_pte(" + hex(p.pfn()) + ", " + hex(prot) + ") = "
          + hex(pte) + " (" + c.describe(pte) + ") is not present");
      // The hardware's view: pte_write() may test a software or user-mode bit (xtensa, nds32).
      require(c.hardwareWritable(pte), "pfn_pte(" + hex(p.pfn()) + ", " + hex(prot) + ") = "
          + hex(pte) + " (" + c.describe(pte) + ") does not let the kernel store"
          + " (hardwareWritable() is false; pte_write() is " + c.pteWrite(pte) + ")");
    }
    Cpu cpu = m.cpu(0);
    long va = cpu.kmapLocalPage(p);
    long value = pattern(7, p.pfn());
    try {
      cpu.writeLong(va, value);
    } catch (KmapException e) {
      throw new Failure("a store through kmap_local at " + hex(va) + " (pte "
          + hex(m.kernelPte(va)) + ") faulted: PAGE_KERNEL is not writable (" + e.getMessage()
          + ")");
    }
    cpu.kunmapLocal(va);
    long pa = p.pfn() << m.layout().pageShift();
    if (v.cacheType() == CacheType.PHYSICAL) {
      require(physicalLong(m, pa) == value, "a write through kmap_local at " + hex(va)
          + " did not reach physical " + hex(pa) + ": PAGE_KERNEL is not writable");
    }
    noDiagnostics(m, "write through a kmap");
    return "PAGE_KERNEL " + hex(c.pageKernel()) + " present and writable";
  }

  // ---- hooks

  private static String mapTranslates(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      Machine m = machine(v, cpus, false);
      int shift = m.layout().pageShift();
      for (int c = 0; c < cpus; c++) {
        Cpu cpu = m.cpu(c);
        Page p = highPage(m, 1 + c);
        long va = cpu.kmapLocalPage(p);
        long pa = cpu.translate(va + 8);
        long expected = (p.pfn() << shift) + 8;
        require(pa == expected, "NR_CPUS " + cpus + ", CPU" + c + " after kmap_local of pfn "
            + hex(p.pfn()) + " at " + hex(va) + " translates to " + hex(pa) + ", expected "
            + hex(expected));
        cpu.kunmapLocal(va);
        n++;
      }
      noDiagnostics(m, "map on every CPU");
    }
    return n + " maps translate";
  }

  /**
   * Two nested maps per CPU (slots 0 and 1, neighbours that may share a TLB entry, as on csky
   * and MIPS), each written and read back, both unmapped; no CPU may translate either address.
   */
  private static String unmapFlushes(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      Machine m = machine(v, cpus, false);
      for (int c = 0; c < cpus; c++) {
        Cpu cpu = m.cpu(c);
        long[] vas = new long[2];
        for (int s = 0; s < vas.length; s++) {
          vas[s] = cpu.kmapLocalPage(highPage(m, 1 + c + 100L * s));
          cpu.writeLong(vas[s], pattern(c, 1 + s));
          require(cpu.readLong(vas[s]) == pattern(c, 1 + s),
              "CPU" + c + " reads back what it wrote");
        }
        for (int s = vas.length - 1; s >= 0; s--) {
          cpu.kunmapLocal(vas[s]);
        }
        for (long va : vas) {
          for (int o = 0; o < cpus; o++) {
            Cpu other = m.cpu(o);
            require(!other.tlbHolds(va) && other.translate(va) == -1, "after kunmap_local of "
                + hex(va) + " on CPU" + c + ", CPU" + o + " still translates it to "
                + hex(other.translate(va)) + (other.tlbHolds(va) ? " from its TLB" : "")
                + ": post_unmap did not flush the TLB");
          }
          n++;
        }
      }
    }
    return n + " unmaps leave no translation";
  }

  private static String vivtFlushed(ArchVariant v) {
    if (v.cacheType() != CacheType.VIVT) {
      return notApplicable("the D-cache is " + v.cacheType() + ", not VIVT");
    }
    Machine m = machine(v, smallCpus(v), false);
    int n = 0;
    for (int c = 0; c < m.nrCpus(); c++) {
      Cpu cpu = m.cpu(c);
      Page p = highPage(m, 10 + c);
      long va = cpu.kmapLocalPage(p);
      long value = pattern(c, 99);
      cpu.writeLong(va, value);
      cpu.kunmapLocal(va);
      long pa = p.pfn() << m.layout().pageShift();
      long mem = physicalLong(m, pa);
      require(mem == value, "CPU" + c + " wrote " + hex(value) + " through " + hex(va)
          + "; after kunmap_local physical " + hex(pa) + " holds " + hex(mem)
          + ": the VIVT D-cache was not flushed before unmap");
      n++;
    }
    return n + " VIVT writes reached memory";
  }

  private static String idxAgree(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      for (boolean debug : new boolean[] {false, true}) {
        Machine m = machine(v, cpus, debug);
        int depth = debug ? 16 : 15;
        for (int c = 0; c < cpus; c++) {
          Cpu cpu = m.cpu(c);
          long[] vas = new long[depth];
          for (int s = 0; s < depth; s++) {
            vas[s] = cpu.kmapLocalPage(highPage(m, 1 + s + 100L * c));
          }
          for (int s = depth - 1; s >= 0; s--) {
            try {
              cpu.kunmapLocal(vas[s]);
            } catch (KmapException e) {
              throw new Failure("NR_CPUS " + cpus + (debug ? " DEBUG" : "") + ", CPU" + c
                  + " map #" + s + " at " + hex(vas[s]) + ": map_idx and unmap_idx disagree,"
                  + " kunmap_local refused: " + e.getMessage());
            }
            long pte = m.kernelPte(vas[s]);
            require(v.pteCodec().pteNone(pte), "NR_CPUS " + cpus + (debug ? " DEBUG" : "")
                + ", CPU" + c + " map #" + s + ": after kunmap_local of " + hex(vas[s])
                + " its PTE is still " + hex(pte) + ": unmap_idx cleared another slot than"
                + " map_idx set");
            n++;
          }
          noDiagnostics(m, "NR_CPUS " + cpus + ", CPU" + c + " nested maps and unmaps");
        }
      }
    }
    return n + " nested maps unmapped cleanly";
  }

  private static String pageColour(ArchVariant v) {
    int colours = v.dcacheColours();
    require(colours > 0 && Integer.bitCount(colours) == 1,
        "DCACHE_N_COLORS " + colours + " is not a power of two");
    if (colours == 1) {
      return notApplicable("DCACHE_N_COLORS 1: no colour to keep");
    }
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      for (boolean debug : new boolean[] {false, true}) {
        Machine m = machine(v, cpus, debug);
        int shift = m.layout().pageShift();
        int depth = debug ? 16 : 15;
        for (int c = 0; c < cpus; c++) {
          Cpu cpu = m.cpu(c);
          long[] vas = new long[depth];
          for (int s = 0; s < depth; s++) {
            Page p = highPage(m, 1 + s + 100L * c);
            vas[s] = cpu.kmapLocalPage(p);
            long want = p.pfn() & (colours - 1);
            long got = (vas[s] >>> shift) & (colours - 1);
            require(got == want, "NR_CPUS " + cpus + (debug ? " DEBUG" : "") + ", CPU" + c
                + " map #" + s + ": pfn " + hex(p.pfn()) + " (colour " + want + ") mapped at "
                + hex(vas[s]) + " (colour " + got + "): a D-cache alias of its lowmem line");
            n++;
          }
          for (int s = depth - 1; s >= 0; s--) {
            cpu.kunmapLocal(vas[s]);
          }
          noDiagnostics(m, "NR_CPUS " + cpus + ", CPU" + c + " maps of every colour");
        }
      }
    }
    return n + " maps, each at its page's colour (DCACHE_N_COLORS " + colours + ")";
  }

  // ---- behaviour

  private static String nestingLimit(ArchVariant v) {
    StringBuilder sb = new StringBuilder();
    for (boolean debug : new boolean[] {false, true}) {
      Machine m = machine(v, smallCpus(v), debug);
      Cpu cpu = m.cpu(m.nrCpus() - 1);
      int expected = debug ? 16 : 15;
      List<Long> vas = new ArrayList<>();
      for (int s = 0; s < expected; s++) {
        vas.add(cpu.kmapLocalPage(highPage(m, 1 + s)));
      }
      KmapException bug = null;
      try {
        vas.add(cpu.kmapLocalPage(highPage(m, 40)));
      } catch (KmapException e) {
        bug = e;
      }
      require(bug != null, (debug ? "DEBUG_KMAP_LOCAL: " : "") + "map #" + (expected + 1)
          + " on CPU" + cpu.id() + " did not BUG; the limit is " + expected);
      for (int s = vas.size() - 1; s >= 0; s--) {
        cpu.kunmapLocal(vas.get(s));
      }
      sb.append(debug ? ", " : "").append(expected).append(debug ? " (debug)" : "");
    }
    return "limit " + sb;
  }

  private static String guardSlots(ArchVariant v) {
    Machine m = machine(v, smallCpus(v), true);
    MemoryLayout l = m.layout();
    int km = perCpu(v, m.config().kmMaxIdx());
    int n = 0;
    for (int c = 0; c < m.nrCpus(); c++) {
      Cpu cpu = m.cpu(c);
      List<Long> vas = new ArrayList<>();
      for (int s = 0; s < 16; s++) {
        vas.add(cpu.kmapLocalPage(highPage(m, 1 + s + 50L * c)));
      }
      for (int slot = 0; slot < km; slot++) { // every fixmap slot of CPU c, of every colour
        long va = l.fixToVirt(l.fixKmapBegin() + slot + km * c);
        if (vas.contains(va)) {
          continue;
        }
        long pte = m.kernelPte(va);
        require(v.pteCodec().pteNone(pte), "CPU" + c + " guard slot " + slot + " at " + hex(va)
            + " holds PTE " + hex(pte) + " with 16 maps live");
        n++;
      }
      for (int s = vas.size() - 1; s >= 0; s--) {
        cpu.kunmapLocal(vas.get(s));
      }
    }
    noDiagnostics(m, "16 maps with guard slots");
    return n + " guard slots empty";
  }

  private static String contextSwitch(ArchVariant v) {
    int n = 0;
    for (int cpus : cpuCounts(v)) {
      Machine m = machine(v, cpus, false);
      for (int c = 0; c < cpus; c++) {
        Task a = m.createTask("kit-a" + c, c);
        Task b = m.createTask("kit-b" + c, c);
        Task idle = m.cpu(c).current();
        m.schedule(c, a);
        Cpu cpu = m.cpu(c);
        long[] vas = new long[3];
        for (int s = 0; s < 3; s++) {
          vas[s] = cpu.kmapLocalPage(highPage(m, 1 + s + 10L * c));
          cpu.writeLong(vas[s], pattern(c, s));
        }
        m.schedule(c, b);
        long vb = cpu.kmapLocalPage(highPage(m, 500 + c));
        cpu.writeLong(vb, pattern(c, 77));
        m.schedule(c, a);
        for (int s = 0; s < 3; s++) {
          long got = cpu.readLong(vas[s]);
          require(got == pattern(c, s), "NR_CPUS " + cpus + ", CPU" + c + ": after a context"
              + " switch map #" + s + " at " + hex(vas[s]) + " reads " + hex(got)
              + ", expected " + hex(pattern(c, s)));
          n++;
        }
        for (int s = 2; s >= 0; s--) {
          cpu.kunmapLocal(vas[s]);
        }
        m.schedule(c, b);
        require(cpu.readLong(vb) == pattern(c, 77), "CPU" + c + ": task b's map at " + hex(vb)
            + " lost its page across the switch");
        cpu.kunmapLocal(vb);
        m.schedule(c, idle);
      }
      noDiagnostics(m, "NR_CPUS " + cpus + " context switches with live maps");
    }
    return n + " maps survived context switches";
  }

  private static String dataTwoMappings(ArchVariant v) {
    Machine m = machine(v, smallCpus(v), false);
    Page p = highPage(m, 7);
    long value = pattern(3, 4);
    long va0 = m.cpu(0).kmapLocalPage(p);
    m.cpu(0).writeLong(va0 + 16, value);
    m.cpu(0).kunmapLocal(va0);
    Cpu other = m.cpu(m.nrCpus() - 1); // CPU0 again on a uniprocessor
    long va1 = other.kmapLocalPage(p);
    long got = other.readLong(va1 + 16);
    other.kunmapLocal(va1);
    require(got == value, "CPU0 wrote " + hex(value) + " through " + hex(va0 + 16)
        + ", CPU" + other.id() + " read " + hex(got) + " through " + hex(va1 + 16) + " (pfn "
        + hex(p.pfn()) + ")");
    if (m.layout().lastPkmap() > 0) {
      long pk = m.cpu(0).kmap(p).vaddr();
      long got2 = m.cpu(0).readLong(pk + 16);
      m.cpu(0).kunmap(p);
      require(got2 == value, "kmap (pkmap) address " + hex(pk + 16) + " reads " + hex(got2)
          + ", expected " + hex(value));
    }
    noDiagnostics(m, "two mappings of one page");
    return "read back through two mappings";
  }

  private static String pkmapWrap(ArchVariant v) {
    Machine m = machine(v, smallCpus(v), false);
    int last = m.layout().lastPkmap();
    if (last <= 0) {
      return notApplicable("no pkmap (LAST_PKMAP 0)");
    }
    Cpu cpu = m.cpu(0);
    Map<Long, Long> values = new LinkedHashMap<>();
    for (int i = 0; i < last + 8; i++) {
      Page p = highPage(m, 1 + i);
      long va = cpu.kmap(p).vaddr();
      require(va >= m.layout().pkmapBase()
          && va < m.layout().pkmapBase() + (long) last * m.layout().pageSize(),
          "kmap #" + i + " returned " + hex(va) + " outside pkmap");
      cpu.writeLong(va, pattern(i, 5));
      values.put(p.pfn(), pattern(i, 5));
      cpu.kunmap(p);
    }
    cpu.kmapFlushUnused();
    for (Map.Entry<Long, Long> e : values.entrySet()) {
      Page p = m.page(e.getKey());
      long va = cpu.kmap(p).vaddr();
      long got = cpu.readLong(va);
      cpu.kunmap(p);
      require(got == e.getValue(), "after the pkmap wrap pfn " + hex(e.getKey()) + " at "
          + hex(va) + " reads " + hex(got) + ", expected " + hex(e.getValue()));
    }
    noDiagnostics(m, "pkmap wrap");
    return (last + 8) + " kmaps wrapped LAST_PKMAP " + last + " and read back after the flush";
  }
}
