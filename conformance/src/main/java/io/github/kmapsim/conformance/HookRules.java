// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import static io.github.kmapsim.conformance.Kit.hex;
import static io.github.kmapsim.conformance.Kit.require;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ServiceCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hooks family ({@link Stage#HOOKS}): what the {@code asm/highmem.h} hooks do on a running
 * machine, where kmapsim's hardware (TLBs with the variant's MMU behaviours, a VIVT cache) makes a
 * missing or misplaced hook visible; and the hooks whose kernel definitions go together
 * ({@code arch_kmap_local_high_get} with ARCH_NEEDS_KMAP_HIGH_GET, the pkmap colour family with
 * DCACHE_N_COLORS), checked by what they do, so a port that wraps another is judged alike.
 */
final class HookRules {
  static final String HIGH_GET = "required_hooks_high_get";
  static final String PKMAP_COLOUR = "required_hooks_pkmap_colour";
  static final String SLOTS_PER_CPU = "required_hooks_slots_per_cpu_disjoint";
  static final String PTES_WHERE_MAPPED = "required_hooks_ptes_where_mapped";
  static final String MAP_TRANSLATES = "required_hooks_map_translates";
  static final String UNMAP_FLUSHES = "required_hooks_unmap_flushes_tlb";
  static final String VIVT_FLUSHED = "required_hooks_vivt_flushed_before_unmap";
  static final String IDX_AGREE = "required_hooks_map_unmap_idx_agree";
  static final String PAGE_COLOUR = "required_hooks_map_at_page_colour";
  static final String NOT_WIDER = "optional_hooks_flush_not_wider_than_kernel";

  private HookRules() {}

  static List<Rule> rules() {
    List<String> mapping = List.of(LayoutRules.SLOTS_DISTINCT, PteRules.PFN_ROUND_TRIP,
        PteRules.NONE_OF_EMPTY);
    return List.of(
        Rule.required(Stage.HOOKS, "high_get",
            "arch_kmap_local_high_get hands out the kmap_high_get() mapping exactly when the port"
                + " defines ARCH_NEEDS_KMAP_HIGH_GET, and NULL otherwise",
            "highGet() and needsKmapHighGet() against asm/highmem.h: both or neither",
            List.of(), HookRules::highGet),
        Rule.required(Stage.HOOKS, "pkmap_colour",
            "the pkmap colour hooks are mm/highmem.c's defaults with one colour, and with"
                + " DCACHE_N_COLORS > 1 give each page its own colour, scan only entries of that"
                + " colour (LAST_PKMAP / DCACHE_N_COLORS of them, wrapping once per round) and"
                + " keep a wait queue per colour",
            "get_pkmap_color, get_next_pkmap_nr, no_more_pkmaps, get_pkmap_entries_count and"
                + " get_pkmap_wait_queue_head (15de36a4c3cf; xtensa's asm/highmem.h)",
            List.of(), HookRules::pkmapColour),
        Rule.required(Stage.HOOKS, "slots_per_cpu_disjoint",
            "with every CPU holding its deepest nest at once, no two live maps share an address"
                + " and each lies in its own CPU's KM_MAX_IDX slots",
            "the per-CPU stride of map_idx/unmap_idx: idx + KM_MAX_IDX * smp_processor_id()",
            mapping, HookRules::slotsPerCpuDisjoint),
        Rule.required(Stage.HOOKS, "ptes_where_mapped",
            "after kmap_local on every CPU and slot, the kernel page table holds a present PTE at"
                + " the slot's address (the fixmap direction agrees with the PTE lookup)",
            "kmapPtesLinear() (CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY when the PTE tables are not"
                + " contiguous), the fixmap direction and PTRS_PER_PTE",
            mapping, HookRules::ptesWhereMapped),
        Rule.required(Stage.HOOKS, "map_translates",
            "after kmap_local the owning CPU translates the address to the mapped pfn, and a store"
                + " through it reaches that page",
            "arch_kmap_local_set_pte and arch_kmap_local_post_map: the PTE they install must map"
                + " the page kmap_local was given",
            List.of(PTES_WHERE_MAPPED, PteRules.PAGE_KERNEL_WRITABLE), HookRules::mapTranslates),
        Rule.required(Stage.HOOKS, "unmap_flushes_tlb",
            "after kunmap_local of either of two neighbouring nested slots no CPU translates the"
                + " address: not from its TLB, not through the page table",
            "arch_kmap_local_post_unmap: it must flush the slot from the LOCAL TLB"
                + " (local_flush_tlb_kernel_page(vaddr)), the right page of it, after"
                + " pte_clear()",
            List.of(MAP_TRANSLATES), HookRules::unmapFlushes),
        Rule.required(Stage.HOOKS, "vivt_flushed_before_unmap",
            "on a VIVT cache, data written through a kmap reaches memory once it is unmapped",
            "arch_kmap_local_pre_unmap: __cpuc_flush_dcache_area(vaddr, PAGE_SIZE) on"
                + " cache_is_vivt(), before pte_clear() (the flush works by virtual address)",
            List.of(MAP_TRANSLATES), HookRules::vivtFlushed),
        Rule.required(Stage.HOOKS, "map_unmap_idx_agree",
            "arch_kmap_local_map_idx and unmap_idx agree: each nested map unmaps cleanly",
            "arch_kmap_local_map_idx/unmap_idx (cache colour arithmetic, the per-CPU stride)",
            List.of(SLOTS_PER_CPU, UNMAP_FLUSHES), HookRules::idxAgree),
        Rule.required(Stage.HOOKS, "map_at_page_colour",
            "with DCACHE_N_COLORS > 1 every page is mapped at a virtual address of its own colour",
            "arch_kmap_local_map_idx: (idx + KM_MAX_IDX * cpu) * DCACHE_N_COLORS"
                + " + DCACHE_N_COLORS - 1 - colour, with FIXADDR_TOP + PAGE_SIZE colour aligned"
                + " (xtensa's kmap_idx)",
            List.of(IDX_AGREE), HookRules::pageColour),
        Rule.optional(Stage.HOOKS, "flush_not_wider_than_kernel",
            "the hooks flush no more than the kernel's: no IPI or full flush where it flushes"
                + " locally, one page where it flushes one (the reference vectors' trace when"
                + " the port has them)",
            "the flush each hook makes against asm/highmem.h: local_flush_tlb_kernel_page is"
                + " enough for a kmap slot, which no other CPU uses; a wider flush costs IPIs",
            List.of(PKMAP_COLOUR, UNMAP_FLUSHES), HookRules::notWider));
  }

  private static String highGet(Subject s) {
    KmapHooks h = s.variant().hooks();
    long pkmap = s.variant().layout(1, 16).pkmapBase() + 0x3000;
    RecordingHardwareServices hw = new RecordingHardwareServices(0, 16, pkmap);
    long pfn = 0x1234;
    long got = h.highGet(hw, pfn);
    boolean asked = hw.calls().contains(ServiceCall.kmapHighGet(pfn));
    if (h.needsKmapHighGet()) {
      require(asked && got == pkmap, "needsKmapHighGet() is true (ARCH_NEEDS_KMAP_HIGH_GET) but"
          + " arch_kmap_local_high_get(pfn " + hex(pfn) + ") returned " + hex(got) + (asked
              ? "" : " without asking kmap_high_get") + ", where kmap_high_get() has the page"
          + " at " + hex(pkmap) + ": kmap_local makes a second mapping of a kmapped page");
      return "arch_kmap_local_high_get is kmap_high_get (ARCH_NEEDS_KMAP_HIGH_GET)";
    }
    require(got == 0, "arch_kmap_local_high_get(pfn " + hex(pfn) + ") returned " + hex(got)
        + " but needsKmapHighGet() is false: kunmap_local of that pkmap address never reaches"
        + " kunmap_high (kmap_high_unmap_local), and the page stays pinned");
    return "arch_kmap_local_high_get is NULL (no ARCH_NEEDS_KMAP_HIGH_GET)";
  }

  private static String pkmapColour(Subject s) {
    KmapHooks h = s.variant().hooks();
    int colours = s.colours();
    int last = s.variant().layout(1, 16).lastPkmap();
    if (last <= 0) {
      return Kit.notApplicable("no pkmap (LAST_PKMAP 0)");
    }
    List<String> wrong = new ArrayList<>();
    for (long pfn = 0x40000; pfn < 0x40000 + 2 * colours; pfn++) {
      int colour = (int) (pfn & (colours - 1));
      int got = h.getPkmapColor(pfn);
      if (got != colour) {
        wrong.add("get_pkmap_color(pfn " + hex(pfn) + ") is " + got + ", expected "
            + (colours == 1 ? "0 (one colour)" : "DCACHE_ALIAS(page_to_phys(page)) = " + colour));
        break;
      }
    }
    for (int c = 0; c < colours && wrong.isEmpty(); c++) {
      int count = h.getPkmapEntriesCount(c, last);
      if (count != last / colours) {
        wrong.add("get_pkmap_entries_count(" + c + ") is " + count + ", expected LAST_PKMAP"
            + (colours == 1 ? "" : " / DCACHE_N_COLORS") + " = " + last / colours);
      }
      int queue = h.getPkmapWaitQueueHead(c);
      if (queue != (colours == 1 ? 0 : c)) {
        wrong.add("get_pkmap_wait_queue_head(" + c + ") is queue " + queue + ", expected "
            + (colours == 1 ? "the one pkmap_map_wait (0)" : "one queue per colour (" + c + ")"));
      }
      int[] lastNr = new int[colours];
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < last / colours && wrong.isEmpty(); i++) {
        int nr = h.getNextPkmapNr(lastNr, c, last);
        boolean wrapped = h.noMorePkmaps(nr, c);
        if (nr < 0 || nr >= last || (nr & (colours - 1)) != c) {
          wrong.add("get_next_pkmap_nr(" + c + ") gave entry " + nr + ", not an entry of colour "
              + c + " in 0.." + (last - 1));
        } else if (!seen.add(nr)) {
          wrong.add("get_next_pkmap_nr(" + c + ") gave entry " + nr + " twice in "
              + last / colours + " calls: the scan does not visit every entry of its colour");
        } else if (wrapped != (i == last / colours - 1)) {
          wrong.add("no_more_pkmaps(" + nr + ", " + c + ") is " + wrapped + " on call " + (i + 1)
              + " of " + last / colours + ": the scan must wrap (and flush) exactly once per"
              + " round of its colour's entries");
        }
      }
    }
    require(wrong.isEmpty(), String.join("; ", wrong));
    return colours == 1 ? "one pkmap colour: mm/highmem.c's scan of " + last + " entries"
        : colours + " pkmap colours of " + last / colours + " entries, one wait queue each";
  }

  private static String slotsPerCpuDisjoint(Subject s) {
    int n = 0;
    for (int cpus : s.cpuCounts()) {
      for (boolean debug : new boolean[] {false, true}) {
        Machine m = s.machine(cpus, debug);
        MemoryLayout l = m.layout();
        int km = s.perCpu(m.config().kmMaxIdx());
        int depth = debug ? 16 : 15;
        Map<Long, String> seen = new HashMap<>();
        long[][] vas = new long[cpus][depth];
        for (int c = 0; c < cpus; c++) {
          KmapWindow own = KmapWindow.ofCpu(l, c, km);
          for (int sl = 0; sl < depth; sl++) {
            String who = "NR_CPUS " + cpus + (debug ? " DEBUG" : "") + ", CPU" + c + " map #" + sl;
            long va;
            try {
              va = m.cpu(c).kmapLocalPage(Subject.highPage(m, 1 + sl + 40L * c));
            } catch (KmapException e) {
              throw Kit.fail(who + " failed while other CPUs hold maps: " + e.getMessage());
            }
            vas[c][sl] = va;
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
          for (int sl = depth - 1; sl >= 0; sl--) {
            m.cpu(c).kunmapLocal(vas[c][sl]);
          }
        }
      }
    }
    return n + " simultaneous maps disjoint";
  }

  private static String ptesWhereMapped(Subject s) {
    int n = 0;
    PteCodec codec = s.variant().pteCodec();
    for (int cpus : s.cpuCounts()) {
      for (boolean debug : new boolean[] {false, true}) {
        Machine m = s.machine(cpus, debug);
        int depth = debug ? 16 : 15;
        for (int c = 0; c < cpus; c++) {
          Cpu cpu = m.cpu(c);
          long[] vas = new long[depth];
          for (int sl = 0; sl < depth; sl++) {
            Page p = Subject.highPage(m, 1 + c * 64L + sl);
            vas[sl] = cpu.kmapLocalPage(p);
            long pte = m.kernelPte(vas[sl]);
            if (!codec.ptePresent(pte)) {
              throw Kit.fail("NR_CPUS " + cpus + (debug ? " DEBUG_KMAP_LOCAL" : "") + ", CPU"
                  + c + " map #" + sl + " at " + hex(vas[sl]) + ": the page table holds "
                  + hex(pte) + " (" + codec.describe(pte) + ") there, not a present PTE for pfn "
                  + hex(p.pfn()) + (lazyMmuPending(m)
                      ? ": the write is still queued in the lazy MMU batch (LAZY_MMU_UPDATES):"
                          + " post_map did not call arch_flush_lazy_mmu_mode()"
                      : ": the PTE was written somewhere else"));
            }
            n++;
          }
          for (int sl = depth - 1; sl >= 0; sl--) {
            cpu.kunmapLocal(vas[sl]);
          }
        }
      }
    }
    return n + " slot PTEs found where their addresses are";
  }

  /** Whether a CPU's lazy MMU batch holds PTE writes or flushes not yet issued (KMAP-I008). */
  private static boolean lazyMmuPending(Machine m) {
    return m.checkInvariants().stream()
        .anyMatch(v -> v.code() == InvariantViolation.Code.LAZY_MMU_PENDING);
  }

  private static String mapTranslates(Subject s) {
    int n = 0;
    for (int cpus : s.cpuCounts()) {
      Machine m = s.machine(cpus, false);
      int shift = m.layout().pageShift();
      for (int c = 0; c < cpus; c++) {
        Cpu cpu = m.cpu(c);
        Page p = Subject.highPage(m, 1 + c);
        long va = cpu.kmapLocalPage(p);
        long expected = (p.pfn() << shift) + 8;
        long pa = cpu.translate(va + 8);
        require(pa == expected, "NR_CPUS " + cpus + ", CPU" + c + " after kmap_local of pfn "
            + hex(p.pfn()) + " at " + hex(va) + " translates to " + hex(pa) + ", expected "
            + hex(expected) + (pa == -1
                ? ": no translation (no present PTE where the MMU looks)"
                : ": the slot maps another page (the PTE arch_kmap_local_set_pte installed is "
                    + hex(m.kernelPte(va)) + ")"));
        long value = Kit.pattern(7 + c, p.pfn());
        try {
          cpu.writeLong(va, value);
        } catch (KmapException e) {
          throw Kit.fail("NR_CPUS " + cpus + ", CPU" + c + ": a store through kmap_local at "
              + hex(va) + " (pte " + hex(m.kernelPte(va)) + ") faulted: " + e.getMessage());
        }
        cpu.kunmapLocal(va);
        long pagePa = p.pfn() << shift;
        if (s.variant().cacheType() == CacheType.PHYSICAL) {
          require(Kit.physicalLong(m, pagePa) == value, "NR_CPUS " + cpus + ", CPU" + c
              + ": a store through kmap_local at " + hex(va) + " did not reach physical "
              + hex(pagePa) + " (pfn " + hex(p.pfn()) + ")");
        }
        n++;
      }
    }
    String high = aboveFourGib(s);
    return n + " maps translate, and stores through them reach their pages" + high;
  }

  /**
   * With a 64-bit pte_t that reaches above 4 GiB: a page there maps, and a store through the map
   * reaches its physical address. "" when the PTE format does not reach that far.
   */
  private static String aboveFourGib(Subject s) {
    PteCodec c = s.variant().pteCodec();
    int shift = s.variant().layout(1, 16).pageShift();
    long fourGib = 1L << 32;
    if (c.pteBits() != 64 || (c.maxPfn() << shift) <= fourGib) {
      return "";
    }
    long pfn = (fourGib >>> shift) + 1;
    Machine m = Subject.machine(s.variant(), s.smallCpus(), false,
        Math.min(c.maxPfn() << shift, fourGib + (64L << shift)));
    Cpu cpu = m.cpu(0);
    long va = cpu.kmapLocalPage(m.page(pfn));
    long value = Kit.pattern(pfn, 64);
    cpu.writeLong(va + 8, value);
    long pte = m.kernelPte(va);
    cpu.kunmapLocal(va);
    long pa = (pfn << shift) + 8;
    if (s.variant().cacheType() == CacheType.PHYSICAL) {
      require(Kit.physicalLong(m, pa) == value, "a store through kmap_local of pfn " + hex(pfn)
          + " (above 4 GiB) at " + hex(va) + " with PTE " + hex(pte) + " did not reach"
          + " physical " + hex(pa) + ": the PTE installed lost the high bits of the address");
    }
    return "; pfn " + hex(pfn) + " above 4 GiB too";
  }

  /**
   * Two nested maps per CPU (slots 0 and 1, neighbours that may share a TLB entry, as on csky
   * and MIPS), each written and read back, both unmapped; no CPU may translate either address.
   */
  private static String unmapFlushes(Subject s) {
    int n = 0;
    PteCodec codec = s.variant().pteCodec();
    for (int cpus : s.cpuCounts()) {
      Machine m = s.machine(cpus, false);
      for (int c = 0; c < cpus; c++) {
        Cpu cpu = m.cpu(c);
        long[] vas = new long[2];
        for (int sl = 0; sl < vas.length; sl++) {
          vas[sl] = cpu.kmapLocalPage(Subject.highPage(m, 1 + c + 100L * sl));
          cpu.writeLong(vas[sl], Kit.pattern(c, 1 + sl));
          require(cpu.readLong(vas[sl]) == Kit.pattern(c, 1 + sl),
              "CPU" + c + " reads back what it wrote");
        }
        for (int sl = vas.length - 1; sl >= 0; sl--) {
          cpu.kunmapLocal(vas[sl]);
        }
        for (long va : vas) {
          long pte = m.kernelPte(va);
          require(!codec.ptePresent(pte), "after kunmap_local of " + hex(va) + " on CPU" + c
              + " its PTE is " + hex(pte) + " (" + codec.describe(pte) + "), still present:"
              + " pte_clear() did not empty it, so no TLB flush can help");
          for (int o = 0; o < cpus; o++) {
            Cpu other = m.cpu(o);
            require(!other.tlbHolds(va), "after kunmap_local of " + hex(va) + " on CPU" + c
                + ", CPU" + o + " still translates it to " + hex(other.translate(va))
                + " from its TLB: " + (o == c ? "post_unmap did not flush the TLB (a flush"
                    + " before pte_clear, in pre_unmap, holds only where no walker can load the"
                    + " PTE again)" : "a flush reached CPU" + c + " only"));
          }
          n++;
        }
      }
    }
    return n + " unmaps leave no translation";
  }

  private static String vivtFlushed(Subject s) {
    if (s.variant().cacheType() != CacheType.VIVT) {
      return Kit.notApplicable("the D-cache is " + s.variant().cacheType() + ", not VIVT");
    }
    Machine m = s.machine(s.smallCpus(), false);
    int n = 0;
    for (int c = 0; c < m.nrCpus(); c++) {
      Cpu cpu = m.cpu(c);
      Page p = Subject.highPage(m, 10 + c);
      long va = cpu.kmapLocalPage(p);
      long value = Kit.pattern(c, 99);
      cpu.writeLong(va, value);
      cpu.kunmapLocal(va);
      long pa = p.pfn() << m.layout().pageShift();
      long mem = Kit.physicalLong(m, pa);
      require(mem == value, "CPU" + c + " wrote " + hex(value) + " through " + hex(va)
          + "; after kunmap_local physical " + hex(pa) + " holds " + hex(mem)
          + ": the VIVT D-cache was not flushed while the slot still translated");
      n++;
    }
    return n + " VIVT writes reached memory";
  }

  private static String idxAgree(Subject s) {
    int n = 0;
    PteCodec codec = s.variant().pteCodec();
    for (int cpus : s.cpuCounts()) {
      for (boolean debug : new boolean[] {false, true}) {
        Machine m = s.machine(cpus, debug);
        int depth = debug ? 16 : 15;
        for (int c = 0; c < cpus; c++) {
          Cpu cpu = m.cpu(c);
          long[] vas = new long[depth];
          for (int sl = 0; sl < depth; sl++) {
            vas[sl] = cpu.kmapLocalPage(Subject.highPage(m, 1 + sl + 100L * c));
          }
          for (int sl = depth - 1; sl >= 0; sl--) {
            try {
              cpu.kunmapLocal(vas[sl]);
            } catch (KmapException e) {
              throw Kit.fail("NR_CPUS " + cpus + (debug ? " DEBUG" : "") + ", CPU" + c
                  + " map #" + sl + " at " + hex(vas[sl]) + ": map_idx and unmap_idx disagree,"
                  + " kunmap_local refused: " + e.getMessage());
            }
            long pte = m.kernelPte(vas[sl]);
            require(codec.pteNone(pte), "NR_CPUS " + cpus + (debug ? " DEBUG" : "")
                + ", CPU" + c + " map #" + sl + ": after kunmap_local of " + hex(vas[sl])
                + " its PTE is still " + hex(pte) + ": unmap_idx cleared another slot than"
                + " map_idx set");
            n++;
          }
          Kit.noDiagnostics(m, "NR_CPUS " + cpus + ", CPU" + c + " nested maps and unmaps");
        }
      }
    }
    return n + " nested maps unmapped cleanly";
  }

  private static String pageColour(Subject s) {
    int colours = s.colours();
    require(colours > 0 && Integer.bitCount(colours) == 1,
        "DCACHE_N_COLORS " + colours + " is not a power of two");
    if (colours == 1) {
      return Kit.notApplicable("DCACHE_N_COLORS 1: no colour to keep");
    }
    int n = 0;
    for (int cpus : s.cpuCounts()) {
      for (boolean debug : new boolean[] {false, true}) {
        Machine m = s.machine(cpus, debug);
        int shift = m.layout().pageShift();
        int depth = debug ? 16 : 15;
        for (int c = 0; c < cpus; c++) {
          Cpu cpu = m.cpu(c);
          long[] vas = new long[depth];
          for (int sl = 0; sl < depth; sl++) {
            Page p = Subject.highPage(m, 1 + sl + 100L * c);
            vas[sl] = cpu.kmapLocalPage(p);
            long want = p.pfn() & (colours - 1);
            long got = (vas[sl] >>> shift) & (colours - 1);
            require(got == want, "NR_CPUS " + cpus + (debug ? " DEBUG" : "") + ", CPU" + c
                + " map #" + sl + ": pfn " + hex(p.pfn()) + " (colour " + want + ") mapped at "
                + hex(vas[sl]) + " (colour " + got + "): a D-cache alias of its lowmem line");
            n++;
          }
          for (int sl = depth - 1; sl >= 0; sl--) {
            cpu.kunmapLocal(vas[sl]);
          }
          Kit.noDiagnostics(m, "NR_CPUS " + cpus + ", CPU" + c + " maps of every colour");
        }
      }
    }
    return n + " maps, each at its page's colour (DCACHE_N_COLORS " + colours + ")";
  }

  /**
   * With reference vectors, the flushes the trace rule let pass as at least the kernel's but
   * wider; without, any IPI or full flush, or a range of more than one page, during a local map,
   * unmap or switch.
   */
  private static String notWider(Subject s) {
    List<String> wider = new ArrayList<>();
    if (!s.vectors().isEmpty()) {
      for (var v : s.vectors()) {
        try {
          wider.addAll(TraceComparison.of(v, s.variant()).wider());
        } catch (KmapException e) {
          return Kit.notApplicable("the hook trace could not be recorded, the machine stopped"
              + " with " + e.code() + " (see the rules that failed)");
        }
      }
      require(wider.isEmpty(), String.join("; ", wider));
      return "no flush wider than the reference trace";
    }
    int cpus = s.cpuCounts()[s.cpuCounts().length - 1];
    HookTrace t;
    try {
      t = HookTrace.record(s.variant(), cpus, false);
    } catch (KmapException e) {
      return Kit.notApplicable("the hook trace could not be recorded, the machine stopped with "
          + e.code() + " (see the rules that failed)");
    }
    long page = s.variant().layout(cpus, 16).pageSize();
    for (Operation op : List.of(Operation.MAP, Operation.UNMAP, Operation.SCHED_OUT,
        Operation.SCHED_IN)) {
      for (HookTrace.Call c : t.calls(op)) {
        ServiceCall call = c.call();
        switch (call.service()) {
          case FLUSH_TLB_KERNEL_RANGE, FLUSH_TLB_ALL -> wider.add(op + " " + c + ": "
              + (cpus - 1) + " IPI(s) where the kernel flushes a kmap slot locally");
          case LOCAL_FLUSH_TLB_KERNEL_RANGE -> {
            if (call.end() - call.start() > page) {
              wider.add(op + " " + c + ": " + (call.end() - call.start()) / page + " pages"
                  + " where one is mapped");
            }
          }
          default -> { }
        }
      }
    }
    require(wider.isEmpty(), "NR_CPUS " + cpus + ": " + String.join("; ", wider));
    return "local flushes of one page (NR_CPUS " + cpus + ")";
  }
}
