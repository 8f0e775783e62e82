// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import static io.github.kmapsim.conformance.Kit.hex;
import static io.github.kmapsim.conformance.Kit.require;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.ReferenceVectors;
import io.github.kmapsim.spi.ReferenceVectors.Quantity;
import io.github.kmapsim.spi.ReferenceVectors.Value;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The vectors family ({@link Stage#VECTORS}): the port against the kernel's own values, its
 * {@link ReferenceVectors}, configuration by configuration. A port that agrees with itself but
 * not with its kernel (an off-by-one fixmap index, a pkmap area where the kernel would not put it,
 * a permission bit too many, a flush in the wrong hook) fails here. Without vectors the rules do
 * not apply, and say how to derive them.
 */
final class VectorRules {
  static final String LAYOUT = "required_vectors_layout";
  static final String PTE = "required_vectors_pte";
  static final String HOOK_TRACE = "required_vectors_hook_trace";

  /** Where a porter finds how to derive vectors. */
  static final String HOW = "the port declares no reference vectors"
      + " (ArchVariant.referenceVectors()); derive them as docs/PORTING.md, \"Deriving reference"
      + " vectors\", says: from the kernel source (asm/fixmap.h, asm/highmem.h, asm/pgtable*.h),"
      + " and from a running kernel (the boot-time \"virtual kernel memory layout\", /proc/vmallocinfo,"
      + " /sys/kernel/debug/page_tables/kernel, a module printing fix_to_virt(FIX_KMAP_BEGIN))";

  private static final Set<Quantity> LAYOUT_VALUES = EnumSet.of(Quantity.PAGE_OFFSET,
      Quantity.FIXADDR_TOP, Quantity.FIXADDR_START, Quantity.FIX_KMAP_BEGIN,
      Quantity.FIX_KMAP_END, Quantity.PKMAP_BASE, Quantity.LAST_PKMAP, Quantity.SLOT_ADDRESS,
      Quantity.MAX_LOW_PFN, Quantity.VMALLOC_START);

  private VectorRules() {}

  static List<Rule> rules() {
    return List.of(
        Rule.required(Stage.VECTORS, "layout",
            "PAGE_OFFSET, FIXADDR_TOP/START, FIX_KMAP_BEGIN/END, PKMAP_BASE, LAST_PKMAP, the"
                + " slot addresses of CPUs 0 and 1, max_low_pfn and VMALLOC_START are the"
                + " kernel's (the reference vectors)",
            "the value the message names against the header its vector cites",
            List.of(), VectorRules::layout),
        Rule.required(Stage.VECTORS, "pte",
            "pfn_pte(pfn, kmap_prot), its hardware word, the empty PTE and the physical address"
                + " width are the kernel's (the reference vectors)",
            "the bits the message names against asm/pgtable*.h (PAGE_KERNEL, the hardware"
                + " conversion, maxPfn)",
            List.of(), VectorRules::pte),
        Rule.required(Stage.VECTORS, "hook_trace",
            "map, unmap, sched_out, sched_in, kmap and the pkmap wrap make the kernel's calls,"
                + " from the kernel's hooks, on the kernel's CPUs (the reference vectors)",
            "the hook the message names in asm/highmem.h: which flush it makes, on which CPUs,"
                + " and before or after pte_clear()",
            List.of(LAYOUT, HookRules.PKMAP_COLOUR), VectorRules::hookTrace));
  }

  private static List<ReferenceVectors> vectors(Subject s) {
    List<ReferenceVectors> v = s.vectors();
    if (v.isEmpty()) {
      Kit.notApplicable(HOW);
    }
    return v;
  }

  private static String mismatch(ReferenceVectors v, Value value, long actual, String how) {
    return v + ": " + value.quantity() + arguments(value) + " is "
        + render(value.quantity(), actual) + " in the port" + how + ", "
        + render(value.quantity(), value.expected()) + " in the kernel (" + value.source() + ")";
  }

  /** {@code (1, 0)} for CPU 1 slot 0, {@code (2 GiB)} for a memory size, {@code (0x40000)}. */
  private static String arguments(Value value) {
    if (value.arguments().isEmpty()) {
      return "";
    }
    List<String> a = new ArrayList<>();
    for (long x : value.arguments()) {
      a.add(switch (value.quantity()) {
        case SLOT_ADDRESS -> Long.toString(x);
        case MAX_LOW_PFN, VMALLOC_START -> x % (1L << 30) == 0 ? (x >> 30) + " GiB"
            : (x >> 20) + " MiB";
        default -> hex(x);
      });
    }
    return "(" + String.join(", ", a) + ")";
  }

  private static String render(Quantity q, long v) {
    return switch (q) {
      case FIX_KMAP_BEGIN, FIX_KMAP_END, LAST_PKMAP, PHYSICAL_ADDRESS_BITS -> Long.toString(v);
      default -> hex(v);
    };
  }

  private static String layout(Subject s) {
    int n = 0;
    List<String> wrong = new ArrayList<>();
    for (ReferenceVectors v : vectors(s)) {
      MemoryLayout l = s.variant().layout(v.nrCpus(), v.kmMaxIdx());
      for (Value value : v.values()) {
        if (!LAYOUT_VALUES.contains(value.quantity())) {
          continue;
        }
        String bad = check(s.variant(), v, l, value);
        if (bad != null) {
          wrong.add(bad);
        }
        n++;
      }
    }
    require(n > 0, "the reference vectors declare no layout value");
    require(wrong.isEmpty(), String.join("; ", wrong));
    return n + " layout values are the kernel's";
  }

  /** The mismatch of one layout value, or null. */
  private static String check(ArchVariant variant, ReferenceVectors v, MemoryLayout l,
      Value value) {
    long actual;
    String how = "";
    switch (value.quantity()) {
      case PAGE_OFFSET -> actual = l.pageOffset();
      case FIXADDR_TOP -> actual = l.fixaddrTop();
      case FIXADDR_START -> actual = l.fixaddrStart();
      case FIX_KMAP_BEGIN -> actual = l.fixKmapBegin();
      case FIX_KMAP_END -> actual = l.fixKmapEnd();
      case PKMAP_BASE -> actual = l.pkmapBase();
      case LAST_PKMAP -> actual = l.lastPkmap();
      case SLOT_ADDRESS -> {
        int cpu = value.arguments().get(0).intValue();
        int slot = value.arguments().get(1).intValue();
        require(cpu < v.nrCpus(), v + ": SLOT_ADDRESS of CPU" + cpu + " on NR_CPUS "
            + v.nrCpus());
        RecordingHardwareServices hw = new RecordingHardwareServices(cpu, v.kmMaxIdx());
        actual = l.fixToVirt(l.fixKmapBegin() + variant.hooks().mapIdx(hw, slot, 0));
        if (actual == value.expected() && (!v.debugKmapLocal() || (slot & 1) == 1)) {
          actual = mapped(variant, v, cpu, slot);
          how = " (kmap_local on a machine)";
        }
      }
      case MAX_LOW_PFN -> {
        actual = Subject.machine(variant, v.nrCpus(), v.debugKmapLocal(),
            value.arguments().get(0)).maxLowPfn();
      }
      case VMALLOC_START -> {
        Machine m = Subject.machine(variant, v.nrCpus(), v.debugKmapLocal(),
            value.arguments().get(0));
        actual = l.vmallocStart(l.pageOffset() + (m.maxLowPfn() << l.pageShift()));
      }
      default -> throw new IllegalStateException(value.quantity() + " is not a layout value");
    }
    return actual == value.expected() ? null : mismatch(v, value, actual, how);
  }

  /** The address kmap_local gives slot {@code slot} of CPU {@code cpu}, pages of colour 0. */
  private static long mapped(ArchVariant variant, ReferenceVectors v, int cpu, int slot) {
    Machine m = Subject.machine(variant, v.nrCpus(), v.debugKmapLocal(),
        io.github.kmapsim.api.MachineConfig.DEFAULT_MEMORY);
    int colours = variant.dcacheColours();
    long first = (m.maxLowPfn() + colours - 1) / colours * colours;
    int maps = v.debugKmapLocal() ? (slot + 1) / 2 : slot + 1;
    Cpu c = m.cpu(cpu);
    long[] vas = new long[maps];
    for (int i = 0; i < maps; i++) {
      vas[i] = c.kmapLocalPage(m.page(first + (long) colours * i));
    }
    for (int i = maps - 1; i >= 0; i--) {
      c.kunmapLocal(vas[i]);
    }
    return vas[maps - 1];
  }

  private static String pte(Subject s) {
    int n = 0;
    List<String> wrong = new ArrayList<>();
    PteCodec c = s.variant().pteCodec();
    for (ReferenceVectors v : vectors(s)) {
      int shift = s.variant().layout(v.nrCpus(), v.kmMaxIdx()).pageShift();
      for (Value value : v.values()) {
        long actual;
        String how = "";
        switch (value.quantity()) {
          case KMAP_PROT_PTE -> actual = c.pfnPte(value.arguments().get(0), c.kmapProt());
          case KMAP_PROT_HARDWARE_PTE -> {
            long pte = c.pfnPte(value.arguments().get(0), c.kmapProt());
            actual = c.hardwarePte(pte);
            how = " (of " + hex(pte) + ")";
          }
          case EMPTY_PTE -> actual = c.emptyPte();
          case PHYSICAL_ADDRESS_BITS -> actual = Long.numberOfTrailingZeros(c.maxPfn()) + shift;
          default -> {
            continue;
          }
        }
        if (actual != value.expected()) {
          wrong.add(mismatch(v, value, actual, how));
        }
        n++;
      }
    }
    require(n > 0, "the reference vectors declare no PTE value");
    require(wrong.isEmpty(), String.join("; ", wrong));
    return n + " PTE values are the kernel's";
  }

  private static String hookTrace(Subject s) {
    int ops = 0;
    List<String> missing = new ArrayList<>();
    for (ReferenceVectors v : vectors(s)) {
      ops += v.tracedOperations().size();
      missing.addAll(TraceComparison.of(v, s.variant()).missing());
    }
    require(ops > 0, "the reference vectors trace no operation");
    require(missing.isEmpty(), String.join("; ", missing));
    return ops + " operations make the kernel's hook calls";
  }
}
