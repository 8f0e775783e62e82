// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import static io.github.kmapsim.conformance.Kit.hex;
import static io.github.kmapsim.conformance.Kit.require;

import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout family ({@link Stage#LAYOUT}): what {@code asm/fixmap.h}, {@code asm/highmem.h} and
 * {@code asm/pgtable*.h} say about the virtual address space, checked on the layouts alone, for
 * every NR_CPUS the kit builds and both KM_MAX_IDX values. No machine runs.
 */
final class LayoutRules {
  static final String REGIONS_DISJOINT = "required_layout_regions_disjoint";
  static final String WINDOW_IN_FIXMAP = "required_layout_kmap_window_in_fixmap";
  static final String PKMAP_IN_ONE_TABLE = "required_layout_pkmap_in_one_pte_table";
  static final String FIX_ROUND_TRIP = "required_layout_fix_round_trip";
  static final String SLOTS_DISTINCT = "required_layout_slots_distinct";

  private LayoutRules() {}

  static List<Rule> rules() {
    return List.of(
        Rule.required(Stage.LAYOUT, "regions_disjoint",
            "lowmem, the vmalloc gap, vmalloc, pkmap, the fixmap and the architecture's own"
                + " regions do not overlap, and VMALLOC_START lies below VMALLOC_END",
            "PAGE_OFFSET, MAXMEM/lowmem limit, VMALLOC_START/END, PKMAP_BASE, LAST_PKMAP,"
                + " FIXADDR_START/FIX_KMAP_END and archRegions() in asm/pgtable.h, asm/highmem.h"
                + " and asm/fixmap.h",
            List.of(), LayoutRules::regionsDisjoint),
        Rule.required(Stage.LAYOUT, "kmap_window_in_fixmap",
            "the kmap window FIX_KMAP_BEGIN..FIX_KMAP_END lies inside [FIXADDR_START,"
                + " FIXADDR_TOP], page aligned",
            "FIXADDR_START (FIXADDR_TOP - (__end_of_permanent_fixed_addresses << PAGE_SHIFT))"
                + " and the place of FIX_KMAP_BEGIN in enum fixed_addresses (asm/fixmap.h)",
            List.of(), LayoutRules::windowInFixmap),
        Rule.required(Stage.LAYOUT, "pkmap_in_one_pte_table",
            "the pkmap area lies in one PTE table (DCACHE_N_COLORS tables with colours), the one"
                + " pkmap_page_table the kernel allocates",
            "PKMAP_BASE alignment (a PMD boundary) and LAST_PKMAP <= PTRS_PER_PTE"
                + " (* DCACHE_N_COLORS) in asm/highmem.h",
            List.of(), LayoutRules::pkmapInOneTable),
        Rule.required(Stage.LAYOUT, "fix_round_trip",
            "virt_to_fix(fix_to_virt(idx)) == idx for every kmap index, also inside the page",
            "that __fix_to_virt and __virt_to_fix use the same direction and PAGE_SHIFT",
            List.of(), LayoutRules::fixRoundTrip),
        Rule.required(Stage.LAYOUT, "slots_distinct",
            "every (CPU, slot) of NR_CPUS x KM_MAX_IDX has a distinct page-aligned address inside"
                + " the kmap window, and FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS"
                + " (* DCACHE_N_COLORS) - 1",
            "FIX_KMAP_BEGIN/FIX_KMAP_END (KM_MAX_IDX * NR_CPUS entries) and __fix_to_virt in"
                + " asm/fixmap.h; the page shift of the variant",
            List.of(FIX_ROUND_TRIP), LayoutRules::slotsDistinct));
  }

  /** Calls {@code check} with every layout the kit builds; returns how many. */
  private static int eachLayout(Subject s, LayoutCheck check) {
    int n = 0;
    for (int cpus : s.cpuCounts()) {
      for (int km : new int[] {16, 33}) {
        check.on(s.variant().layout(cpus, km), "NR_CPUS " + cpus + ", KM_MAX_IDX " + km + ": ",
            cpus, km);
        n++;
      }
    }
    return n;
  }

  @FunctionalInterface
  private interface LayoutCheck {
    void on(MemoryLayout l, String where, int cpus, int kmMaxIdx);
  }

  private record Range(String name, long start, long end) {
    boolean overlaps(Range o) {
      return start < o.end && o.start < end;
    }

    @Override
    public String toString() {
      return name + " [" + hex(start) + ", " + hex(end) + ")";
    }
  }

  /** The regions of a layout: lowmem, the vmalloc gap, vmalloc, pkmap, the fixmap, the arch's. */
  private static List<Range> regions(MemoryLayout l) {
    long page = l.pageSize();
    long lowEnd = l.pageOffset() + l.maxLowmemBytes();
    KmapWindow kmap = KmapWindow.of(l);
    List<Range> r = new ArrayList<>();
    r.add(new Range("lowmem", l.pageOffset(), lowEnd));
    long vmallocStart = l.vmallocStart(lowEnd);
    long fixmapStart = Math.min(l.fixaddrStart(), kmap.start());
    boolean pkmapBetween = l.lastPkmap() > 0 && l.pkmapBase() >= lowEnd
        && l.pkmapBase() < vmallocStart;
    boolean fixmapBetween = fixmapStart >= lowEnd && fixmapStart < vmallocStart;
    if (vmallocStart > lowEnd && !pkmapBetween && !fixmapBetween) {
      // A vmalloc area above pkmap and the fixmap (sparc32's) follows them, not lowmem: no gap.
      r.add(new Range("vmalloc gap", lowEnd, vmallocStart));
    }
    r.add(new Range("vmalloc", vmallocStart, Math.max(vmallocStart, l.vmallocEnd())));
    if (l.lastPkmap() > 0) {
      r.add(new Range("pkmap", l.pkmapBase(), l.pkmapBase() + (long) l.lastPkmap() * page));
    }
    r.add(new Range("fixmap", Math.min(l.fixaddrStart(), kmap.start()),
        Math.max(l.fixaddrTop() + page, kmap.end())));
    for (MemoryLayout.Region a : l.archRegions()) {
      r.add(new Range(a.name(), a.start(), a.end()));
    }
    return r;
  }

  private static String regionsDisjoint(Subject s) {
    return eachLayout(s, (l, where, cpus, km) -> {
      long lowEnd = l.pageOffset() + l.maxLowmemBytes();
      require(l.vmallocEnd() > l.vmallocStart(lowEnd), where + "VMALLOC_END "
          + hex(l.vmallocEnd()) + " is not above VMALLOC_START " + hex(l.vmallocStart(lowEnd))
          + " with lowmem full");
      List<Range> r = regions(l);
      for (int i = 0; i < r.size(); i++) {
        require(r.get(i).end() >= r.get(i).start(), where + r.get(i) + " ends before it starts");
        for (int j = i + 1; j < r.size(); j++) {
          require(!r.get(i).overlaps(r.get(j)), where + r.get(i) + " overlaps " + r.get(j));
        }
      }
    }) + " layouts checked";
  }

  private static String windowInFixmap(Subject s) {
    return eachLayout(s, (l, where, cpus, km) -> {
      KmapWindow w = KmapWindow.of(l);
      long page = l.pageSize();
      require((l.fixaddrTop() & (page - 1)) == 0 && (l.fixaddrStart() & (page - 1)) == 0,
          where + "FIXADDR_TOP " + hex(l.fixaddrTop()) + " or FIXADDR_START "
              + hex(l.fixaddrStart()) + " is not aligned to PAGE_SIZE " + hex(page));
      require(w.start() >= l.fixaddrStart() && w.end() <= l.fixaddrTop() + page, where
          + "the kmap window [" + hex(w.start()) + ", " + hex(w.end()) + ") of FIX_KMAP_BEGIN "
          + l.fixKmapBegin() + ".." + "FIX_KMAP_END " + l.fixKmapEnd() + " is not inside"
          + " [FIXADDR_START " + hex(l.fixaddrStart()) + ", FIXADDR_TOP " + hex(l.fixaddrTop())
          + "]" + (w.start() > l.fixaddrTop() ? ": __fix_to_virt counts the wrong way (the"
              + " fixmap grows down: FIXADDR_TOP - (idx << PAGE_SHIFT))"
              : w.start() < l.fixaddrStart() ? ": it reaches below FIXADDR_START" : ""));
    }) + " windows inside their fixmap";
  }

  private static String pkmapInOneTable(Subject s) {
    int[] checked = new int[1];
    eachLayout(s, (l, where, cpus, km) -> {
      if (l.lastPkmap() <= 0) {
        return;
      }
      long table = (long) l.ptrsPerPte() * l.pageSize();
      long first = l.pkmapBase() / table;
      long last = (l.pkmapBase() + (long) l.lastPkmap() * l.pageSize() - 1) / table;
      long tables = (l.lastPkmap() + l.ptrsPerPte() - 1) / l.ptrsPerPte();
      require(last - first + 1 == tables, where + "the pkmap area [" + hex(l.pkmapBase())
          + ", +" + l.lastPkmap() + " pages) spans " + (last - first + 1) + " PTE tables of "
          + l.ptrsPerPte() + " entries where " + tables + " would hold it: PKMAP_BASE is not"
          + " aligned to a PTE table (PMD_SIZE " + hex(table) + ")");
      checked[0]++;
    });
    if (checked[0] == 0) {
      return Kit.notApplicable("no pkmap (LAST_PKMAP 0)");
    }
    return checked[0] + " pkmap areas each in its own PTE tables";
  }

  private static String fixRoundTrip(Subject s) {
    int n = 0;
    for (int cpus : s.cpuCounts()) {
      MemoryLayout l = s.variant().layout(cpus, 33);
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

  private static String slotsDistinct(Subject s) {
    int[] n = new int[1];
    eachLayout(s, (l, where, cpus, km) -> {
      int stride = s.perCpu(km);
      int expectedEnd = l.fixKmapBegin() + stride * cpus - 1;
      require(l.fixKmapEnd() == expectedEnd, where + "FIX_KMAP_END is " + l.fixKmapEnd()
          + ", expected FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS"
          + (stride == km ? "" : " * DCACHE_N_COLORS") + " - 1 = " + expectedEnd);
      KmapWindow window = KmapWindow.of(l);
      Map<Long, String> seen = new HashMap<>();
      for (int cpu = 0; cpu < cpus; cpu++) {
        for (int slot = 0; slot < stride; slot++) {
          long va = l.fixToVirt(l.fixKmapBegin() + slot + stride * cpu);
          String who = where + "CPU" + cpu + " slot " + slot;
          require((va & (l.pageSize() - 1)) == 0, who + " at " + hex(va)
              + " is not aligned to PAGE_SIZE " + hex(l.pageSize()));
          require(window.contains(va),
              who + " at " + hex(va) + " lies outside the kmap window [" + hex(window.start())
                  + ", " + hex(window.end()) + ")");
          String other = seen.put(va, who);
          require(other == null, who + " and " + other + " share address " + hex(va)
              + ": fix_to_virt does not advance one page per index (PAGE_SHIFT "
              + l.pageShift() + ")");
          n[0]++;
        }
      }
    });
    return n[0] + " slot addresses distinct";
  }
}
