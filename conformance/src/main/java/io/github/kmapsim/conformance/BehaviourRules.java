// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import static io.github.kmapsim.conformance.Kit.hex;
import static io.github.kmapsim.conformance.Kit.pattern;
import static io.github.kmapsim.conformance.Kit.require;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The behaviour family ({@link Stage#BEHAVIOUR}): the whole port on running machines, as callers
 * use it: nesting to the kernel's limit, DEBUG_KMAP_LOCAL's guard slots, context switches with
 * live maps, data seen through two mappings, and the pkmap wrap.
 */
final class BehaviourRules {
  static final String NESTING_LIMIT = "required_behaviour_nesting_limit";
  static final String GUARD_SLOTS = "required_behaviour_guard_slots_unmapped";
  static final String CONTEXT_SWITCH = "required_behaviour_context_switch";
  static final String TWO_MAPPINGS = "required_behaviour_data_through_two_mappings";
  static final String PKMAP_WRAP = "required_behaviour_pkmap_wrap";

  private BehaviourRules() {}

  static List<Rule> rules() {
    return List.of(
        Rule.required(Stage.BEHAVIOUR, "nesting_limit",
            "kmap_local nests to the kernel's limit (15, 16 with DEBUG_KMAP_LOCAL) and BUGs one past",
            "that the fixmap window holds KM_MAX_IDX slots per CPU",
            List.of(HookRules.IDX_AGREE), BehaviourRules::nestingLimit),
        Rule.required(Stage.BEHAVIOUR, "guard_slots_unmapped",
            "with DEBUG_KMAP_LOCAL the guard slots between maps keep an empty PTE",
            "map_idx: it must keep kmap_local_calc_idx's slot so that guard slots stay empty",
            List.of(HookRules.IDX_AGREE), BehaviourRules::guardSlots),
        Rule.required(Stage.BEHAVIOUR, "context_switch",
            "live local maps survive a context switch on every CPU",
            "map_idx (it is recomputed from the pteval's pfn at switch-in) and the flush hooks",
            List.of(HookRules.IDX_AGREE, HookRules.UNMAP_FLUSHES, HookRules.VIVT_FLUSHED),
            BehaviourRules::contextSwitch),
        Rule.required(Stage.BEHAVIOUR, "data_through_two_mappings",
            "data written through one mapping of a page reads back through another (another CPU"
                + " where there is one, and pkmap)",
            "the PFN encoding, the cache flush hooks and flush_cache_kmaps",
            List.of(HookRules.UNMAP_FLUSHES, HookRules.VIVT_FLUSHED),
            BehaviourRules::dataTwoMappings),
        Rule.required(Stage.BEHAVIOUR, "pkmap_wrap",
            "persistent kmap wraps LAST_PKMAP and flushes unused entries cleanly, every page at a"
                + " pkmap address of its own colour where DCACHE_N_COLORS > 1",
            "PKMAP_BASE/LAST_PKMAP, flush_cache_kmaps, kmap_flush_tlb and the pkmap colour hooks",
            List.of(LayoutRules.PKMAP_IN_ONE_TABLE, PteRules.PAGE_KERNEL_WRITABLE,
                HookRules.PKMAP_COLOUR),
            BehaviourRules::pkmapWrap));
  }

  private static String nestingLimit(Subject s) {
    StringBuilder sb = new StringBuilder();
    for (boolean debug : new boolean[] {false, true}) {
      Machine m = s.machine(s.smallCpus(), debug);
      Cpu cpu = m.cpu(m.nrCpus() - 1);
      int expected = debug ? 16 : 15;
      List<Long> vas = new ArrayList<>();
      for (int i = 0; i < expected; i++) {
        try {
          vas.add(cpu.kmapLocalPage(Subject.highPage(m, 1 + i)));
        } catch (RuntimeException e) {
          throw Kit.fail((debug ? "DEBUG_KMAP_LOCAL: " : "") + "map #" + (i + 1) + " on CPU"
              + cpu.id() + " failed before the limit of " + expected + ": " + e.getMessage());
        }
      }
      KmapException bug = null;
      try {
        vas.add(cpu.kmapLocalPage(Subject.highPage(m, 40)));
      } catch (KmapException e) {
        bug = e;
      }
      require(bug != null, (debug ? "DEBUG_KMAP_LOCAL: " : "") + "map #" + (expected + 1)
          + " on CPU" + cpu.id() + " did not BUG; the limit is " + expected);
      for (int i = vas.size() - 1; i >= 0; i--) {
        cpu.kunmapLocal(vas.get(i));
      }
      sb.append(debug ? ", " : "").append(expected).append(debug ? " (debug)" : "");
    }
    return "limit " + sb;
  }

  private static String guardSlots(Subject s) {
    Machine m = s.machine(s.smallCpus(), true);
    MemoryLayout l = m.layout();
    int colours = s.colours();
    int km = s.perCpu(m.config().kmMaxIdx());
    int n = 0;
    for (int c = 0; c < m.nrCpus(); c++) {
      Cpu cpu = m.cpu(c);
      List<Long> vas = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        vas.add(cpu.kmapLocalPage(Subject.highPage(m, 1 + i + 50L * c)));
      }
      for (int page = 0; page < km; page++) { // every fixmap page of CPU c, of every colour
        long va = l.fixToVirt(l.fixKmapBegin() + page + km * c);
        int slot = page / colours;
        boolean guard = (slot & 1) == 0;
        if (!guard && vas.contains(va)) {
          continue;
        }
        long pte = m.kernelPte(va);
        require(s.variant().pteCodec().pteNone(pte), "CPU" + c + (guard ? " guard slot "
            : " unused slot ") + slot + " at " + hex(va) + " holds PTE " + hex(pte)
            + " with 16 maps live" + (vas.contains(va) ? ": map #" + vas.indexOf(va)
                + " landed on it, so map_idx does not keep kmap_local_calc_idx's odd slots" : ""));
        n++;
      }
      for (int i = vas.size() - 1; i >= 0; i--) {
        cpu.kunmapLocal(vas.get(i));
      }
    }
    Kit.noDiagnostics(m, "16 maps with guard slots");
    return n + " guard and unused slots empty";
  }

  private static String contextSwitch(Subject s) {
    int n = 0;
    for (int cpus : s.cpuCounts()) {
      Machine m = s.machine(cpus, false);
      for (int c = 0; c < cpus; c++) {
        Task a = m.createTask("kit-a" + c, c);
        Task b = m.createTask("kit-b" + c, c);
        Task idle = m.cpu(c).current();
        m.schedule(c, a);
        Cpu cpu = m.cpu(c);
        long[] vas = new long[3];
        for (int i = 0; i < 3; i++) {
          vas[i] = cpu.kmapLocalPage(Subject.highPage(m, 1 + i + 10L * c));
          cpu.writeLong(vas[i], pattern(c, i));
        }
        m.schedule(c, b);
        long vb = cpu.kmapLocalPage(Subject.highPage(m, 500 + c));
        cpu.writeLong(vb, pattern(c, 77));
        m.schedule(c, a);
        for (int i = 0; i < 3; i++) {
          long got = cpu.readLong(vas[i]);
          require(got == pattern(c, i), "NR_CPUS " + cpus + ", CPU" + c + ": after a context"
              + " switch map #" + i + " at " + hex(vas[i]) + " reads " + hex(got)
              + ", expected " + hex(pattern(c, i)));
          n++;
        }
        for (int i = 2; i >= 0; i--) {
          cpu.kunmapLocal(vas[i]);
        }
        m.schedule(c, b);
        require(cpu.readLong(vb) == pattern(c, 77), "CPU" + c + ": task b's map at " + hex(vb)
            + " lost its page across the switch");
        cpu.kunmapLocal(vb);
        m.schedule(c, idle);
      }
      Kit.noDiagnostics(m, "NR_CPUS " + cpus + " context switches with live maps");
    }
    return n + " maps survived context switches";
  }

  private static String dataTwoMappings(Subject s) {
    Machine m = s.machine(s.smallCpus(), false);
    Page p = Subject.highPage(m, 7);
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
    Kit.noDiagnostics(m, "two mappings of one page");
    return "read back through two mappings";
  }

  private static String pkmapWrap(Subject s) {
    Machine m = s.machine(s.smallCpus(), false);
    int last = m.layout().lastPkmap();
    if (last <= 0) {
      return Kit.notApplicable("no pkmap (LAST_PKMAP 0)");
    }
    Cpu cpu = m.cpu(0);
    Map<Long, Long> values = new LinkedHashMap<>();
    long base = m.layout().pkmapBase();
    long end = base + (long) last * m.layout().pageSize();
    int shift = m.layout().pageShift();
    int colours = s.colours();
    // pages of one colour, so that a scan that ignores colours lands on entries of others
    for (int i = 0; i < last + 8; i++) {
      Page p = Subject.highPage(m, colours * (1 + i));
      long va = cpu.kmap(p).vaddr();
      require(va >= base && va < end, "kmap #" + i + " returned " + hex(va) + " outside pkmap ["
          + hex(base) + ", " + hex(end) + ")");
      long colour = (va >>> shift) & (colours - 1);
      require(colour == (p.pfn() & (colours - 1)), "kmap #" + i + " of pfn " + hex(p.pfn())
          + " (colour " + (p.pfn() & (colours - 1)) + ") returned " + hex(va) + " (colour "
          + colour + "): a pkmap alias of its lowmem line");
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
    Kit.noDiagnostics(m, "pkmap wrap");
    return (last + 8) + " kmaps wrapped LAST_PKMAP " + last + " and read back after the flush";
  }
}
