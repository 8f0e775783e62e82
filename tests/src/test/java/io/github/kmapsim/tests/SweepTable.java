// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static io.github.kmapsim.tests.SweepSpec.bad;
import static io.github.kmapsim.tests.SweepSpec.ok;
import static io.github.kmapsim.tests.SweepSpec.role;
import static io.github.kmapsim.tests.SweepSpec.spec;
import static io.github.kmapsim.tests.SweepWorld.State.ATOMIC;
import static io.github.kmapsim.tests.SweepWorld.State.HARDIRQ;
import static io.github.kmapsim.tests.SweepWorld.State.IDLE;
import static io.github.kmapsim.tests.SweepWorld.State.IO_ATOMIC;
import static io.github.kmapsim.tests.SweepWorld.State.IO_LOCAL;
import static io.github.kmapsim.tests.SweepWorld.State.KMAP_SLEEPING;
import static io.github.kmapsim.tests.SweepWorld.State.MAPPED;
import static io.github.kmapsim.tests.SweepWorld.State.NMI;
import static io.github.kmapsim.tests.SweepWorld.State.PKMAP_DEADLOCK;
import static io.github.kmapsim.tests.SweepWorld.State.PKMAP_FULL;
import static io.github.kmapsim.tests.SweepWorld.State.PKMAP_FULL_ATOMIC;
import static io.github.kmapsim.tests.SweepWorld.State.PREEMPT_OFF;
import static io.github.kmapsim.tests.SweepWorld.State.PREEMPT_OFF_HARDIRQ;
import static io.github.kmapsim.tests.SweepWorld.State.SOFTIRQ;
import static io.github.kmapsim.tests.SweepWorld.State.STACK_FULL;
import static io.github.kmapsim.tests.SweepWorld.State.STACK_ONE_FREE;

import io.github.kmapsim.api.Folio;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.KmapResult;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.tests.SweepSpec.Arg;
import io.github.kmapsim.tests.SweepSpec.Role;
import io.github.kmapsim.tests.SweepWorld.State;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The sweep's table: every public method of the API ({@code Machine}, {@code Cpu}, {@code Task},
 * {@code HighmemHelpers}, {@code MachineSnapshot}, the value types, {@code MachineConfig} and
 * its builder, the {@code KmapSim} factory) with the values each argument is tried with (null,
 * negative, zero, huge, each side of each boundary, another machine's object, a forged or freed
 * one) and the states each call is tried in, and the rule, in the kernel's terms, of when a call
 * is legal. Everything else must be refused.
 */
final class SweepTable {
  private SweepTable() {}

  // ---- argument roles ----

  private static Role page(String name, int which) {
    return role(name, w -> List.of(ok("highmem page", w.high[which]), ok("lowmem page", w.low),
        ok("page 0", w.m.page(0)), ok("last page", w.m.page(w.m.maxPfn() - 1)),
        bad("null", null), bad("another machine's page", w.otherPage)));
  }

  private static Role prot() {
    return role("prot", w -> {
      long kp = w.m.arch().pteCodec().kmapProt();
      return List.of(ok("kmap_prot", kp), ok("PAGE_KERNEL", w.m.arch().pteCodec().pageKernel()),
          ok("0", 0L), protArg(w, "-1", -1L), protArg(w, "Long.MIN_VALUE", Long.MIN_VALUE),
          protArg(w, "1 << 62", 1L << 62), protArg(w, "1 << 31", 1L << 31));
    });
  }

  /** A protection, usable when the variant's pfn_pte encodes it. */
  private static Arg protArg(SweepWorld w, String label, long prot) {
    try {
      w.m.arch().pteCodec().pfnPte(w.high[0].pfn(), prot);
      return ok(label, prot);
    } catch (IllegalArgumentException e) {
      return bad(label, prot);
    }
  }

  private static Role rawPfn() {
    return role("pfn", w -> {
      long max = w.m.arch().pteCodec().maxPfn();
      return List.of(ok("highmem pfn", w.high[3].pfn()), ok("0", 0L),
          ok("max_pfn (device memory)", w.m.maxPfn()), ok("largest a PTE holds", max - 1),
          bad("-1", -1L), bad("one past what a PTE holds", max), bad("Long.MAX_VALUE",
              Long.MAX_VALUE), bad("Long.MIN_VALUE", Long.MIN_VALUE));
    });
  }

  /** Addresses for an unmap: the top map, inside it, the wrong order, lowmem, user, bad. */
  private static Role unmapAddress() {
    return role("vaddr", w -> {
      List<Arg> v = new ArrayList<>();
      v.add(ok("top map", topOrSlot0(w)));
      v.add(ok("last byte of the top map", topOrSlot0(w) + w.pageSize - 1));
      v.add(ok("the map under the top one", w.bottom != 0 ? w.bottom : topOrSlot0(w)));
      v.add(ok("a never-mapped slot", w.unmappedSlot()));
      v.add(ok("a lowmem address", w.lowmemAddress()));
      v.add(ok("user address 0x1000", 0x1000L));
      v.add(ok("0", 0L));
      v.add(bad("-1", -1L));
      v.add(bad("1 << 32", 1L << 32));
      v.add(bad("Long.MAX_VALUE", Long.MAX_VALUE));
      return v;
    });
  }

  private static long topOrSlot0(SweepWorld w) {
    return w.top != 0 ? w.top : Variants.slotAddress(w.m, 0, 0, 0);
  }

  /** Addresses for loads and stores; legal exactly where they translate. */
  private static Role accessAddress() {
    return role("vaddr", w -> {
      long top = topOrSlot0(w);
      long edge = w.bottom != 0 ? w.bottom : top;
      return List.of(ok("top map", top), ok("top map + 8", top + 8),
          ok("last long of the top map", top + w.pageSize - 8),
          ok("unaligned across the page above the bottom map", edge + w.pageSize - 4),
          ok("a lowmem address", w.lowmemAddress()), ok("a never-mapped slot", w.unmappedSlot()),
          ok("0", 0L), ok("-1", -1L), ok("Long.MAX_VALUE", Long.MAX_VALUE),
          ok("Long.MIN_VALUE", Long.MIN_VALUE));
    });
  }

  private static Role anyLong(String name) {
    return role(name, w -> List.of(ok("0x1234", 0x1234L), ok("0", 0L), ok("-1", -1L),
        ok("Long.MAX_VALUE", Long.MAX_VALUE), ok("Long.MIN_VALUE", Long.MIN_VALUE)));
  }

  private static Role anyByte() {
    return role("value", w -> List.of(ok("0x5a", (byte) 0x5a), ok("0", (byte) 0),
        ok("-1", (byte) -1)));
  }

  private static Role cpuId() {
    return role("cpu", w -> List.of(ok("0", 0), ok("NR_CPUS - 1", w.m.nrCpus() - 1),
        bad("-1", -1), bad("NR_CPUS", w.m.nrCpus()), bad("Integer.MIN_VALUE", Integer.MIN_VALUE),
        bad("Integer.MAX_VALUE", Integer.MAX_VALUE)));
  }

  private static Role pagePfn() {
    return role("pfn", w -> List.of(ok("0", 0L), ok("max_pfn - 1", w.m.maxPfn() - 1),
        ok("max_low_pfn", w.m.maxLowPfn()), bad("-1", -1L), bad("max_pfn", w.m.maxPfn()),
        bad("Long.MAX_VALUE", Long.MAX_VALUE), bad("Long.MIN_VALUE", Long.MIN_VALUE)));
  }

  private static Role io() {
    return role("mapping", w -> List.of(ok("a live io_mapping", w.io), bad("null", null),
        bad("an equal copy", w.forgedIo), bad("a freed io_mapping", w.freedIo),
        bad("another machine's io_mapping", w.otherIo)));
  }

  private static Role ioOffset() {
    return role("offset", w -> List.of(ok("0", 0L), ok("size - 1", w.io.size() - 1),
        bad("size", w.io.size()), bad("-1", -1L), bad("Long.MAX_VALUE", Long.MAX_VALUE),
        bad("Long.MIN_VALUE", Long.MIN_VALUE)));
  }

  private static Role intValues(String name, int base, int... more) {
    return role(name, w -> {
      List<Arg> v = new ArrayList<>();
      v.add(ok(String.valueOf(base), base));
      for (int x : more) {
        v.add(ok(String.valueOf(x), x));
      }
      for (int x : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
        v.add(ok(String.valueOf(x), x));
      }
      return v;
    });
  }

  private static Role offset(String name, int base) {
    return role(name, w -> offsets(w, base, (int) w.pageSize));
  }

  private static List<Arg> offsets(SweepWorld w, int base, int size) {
    return List.of(ok(String.valueOf(base), base), ok("0", 0), ok("size - 16", size - 16),
        ok("size - 15", size - 15), ok("size", size), ok("size + 1", size + 1), ok("-1", -1),
        ok("Integer.MIN_VALUE", Integer.MIN_VALUE), ok("Integer.MAX_VALUE", Integer.MAX_VALUE));
  }

  private static Role length(String name) {
    return role(name, w -> List.of(ok("16", 16), ok("0", 0), ok("PAGE_SIZE", (int) w.pageSize),
        ok("PAGE_SIZE + 1", (int) w.pageSize + 1), ok("-1", -1),
        ok("Integer.MAX_VALUE", Integer.MAX_VALUE)));
  }

  private static Role bytes(String name) {
    return role(name, w -> List.of(ok("a page-sized array", new byte[(int) w.pageSize]),
        ok("a 16-byte array", new byte[16]), ok("an empty array", new byte[0]),
        bad("null", null)));
  }

  private static Role folio() {
    return role("folio", w -> List.of(ok("an order-2 highmem folio", w.folio), bad("null", null),
        bad("another machine's folio", w.otherFolio)));
  }

  private static Role folioOffset(String name) {
    return role(name, w -> {
      long size = 4 * w.pageSize;
      return List.of(ok("16", 16L), ok("0", 0L), ok("across a page", w.pageSize - 8),
          ok("folio size - 16", size - 16), ok("folio size", size), ok("-1", -1L),
          ok("Long.MAX_VALUE", Long.MAX_VALUE), ok("Long.MIN_VALUE", Long.MIN_VALUE));
    });
  }

  private static Role segment(String name, int base) {
    return role(name, w -> {
      int size = (int) (4 * w.pageSize);
      return List.of(ok(String.valueOf(base), base), ok("0", 0), ok("folio size", size),
          ok("folio size + 1", size + 1), ok("-1", -1), ok("Integer.MAX_VALUE",
              Integer.MAX_VALUE), ok("Integer.MIN_VALUE", Integer.MIN_VALUE));
    });
  }

  /** Tasks in every state of this machine, and of no machine or another. */
  private static Role task(String name, String base) {
    return role(name, w -> {
      List<Arg> v = new ArrayList<>();
      Task first = switch (base) {
        case "t" -> w.t;
        case "s" -> w.s;
        default -> w.r;
      };
      v.add(ok(base, first));
      for (Task t : List.of(w.t, w.r, w.s, w.d, w.idle)) {
        if (t != first) {
          v.add(ok(t.name() + " (" + kind(w, t) + ")", t));
        }
      }
      v.add(bad("null", null));
      v.add(bad("another machine's task of the same name", w.otherTask));
      return v;
    });
  }

  private static String kind(SweepWorld w, Task t) {
    return t == w.d ? "dead" : t == w.s ? "sleeping" : t == w.idle ? "idle" : "runnable";
  }

  private static Role newName() {
    return role("name", w -> List.of(ok("a new name", "new"), bad("null", null),
        bad("empty", ""), bad("blank", " "), bad("taken", "t"), bad("an idle task's",
            "swapper/0")));
  }

  // ---- legality, in the kernel's terms ----

  private static final Set<State> PREEMPTIBLE = EnumSet.of(IDLE, State.TASK, MAPPED, IO_LOCAL,
      STACK_ONE_FREE, STACK_FULL, PKMAP_FULL, PKMAP_DEADLOCK, KMAP_SLEEPING);

  /** The states in which CPU0 runs its idle task. */
  private static final Set<State> IDLE_RUNS = EnumSet.of(IDLE, KMAP_SLEEPING);

  /** A local map of {@code pfn} has a slot (or needs none). */
  private static boolean room(SweepWorld w, long pfn) {
    return !w.pushes(pfn) || w.freeSlots() > 0;
  }

  private static long pfn(Object page) {
    return ((Page) page).pfn();
  }

  /** kunmap_local(vaddr) is legal: no bad address, and a window address names a live map. */
  private static boolean unmapLegal(SweepWorld w, long vaddr) {
    long addr = vaddr & -w.pageSize;
    if (!w.window.contains(addr)) {
      return true; // lowmem: an early return; user: a WARN
    }
    return w.live().contains(addr);
  }

  /** kunmap_atomic / io_mapping_unmap_atomic: an atomic map is outstanding in this context. */
  private static boolean atomicOutstanding(SweepWorld w) {
    return w.state == ATOMIC || w.state == IO_ATOMIC;
  }

  private static boolean ioUnmapLegal(SweepWorld w, long vaddr) {
    if (w.atomicIomap()) {
      return unmapLegal(w, vaddr);
    }
    return vaddr >= w.io.iomem() && vaddr - w.io.iomem() < w.io.size();
  }

  /** The accesses of an 8-byte load or store at {@code vaddr} all translate. */
  private static boolean translates(SweepWorld w, long vaddr, int size) {
    return w.cpu.translate(vaddr) != -1 && w.cpu.translate(vaddr + size - 1) != -1;
  }

  private static boolean range(long off, long len, long size) {
    return off >= 0 && len >= 0 && off <= size - len;
  }

  private static boolean arrayRange(Object array, int off, int len) {
    return array != null && off >= 0 && len >= 0 && off <= ((byte[]) array).length - len;
  }

  /** The table. */
  static List<SweepSpec> all() {
    List<SweepSpec> t = new ArrayList<>();
    cpu(t);
    machine(t);
    taskAndHelpers(t);
    values(t);
    return t;
  }

  private static void cpu(List<SweepSpec> t) {
    t.add(spec("Cpu.id()").everywhere().call((w, a) -> w.cpu.id()));
    t.add(spec("Cpu.current()").everywhere().call((w, a) -> w.cpu.current()));
    t.add(spec("Cpu.context()").everywhere().call((w, a) -> w.cpu.context()));
    t.add(spec("Cpu.irqsDisabled()").everywhere().call((w, a) -> w.cpu.irqsDisabled()));
    t.add(spec("Cpu.helpers()").everywhere().call((w, a) -> w.cpu.helpers()));
    t.add(spec("Cpu.kmapLocalPage(Page)").everywhere().args(page("page", 3))
        .legal((w, a) -> room(w, pfn(a[0]))).call((w, a) -> w.cpu.kmapLocalPage((Page) a[0])));
    t.add(spec("Cpu.kmapLocalPageProt(Page,long)").everywhere().args(page("page", 3), prot())
        .legal((w, a) -> room(w, pfn(a[0])))
        .call((w, a) -> w.cpu.kmapLocalPageProt((Page) a[0], (long) a[1])));
    t.add(spec("Cpu.kmapLocalPfn(long)").everywhere().args(rawPfn())
        .legal((w, a) -> w.freeSlots() > 0).call((w, a) -> w.cpu.kmapLocalPfn((long) a[0])));
    t.add(spec("Cpu.kmapAtomic(Page)").everywhere().args(page("page", 3))
        .legal((w, a) -> room(w, pfn(a[0]))).call((w, a) -> w.cpu.kmapAtomic((Page) a[0])));
    t.add(spec("Cpu.kmapAtomicProt(Page,long)").everywhere().args(page("page", 3), prot())
        .legal((w, a) -> room(w, pfn(a[0])))
        .call((w, a) -> w.cpu.kmapAtomicProt((Page) a[0], (long) a[1])));
    t.add(spec("Cpu.kmapAtomicPfn(long)").everywhere().args(rawPfn())
        .legal((w, a) -> w.freeSlots() > 0).call((w, a) -> w.cpu.kmapAtomicPfn((long) a[0])));
    t.add(spec("Cpu.kunmapLocal(long)").in(MAPPED).everywhere().args(unmapAddress())
        .legal((w, a) -> unmapLegal(w, (long) a[0]))
        .call((w, a) -> run(() -> w.cpu.kunmapLocal((long) a[0]))));
    t.add(spec("Cpu.kunmapAtomic(long)").in(ATOMIC).everywhere().args(unmapAddress())
        .legal((w, a) -> atomicOutstanding(w) && unmapLegal(w, (long) a[0]))
        .call((w, a) -> run(() -> w.cpu.kunmapAtomic((long) a[0]))));
    // with every entry in use, t sleeps (PKMAP_FULL: legal, the result is Sleeping); it may not
    // with preemption off, when nobody could wake it, or when the idle task runs
    t.add(spec("Cpu.kmap(Page)").everywhere().args(page("page", 3))
        .legal((w, a) -> pfn(a[0]) < w.m.maxLowPfn() || w.state != PKMAP_FULL_ATOMIC
            && w.state != PKMAP_DEADLOCK && w.state != KMAP_SLEEPING)
        .call((w, a) -> w.cpu.kmap((Page) a[0])));
    t.add(spec("Cpu.kunmap(Page)").in(MAPPED).everywhere().args(page("page", 2))
        .legal((w, a) -> pfn(a[0]) < w.m.maxLowPfn() || w.state == MAPPED && a[0] == w.high[2])
        .call((w, a) -> run(() -> w.cpu.kunmap((Page) a[0]))));
    t.add(spec("Cpu.sleep()").everywhere()
        .legal((w, a) -> PREEMPTIBLE.contains(w.state) && !IDLE_RUNS.contains(w.state))
        .call((w, a) -> run(w.cpu::sleep)));
    t.add(spec("Cpu.kmapFlushUnused()").everywhere().call((w, a) -> run(w.cpu::kmapFlushUnused)));
    t.add(spec("Cpu.ioMappingMapLocalWc(IoMapping,long)").everywhere().args(io(), ioOffset())
        .legal((w, a) -> !w.atomicIomap() || w.freeSlots() > 0)
        .call((w, a) -> w.cpu.ioMappingMapLocalWc((IoMapping) a[0], (long) a[1])));
    t.add(spec("Cpu.ioMappingMapAtomicWc(IoMapping,long)").everywhere().args(io(), ioOffset())
        .legal((w, a) -> !w.atomicIomap() || w.freeSlots() > 0)
        .call((w, a) -> w.cpu.ioMappingMapAtomicWc((IoMapping) a[0], (long) a[1])));
    t.add(spec("Cpu.ioMappingUnmapLocal(long)").in(IO_LOCAL).everywhere().args(ioAddress())
        .legal((w, a) -> ioUnmapLegal(w, (long) a[0]))
        .call((w, a) -> run(() -> w.cpu.ioMappingUnmapLocal((long) a[0]))));
    t.add(spec("Cpu.ioMappingUnmapAtomic(long)").in(IO_ATOMIC).everywhere().args(ioAddress())
        .legal((w, a) -> atomicOutstanding(w) && ioUnmapLegal(w, (long) a[0]))
        .call((w, a) -> run(() -> w.cpu.ioMappingUnmapAtomic((long) a[0]))));
    t.add(spec("Cpu.readByte(long)").in(MAPPED).everywhere().args(accessAddress())
        .legal((w, a) -> translates(w, (long) a[0], 1))
        .call((w, a) -> w.cpu.readByte((long) a[0])));
    t.add(spec("Cpu.writeByte(long,byte)").in(MAPPED).everywhere().args(accessAddress(),
        anyByte()).legal((w, a) -> translates(w, (long) a[0], 1))
        .call((w, a) -> run(() -> w.cpu.writeByte((long) a[0], (byte) a[1]))));
    t.add(spec("Cpu.readLong(long)").in(MAPPED).everywhere().args(accessAddress())
        .legal((w, a) -> translates(w, (long) a[0], 8))
        .call((w, a) -> w.cpu.readLong((long) a[0])));
    t.add(spec("Cpu.writeLong(long,long)").in(MAPPED).everywhere().args(accessAddress(),
        anyLong("value")).legal((w, a) -> translates(w, (long) a[0], 8))
        .call((w, a) -> run(() -> w.cpu.writeLong((long) a[0], (long) a[1]))));
    t.add(spec("Cpu.translate(long)").in(MAPPED).everywhere().args(accessAddress())
        .call((w, a) -> w.cpu.translate((long) a[0])));
    t.add(spec("Cpu.tlbHolds(long)").in(MAPPED).everywhere().args(accessAddress())
        .call((w, a) -> w.cpu.tlbHolds((long) a[0])));
    t.add(spec("Cpu.irqEnter()").everywhere().legal((w, a) -> !w.irqsOff())
        .call((w, a) -> run(w.cpu::irqEnter)));
    t.add(spec("Cpu.irqExit()").in(HARDIRQ).everywhere()
        .legal((w, a) -> w.state == HARDIRQ || w.state == PREEMPT_OFF_HARDIRQ)
        .call((w, a) -> run(w.cpu::irqExit)));
    t.add(spec("Cpu.softirqEnter()").everywhere()
        .legal((w, a) -> !w.irqsOff() && w.state != SOFTIRQ)
        .call((w, a) -> run(w.cpu::softirqEnter)));
    t.add(spec("Cpu.softirqExit()").in(SOFTIRQ).everywhere().legal((w, a) -> w.state == SOFTIRQ)
        .call((w, a) -> run(w.cpu::softirqExit)));
    t.add(spec("Cpu.nmiEnter()").everywhere().legal((w, a) -> w.state != NMI)
        .call((w, a) -> run(w.cpu::nmiEnter)));
    t.add(spec("Cpu.nmiExit()").in(NMI).everywhere().legal((w, a) -> w.state == NMI)
        .call((w, a) -> run(w.cpu::nmiExit)));
    t.add(spec("Cpu.localIrqDisable()").everywhere().call((w, a) -> run(w.cpu::localIrqDisable)));
    t.add(spec("Cpu.localIrqEnable()").everywhere().legal((w, a) -> w.state != NMI)
        .call((w, a) -> run(w.cpu::localIrqEnable)));
    t.add(spec("Cpu.preemptDisable()").everywhere().call((w, a) -> run(w.cpu::preemptDisable)));
    t.add(spec("Cpu.preemptEnable()").in(PREEMPT_OFF).everywhere()
        .legal((w, a) -> EnumSet.of(PREEMPT_OFF, ATOMIC, IO_ATOMIC, PKMAP_FULL_ATOMIC)
            .contains(w.state))
        .call((w, a) -> run(w.cpu::preemptEnable)));
    t.add(spec("Cpu.pagefaultDisable()").everywhere().call((w, a) -> run(w.cpu::pagefaultDisable)));
    t.add(spec("Cpu.pagefaultEnable()").in(ATOMIC).everywhere()
        .legal((w, a) -> atomicOutstanding(w)).call((w, a) -> run(w.cpu::pagefaultEnable)));
    t.add(spec("Cpu.migrateDisable()").everywhere().call((w, a) -> run(w.cpu::migrateDisable)));
    t.add(spec("Cpu.migrateEnable()").in(MAPPED).everywhere()
        .legal((w, a) -> w.t.migrationDisabled() > 0 && !w.inInterrupt()
            && !IDLE_RUNS.contains(w.state))
        .call((w, a) -> run(w.cpu::migrateEnable)));
    checkerCalls(t);
  }

  /** A per-CPU variable's, a lock's or a mutex's name. */
  private static Role symbol(String name) {
    return role(name, w -> List.of(ok("a name", "v"), bad("null", null), bad("blank", " ")));
  }

  private static final Set<State> PREEMPT_OFF_STATES =
      EnumSet.of(PREEMPT_OFF, ATOMIC, IO_ATOMIC, PKMAP_FULL_ATOMIC);

  /** The checker's calls: call sites, return to user space, per-CPU data, locks. */
  private static void checkerCalls(List<SweepSpec> t) {
    t.add(spec("Cpu.callSite(String,int,String)").everywhere()
        .args(role("file", w -> List.of(ok("a file", "f.ksim"), ok("null", null))),
            intValues("line", 1, 0), role("name", w -> List.of(ok("a name", "a"),
                ok("null", null))))
        .call((w, a) -> run(() -> w.cpu.callSite((String) a[0], (int) a[1], (String) a[2]))));
    t.add(spec("Cpu.returnToUser()").in(MAPPED).everywhere()
        .legal((w, a) -> !w.inInterrupt() && !IDLE_RUNS.contains(w.state))
        .call((w, a) -> run(w.cpu::returnToUser)));
    t.add(spec("Cpu.thisCpuPtr(String)").everywhere().args(symbol("var"))
        .call((w, a) -> w.cpu.thisCpuPtr((String) a[0])));
    t.add(spec("Cpu.getCpuPtr(String)").everywhere().args(symbol("var"))
        .call((w, a) -> w.cpu.getCpuPtr((String) a[0])));
    t.add(spec("Cpu.putCpuPtr(String)").in(PREEMPT_OFF).everywhere().args(symbol("var"))
        .legal((w, a) -> PREEMPT_OFF_STATES.contains(w.state))
        .call((w, a) -> run(() -> w.cpu.putCpuPtr((String) a[0]))));
    t.add(spec("Cpu.thisCpuRead(String)").everywhere().args(symbol("var"))
        .call((w, a) -> w.cpu.thisCpuRead((String) a[0])));
    t.add(spec("Cpu.thisCpuWrite(String,long)").everywhere().args(symbol("var"),
        anyLong("value")).call((w, a) -> run(() -> w.cpu.thisCpuWrite((String) a[0],
            (long) a[1]))));
    t.add(spec("Cpu.localLock(String)").everywhere().args(symbol("lock"))
        .call((w, a) -> run(() -> w.cpu.localLock((String) a[0]))));
    t.add(spec("Cpu.localUnlock(String)").in(PREEMPT_OFF).everywhere().args(symbol("lock"))
        .legal((w, a) -> PREEMPT_OFF_STATES.contains(w.state))
        .call((w, a) -> run(() -> w.cpu.localUnlock((String) a[0]))));
    t.add(spec("Cpu.mightSleep()").everywhere().call((w, a) -> run(w.cpu::mightSleep)));
    t.add(spec("Cpu.mutexLock(String)").everywhere().args(symbol("mutex"))
        .call((w, a) -> run(() -> w.cpu.mutexLock((String) a[0]))));
    t.add(spec("Cpu.mutexUnlock(String)").everywhere().args(symbol("mutex"))
        .call((w, a) -> run(() -> w.cpu.mutexUnlock((String) a[0]))));
    t.add(spec("Machine.reportLeaks()").everywhere().call((w, a) -> w.m.reportLeaks()));
    userCalls(t);
    vocabularyCalls(t);
  }

  /** kmap_high_get/kunmap_high: a highmem page on an ARCH_NEEDS_KMAP_HIGH_GET variant. */
  private static boolean highGetPage(SweepWorld w, Object page) {
    return w.m.arch().hooks().needsKmapHighGet() && pfn(page) >= w.m.maxLowPfn();
  }

  /** kunmap_high's BUG_ONs pass: the page has a pkmap entry in use (pkmap_count >= 2). */
  private static boolean pkmapInUse(SweepWorld w, Object page) {
    long addr = w.m.pageAddress((Page) page);
    long base = w.m.layout().pkmapBase();
    if (addr < base || addr >= base + w.m.layout().lastPkmap() * w.pageSize) {
      return false;
    }
    return w.m.pkmapCount((int) ((addr - base) / w.pageSize)) >= 2;
  }

  /** kmap_high_get, kunmap_high, flush_dcache_page, memcpy, __this_cpu_read/write. */
  private static void vocabularyCalls(List<SweepSpec> t) {
    t.add(spec("Cpu.kmapHighGet(Page)").in(MAPPED).everywhere().args(page("page", 2))
        .legal((w, a) -> highGetPage(w, a[0])).call((w, a) -> w.cpu.kmapHighGet((Page) a[0])));
    t.add(spec("Cpu.kunmapHigh(Page)").in(MAPPED).everywhere().args(page("page", 2))
        .legal((w, a) -> highGetPage(w, a[0]) && pkmapInUse(w, a[0]))
        .call((w, a) -> run(() -> w.cpu.kunmapHigh((Page) a[0]))));
    t.add(spec("Cpu.flushDcachePage(Page)").in(MAPPED).everywhere().args(page("page", 2))
        .call((w, a) -> run(() -> w.cpu.flushDcachePage((Page) a[0]))));
    t.add(spec("Cpu.memcpy(long,long,long)").in(MAPPED).everywhere()
        .args(accessAddress(), accessAddress(), userLength())
        .legal((w, a) -> kernelRange(w, (long) a[0], (long) a[2])
            && kernelRange(w, (long) a[1], (long) a[2]))
        .call((w, a) -> run(() -> w.cpu.memcpy((long) a[0], (long) a[1], (long) a[2]))));
    t.add(spec("Cpu.rawThisCpuRead(String)").everywhere().args(symbol("var"))
        .call((w, a) -> w.cpu.rawThisCpuRead((String) a[0])));
    t.add(spec("Cpu.rawThisCpuWrite(String,long)").everywhere().args(symbol("var"),
        anyLong("value")).call((w, a) -> run(() -> w.cpu.rawThisCpuWrite((String) a[0],
            (long) a[1]))));
  }

  /** The model's TASK_SIZE: the lowest kernel mapping (PKMAP_BASE lies below PAGE_OFFSET on ARM). */
  private static long taskSize(SweepWorld w) {
    return Math.min(w.m.layout().pageOffset(), w.m.layout().pkmapBase());
  }

  /** User addresses: inside TASK_SIZE (PAGE_OFFSET here) or not, aligned or not, overflowing. */
  private static Role userAddress() {
    return role("uaddr", w -> {
      long top = taskSize(w);
      return List.of(ok("0x10000000", 0x10000000L), ok("0x10000001", 0x10000001L), ok("0", 0L),
          ok("TASK_SIZE - PAGE_SIZE", top - w.pageSize), ok("TASK_SIZE", top), ok("-1", -1L),
          ok("Long.MAX_VALUE", Long.MAX_VALUE));
    });
  }

  private static Role userLength() {
    return role("len", w -> List.of(ok("16", 16L), ok("0", 0L), ok("PAGE_SIZE", w.pageSize),
        ok("2 * PAGE_SIZE + 1", 2 * w.pageSize + 1), ok("1 << 24", 1L << 24),
        ok("(1 << 24) + 1", (1L << 24) + 1), ok("-1", -1L), ok("Long.MAX_VALUE", Long.MAX_VALUE)));
  }

  /** A user range {@code mmap()} takes: page-aligned, not empty, below TASK_SIZE. */
  private static boolean mmapRange(SweepWorld w, long uaddr, long len) {
    long top = taskSize(w);
    return (uaddr & (w.pageSize - 1)) == 0 && len > 0 && len <= 1L << 24 && uaddr >= 0
        && uaddr <= top - len;
  }

  /** The kernel side of a user copy: a kernel address whose every page translates. */
  private static boolean kernelRange(SweepWorld w, long kaddr, long len) {
    if (len < 0 || len > 1L << 24) {
      return false;
    }
    if (len == 0) {
      return true;
    }
    if (kaddr < taskSize(w) || kaddr > (1L << 32) - len) {
      return false;
    }
    for (long p = kaddr & -w.pageSize; p < kaddr + len; p += w.pageSize) {
      if (w.cpu.translate(Math.max(p, kaddr)) == -1) {
        return false;
      }
    }
    return true;
  }

  /** User memory and user copies (the fresh world's tasks have no user pages). */
  private static void userCalls(List<SweepSpec> t) {
    t.add(spec("Cpu.mmapUser(long,long)").everywhere().args(userAddress(), userLength())
        .legal((w, a) -> !IDLE_RUNS.contains(w.state) && mmapRange(w, (long) a[0], (long) a[1]))
        .call((w, a) -> run(() -> w.cpu.mmapUser((long) a[0], (long) a[1]))));
    t.add(spec("Cpu.madvPageout(long,long)").everywhere().args(userAddress(), userLength())
        .legal((w, a) -> false) // no VMA yet: -ENOMEM
        .call((w, a) -> run(() -> w.cpu.madvPageout((long) a[0], (long) a[1]))));
    t.add(spec("Cpu.faultInReadable(long,long)").everywhere().args(userAddress(), userLength())
        .legal((w, a) -> (long) a[1] >= 0 && (long) a[1] <= 1L << 24)
        .call((w, a) -> w.cpu.faultInReadable((long) a[0], (long) a[1])));
    t.add(spec("Cpu.userPagePresent(long)").everywhere().args(userAddress())
        .call((w, a) -> w.cpu.userPagePresent((long) a[0])));
    t.add(spec("Cpu.mightFault()").everywhere().call((w, a) -> run(w.cpu::mightFault)));
    t.add(spec("Cpu.copyToUser(long,long,long)").in(MAPPED).everywhere()
        .args(userAddress(), accessAddress(), userLength())
        .legal((w, a) -> kernelRange(w, (long) a[1], (long) a[2]))
        .call((w, a) -> w.cpu.copyToUser((long) a[0], (long) a[1], (long) a[2])));
    t.add(spec("Cpu.copyFromUser(long,long,long)").in(MAPPED).everywhere()
        .args(accessAddress(), userAddress(), userLength())
        .legal((w, a) -> kernelRange(w, (long) a[0], (long) a[2]))
        .call((w, a) -> w.cpu.copyFromUser((long) a[0], (long) a[1], (long) a[2])));
    t.add(spec("Cpu.copyToUserInatomic(long,long,long)").in(ATOMIC).everywhere()
        .args(userAddress(), accessAddress(), userLength())
        .legal((w, a) -> kernelRange(w, (long) a[1], (long) a[2]))
        .call((w, a) -> w.cpu.copyToUserInatomic((long) a[0], (long) a[1], (long) a[2])));
    t.add(spec("Cpu.copyFromUserInatomic(long,long,long)").in(ATOMIC).everywhere()
        .args(accessAddress(), userAddress(), userLength())
        .legal((w, a) -> kernelRange(w, (long) a[0], (long) a[2]))
        .call((w, a) -> w.cpu.copyFromUserInatomic((long) a[0], (long) a[1], (long) a[2])));
  }

  private static Role ioAddress() {
    return role("vaddr", w -> {
      long top = w.top != 0 ? w.top : w.io.iomem() != 0 ? w.io.iomem()
          : Variants.slotAddress(w.m, 0, 0, 0);
      return List.of(ok("the io map", top), ok("inside the io map", top + 8),
          ok("a lowmem address", w.lowmemAddress()), ok("a never-mapped slot", w.unmappedSlot()),
          ok("0", 0L), bad("-1", -1L), bad("1 << 32", 1L << 32));
    });
  }

  private static void machine(List<SweepSpec> t) {
    for (String getter : List.of("config", "arch", "layout", "pageSize", "nrCpus", "maxLowPfn",
        "maxPfn", "tasks", "diagnostics", "counters", "checkInvariants", "snapshot")) {
      t.add(spec("Machine." + getter + "()").everywhere().call((w, a) ->
          Machine.class.getMethod(getter).invoke(w.m)));
    }
    t.add(spec("Machine.cpu(int)").args(cpuId()).call((w, a) -> w.m.cpu((int) a[0])));
    t.add(spec("Machine.page(long)").args(pagePfn()).call((w, a) -> w.m.page((long) a[0])));
    t.add(spec("Machine.isHighMem(Page)").args(page("page", 3))
        .call((w, a) -> w.m.isHighMem((Page) a[0])));
    t.add(spec("Machine.lowmemAddress(Page)").args(page("page", 3))
        .legal((w, a) -> pfn(a[0]) < w.m.maxLowPfn())
        .call((w, a) -> w.m.lowmemAddress((Page) a[0])));
    t.add(spec("Machine.pageAddress(Page)").in(MAPPED).args(page("page", 2))
        .call((w, a) -> w.m.pageAddress((Page) a[0])));
    t.add(spec("Machine.folio(long,int)").args(
        role("pfn", w -> List.of(ok("an aligned pfn", w.bigFolioPfn < 0 ? 0L : w.bigFolioPfn),
            ok("an aligned pfn + 1", (w.bigFolioPfn < 0 ? 0L : w.bigFolioPfn) + 1),
            ok("max_pfn - 4", w.m.maxPfn() - 4), ok("max_pfn - 2", w.m.maxPfn() - 2),
            ok("-1", -1L), ok("Long.MAX_VALUE", Long.MAX_VALUE),
            ok("Long.MIN_VALUE", Long.MIN_VALUE))),
        intValues("order", 2, 0, 10, 11, 31, 63, 64))
        .legal((w, a) -> {
          long p = (long) a[0];
          int order = (int) a[1];
          return order >= 0 && order <= Folio.MAX_PAGE_ORDER && p >= 0
              && (p & ((1L << order) - 1)) == 0 && p <= w.m.maxPfn() - (1L << order);
        }).call((w, a) -> w.m.folio((long) a[0], (int) a[1])));
    t.add(spec("Machine.ioMappingCreateWc(long,long)").everywhere().args(
        role("base", w -> List.of(ok("max_pfn's address", w.m.maxPfn() * w.pageSize),
            ok("0", 0L), ok("1", 1L), ok("-1", -1L), ok("the end of what a PTE holds",
                w.m.arch().pteCodec().maxPfn() * w.pageSize), ok("Long.MAX_VALUE",
                Long.MAX_VALUE))),
        role("size", w -> List.of(ok("a page", w.pageSize), ok("1", 1L), ok("0", 0L),
            ok("-1", -1L), ok("16 MiB", 16L << 20), ok("Long.MAX_VALUE", Long.MAX_VALUE))))
        .legal((w, a) -> {
          long base = (long) a[0];
          long size = (long) a[1];
          long max = w.m.arch().pteCodec().maxPfn();
          if (base < 0 || size <= 0 || base % w.pageSize != 0) {
            return false;
          }
          long pages = (size - 1) / w.pageSize + 1;
          return pages <= max - base / w.pageSize
              && (w.atomicIomap() || pages + 1 <= ioremapRoom(w));
        }).call((w, a) -> w.m.ioMappingCreateWc((long) a[0], (long) a[1])));
    t.add(spec("Machine.ioMappingFree(IoMapping)").everywhere().args(io())
        .call((w, a) -> run(() -> w.m.ioMappingFree((IoMapping) a[0]))));
    t.add(spec("Machine.pkmapCount(int)").args(role("nr", w -> List.of(ok("0", 0),
        ok("LAST_PKMAP - 1", w.m.layout().lastPkmap() - 1), bad("-1", -1),
        bad("LAST_PKMAP", w.m.layout().lastPkmap()), bad("Integer.MIN_VALUE", Integer.MIN_VALUE),
        bad("Integer.MAX_VALUE", Integer.MAX_VALUE))))
        .call((w, a) -> w.m.pkmapCount((int) a[0])));
    t.add(spec("Machine.createTask(String,int)").args(newName(), cpuId())
        .call((w, a) -> w.m.createTask((String) a[0], (int) a[1])));
    t.add(spec("Machine.task(String)").args(role("name", w -> List.of(ok("t", "t"),
        ok("swapper/0", "swapper/0"), bad("unknown", "nosuch"), bad("null", null),
        bad("empty", "")))).call((w, a) -> w.m.task((String) a[0])));
    t.add(spec("Machine.fork(Task,String)").everywhere().args(task("parent", "t"), newName())
        .legal((w, a) -> a[0] != w.d).call((w, a) -> w.m.fork((Task) a[0], (String) a[1])));
    t.add(spec("Machine.exit(Task)").everywhere().args(task("task", "r"))
        .legal((w, a) -> a[0] != w.d && a[0] != w.idle
            && !(a[0] == w.t && w.t.state() == Task.State.RUNNING && w.inInterrupt()))
        .call((w, a) -> run(() -> w.m.exit((Task) a[0]))));
    t.add(spec("Machine.schedule(int,Task)").everywhere().args(cpuId(), task("next", "r"))
        .legal((w, a) -> {
          int c = (int) a[0];
          Task next = (Task) a[1];
          if (c != 0) {
            // another CPU: its idle task runs, preemptible; the task must be runnable there
            return next == w.r || next == w.t && w.state == IDLE;
          }
          // t asleep in kmap() is not runnable: only a kunmap() or a wake-up makes it so
          return PREEMPTIBLE.contains(w.state) && next != w.s && next != w.d
              && !(next == w.t && w.state == KMAP_SLEEPING);
        }).call((w, a) -> run(() -> w.m.schedule((int) a[0], (Task) a[1]))));
    t.add(spec("Machine.wakeUpProcess(Task)").everywhere().args(task("task", "s"))
        .call((w, a) -> w.m.wakeUpProcess((Task) a[0])));
    t.add(spec("Machine.migrate(Task,int)").everywhere().args(task("task", "r"), cpuId())
        .legal((w, a) -> {
          Task task = (Task) a[0];
          int c = (int) a[1];
          if (task == w.d || task.state() == Task.State.RUNNING) {
            return false;
          }
          return task.cpu() == c || task != w.idle && task.migrationDisabled() == 0;
        }).call((w, a) -> run(() -> w.m.migrate((Task) a[0], (int) a[1]))));
    t.add(spec("Machine.readPhysical(long)").args(role("physicalAddress", w -> {
      long end = w.m.arch().pteCodec().maxPfn() * w.pageSize;
      return List.of(ok("0", 0L), ok("the last byte of RAM", w.m.maxPfn() * w.pageSize - 1),
          ok("the last physical address", end - 1), bad("-1", -1L), bad("one past it", end),
          bad("Long.MAX_VALUE", Long.MAX_VALUE));
    })).call((w, a) -> w.m.readPhysical((long) a[0])));
    t.add(spec("Machine.kernelPte(long)").in(MAPPED).args(accessAddress())
        .call((w, a) -> w.m.kernelPte((long) a[0])));
    t.add(spec("Machine.addListener(KmapListener)").args(role("listener", w -> List.of(
        ok("a listener", new KmapListener() { }), bad("null", null))))
        .call((w, a) -> {
          w.m.addListener((KmapListener) a[0]);
          w.m.removeListener((KmapListener) a[0]);
          return null;
        }));
    t.add(spec("Machine.removeListener(KmapListener)").args(role("listener", w -> List.of(
        ok("a listener never added", new KmapListener() { }), bad("null", null))))
        .call((w, a) -> run(() -> w.m.removeListener((KmapListener) a[0]))));
    t.add(spec("Machine.restore(MachineSnapshot)").args(role("snapshot", w -> List.of(
        ok("its own snapshot", w.reset()), bad("null", null),
        bad("another machine's snapshot", w.otherSnapshot))))
        .call((w, a) -> run(() -> w.m.restore((MachineSnapshot) a[0]))));
    t.add(spec("MachineSnapshot.diff(MachineSnapshot)").args(role("other", w -> List.of(
        ok("its own snapshot", w.reset()), ok("another machine's snapshot", w.otherSnapshot),
        bad("null", null)))).call((w, a) -> w.reset().diff((MachineSnapshot) a[0])));
  }

  /** Free pages left in the ioremap window after the world's two io_mappings and guards. */
  private static long ioremapRoom(SweepWorld w) {
    return (16L << 20) / w.pageSize - (4 + 1) - (1 + 1);
  }

  private static void taskAndHelpers(List<SweepSpec> t) {
    for (String getter : List.of("name", "pid", "cpu", "state", "preemptCount",
        "pagefaultDisabled", "migrationDisabled", "kmapIdx", "liveMaps", "kmapWaiting")) {
      t.add(spec("Task." + getter + "()").everywhere().call((w, a) ->
          Task.class.getMethod(getter).invoke(w.t)));
    }
    t.add(spec("Task.pteval(int)").in(MAPPED).args(role("slot", w -> List.of(ok("0", 0),
        ok("KM_MAX_IDX - 1", w.m.config().kmMaxIdx() - 1), bad("-1", -1),
        bad("KM_MAX_IDX", w.m.config().kmMaxIdx()), bad("Integer.MIN_VALUE", Integer.MIN_VALUE),
        bad("Integer.MAX_VALUE", Integer.MAX_VALUE))))
        .call((w, a) -> w.t.pteval((int) a[0])));

    t.add(spec("HighmemHelpers.memcpyPage(Page,int,Page,int,int)").everywhere()
        .args(page("dst", 3), offset("dstOff", 8), page("src", 4), offset("srcOff", 16),
            length("len"))
        .legal((w, a) -> range((int) a[1], (int) a[4], w.pageSize)
            && range((int) a[3], (int) a[4], w.pageSize) && slots(w, a[0], a[2]))
        .call((w, a) -> run(() -> w.cpu.helpers().memcpyPage((Page) a[0], (int) a[1],
            (Page) a[2], (int) a[3], (int) a[4]))));
    t.add(spec("HighmemHelpers.memcpyToPage(Page,int,byte[],int,int)").everywhere()
        .args(page("page", 3), offset("offset", 8), bytes("from"), offset("fromOff", 0),
            length("len"))
        .legal((w, a) -> range((int) a[1], (int) a[4], w.pageSize)
            && arrayRange(a[2], (int) a[3], (int) a[4]) && slots(w, a[0], null))
        .call((w, a) -> run(() -> w.cpu.helpers().memcpyToPage((Page) a[0], (int) a[1],
            (byte[]) a[2], (int) a[3], (int) a[4]))));
    t.add(spec("HighmemHelpers.memcpyFromPage(byte[],int,Page,int,int)").everywhere()
        .args(bytes("to"), offset("toOff", 0), page("page", 3), offset("offset", 8),
            length("len"))
        .legal((w, a) -> range((int) a[3], (int) a[4], w.pageSize)
            && arrayRange(a[0], (int) a[1], (int) a[4]) && slots(w, a[2], null))
        .call((w, a) -> run(() -> w.cpu.helpers().memcpyFromPage((byte[]) a[0], (int) a[1],
            (Page) a[2], (int) a[3], (int) a[4]))));
    t.add(spec("HighmemHelpers.memsetPage(Page,int,byte,int)").everywhere()
        .args(page("page", 3), offset("offset", 8), anyByte(), length("len"))
        .legal((w, a) -> range((int) a[1], (int) a[3], w.pageSize) && slots(w, a[0], null))
        .call((w, a) -> run(() -> w.cpu.helpers().memsetPage((Page) a[0], (int) a[1],
            (byte) a[2], (int) a[3]))));
    t.add(spec("HighmemHelpers.memzeroPage(Page,int,int)").everywhere()
        .args(page("page", 3), offset("offset", 8), length("len"))
        .legal((w, a) -> range((int) a[1], (int) a[2], w.pageSize) && slots(w, a[0], null))
        .call((w, a) -> run(() -> w.cpu.helpers().memzeroPage((Page) a[0], (int) a[1],
            (int) a[2]))));
    t.add(spec("HighmemHelpers.copyHighpage(Page,Page)").everywhere()
        .args(page("to", 3), page("from", 4)).legal((w, a) -> slots(w, a[0], a[1]))
        .call((w, a) -> run(() -> w.cpu.helpers().copyHighpage((Page) a[0], (Page) a[1]))));
    t.add(spec("HighmemHelpers.copyUserHighpage(Page,Page,long)").everywhere()
        .args(page("to", 3), page("from", 4), anyLong("vaddr"))
        .legal((w, a) -> slots(w, a[0], a[1]))
        .call((w, a) -> run(() -> w.cpu.helpers().copyUserHighpage((Page) a[0], (Page) a[1],
            (long) a[2]))));
    t.add(spec("HighmemHelpers.clearHighpage(Page)").everywhere().args(page("page", 3))
        .legal((w, a) -> slots(w, a[0], null))
        .call((w, a) -> run(() -> w.cpu.helpers().clearHighpage((Page) a[0]))));
    t.add(spec("HighmemHelpers.zeroUserSegments(Folio,int,int,int,int)").everywhere()
        .args(folio(), segment("start1", 8), segment("end1", 24), segment("start2", 100),
            segment("end2", 200))
        .legal((w, a) -> {
          long size = 4 * w.pageSize;
          return (int) a[1] >= 0 && (int) a[3] >= 0 && (int) a[2] <= size && (int) a[4] <= size
              && w.freeSlots() > 0;
        })
        .call((w, a) -> run(() -> w.cpu.helpers().zeroUserSegments((Folio) a[0], (int) a[1],
            (int) a[2], (int) a[3], (int) a[4]))));
    t.add(spec("HighmemHelpers.memcpyToFolio(Folio,long,byte[],int,int)").everywhere()
        .args(folio(), folioOffset("offset"), bytes("from"), offset("fromOff", 0),
            length("len"))
        .legal((w, a) -> range((long) a[1], (int) a[4], 4 * w.pageSize)
            && arrayRange(a[2], (int) a[3], (int) a[4]) && w.freeSlots() > 0)
        .call((w, a) -> run(() -> w.cpu.helpers().memcpyToFolio((Folio) a[0], (long) a[1],
            (byte[]) a[2], (int) a[3], (int) a[4]))));
    t.add(spec("HighmemHelpers.memcpyFromFolio(byte[],int,Folio,long,int)").everywhere()
        .args(bytes("to"), offset("toOff", 0), folio(), folioOffset("offset"), length("len"))
        .legal((w, a) -> range((long) a[3], (int) a[4], 4 * w.pageSize)
            && arrayRange(a[0], (int) a[1], (int) a[4]) && w.freeSlots() > 0)
        .call((w, a) -> run(() -> w.cpu.helpers().memcpyFromFolio((byte[]) a[0], (int) a[1],
            (Folio) a[2], (long) a[3], (int) a[4]))));
    t.add(spec("HighmemHelpers.kmapLocalFolio(Folio,long)").everywhere()
        .args(folio(), folioOffset("offset"))
        .legal((w, a) -> range((long) a[1], 1, 4 * w.pageSize) && w.freeSlots() > 0)
        .call((w, a) -> w.cpu.helpers().kmapLocalFolio((Folio) a[0], (long) a[1])));
  }

  /** The kmap stack has room for the maps of a helper on these pages ({@code b} may be null). */
  private static boolean slots(SweepWorld w, Object a, Object b) {
    int need = (w.pushes(pfn(a)) ? 1 : 0) + (b != null && w.pushes(pfn(b)) ? 1 : 0);
    return need <= w.freeSlots();
  }

  private static void values(List<SweepSpec> t) {
    t.add(spec("Page(Machine,long)").args(
        role("machine", w -> List.of(ok("its machine", w.m), bad("null", null))),
        role("pfn", w -> List.of(ok("0", 0L), ok("max_pfn - 1", w.m.maxPfn() - 1),
            bad("-1", -1L), bad("max_pfn", w.m.maxPfn()), bad("Long.MAX_VALUE", Long.MAX_VALUE))))
        .call((w, a) -> new Page((Machine) a[0], (long) a[1])));
    t.add(spec("Folio(Page,int)").args(
        role("head", w -> List.of(ok("an aligned page", w.folio.head()),
            ok("an unaligned page", w.m.page(w.folio.head().pfn() + 1)),
            ok("the last page", w.m.page(w.m.maxPfn() - 1)), bad("null", null))),
        intValues("order", 2, 0, 10, 11, 64))
        .legal((w, a) -> {
          long p = pfn(a[0]);
          int order = (int) a[1];
          return order >= 0 && order <= Folio.MAX_PAGE_ORDER && (p & ((1L << order) - 1)) == 0
              && p <= w.m.maxPfn() - (1L << order);
        }).call((w, a) -> new Folio((Page) a[0], (int) a[1])));
    t.add(spec("Folio.page(int)").args(intValues("n", 0, 3, 4))
        .legal((w, a) -> (int) a[0] >= 0 && (int) a[0] < 4)
        .call((w, a) -> w.folio.page((int) a[0])));
    t.add(spec("Folio.nrPages()").call((w, a) -> w.folio.nrPages()));
    t.add(spec("IoMapping(long,long,long,long)").args(
        role("base", w -> List.of(ok("0x10000000", 0x1000_0000L), ok("0", 0L), bad("-1", -1L))),
        role("size", w -> List.of(ok("4096", 4096L), bad("0", 0L), bad("-1", -1L))),
        anyLong("prot"),
        role("iomem", w -> List.of(ok("0", 0L), ok("0xf0000000", 0xf000_0000L),
            bad("-1", -1L))))
        .call((w, a) -> new IoMapping((long) a[0], (long) a[1], (long) a[2], (long) a[3])));
    t.add(spec("LiveMap(int,long,long,long)").args(
        role("slot", w -> List.of(ok("0", 0), bad("-1", -1))),
        role("vaddr", w -> List.of(ok("0xfffba000", 0xfffb_a000L), bad("-1", -1L))),
        role("pfn", w -> List.of(ok("0x40000", 0x40000L), bad("-1", -1L))),
        anyLong("pteval"))
        .call((w, a) -> new LiveMap((int) a[0], (long) a[1], (long) a[2], (long) a[3])));
    kmapResults(t);
    t.add(spec("MachineConfig(String,int,long,boolean,boolean,boolean)").args(
        role("arch", w -> List.of(ok("the variant", w.variant),
            ok("an unknown name (checked when a machine is built)", "nosuch"),
            bad("null", null), bad("empty", ""), bad("blank", " "))),
        role("cpus", w -> List.of(ok("1", 1), ok("Integer.MAX_VALUE", Integer.MAX_VALUE),
            bad("0", 0), bad("-1", -1), bad("Integer.MIN_VALUE", Integer.MIN_VALUE))),
        role("memoryBytes", w -> List.of(ok("2 GiB", 2L << 30), ok("1", 1L), bad("0", 0L),
            bad("-1", -1L), bad("Long.MIN_VALUE", Long.MIN_VALUE))),
        bool("debugKmapLocal"), bool("forceMap"), bool("dcacheAliases"))
        .call((w, a) -> new MachineConfig((String) a[0], (int) a[1], (long) a[2],
            (boolean) a[3], (boolean) a[4], (boolean) a[5])));
    t.add(spec("MachineConfig(String,int,long,boolean,boolean,boolean,boolean,boolean,"
        + "boolean)").args(
        role("arch", w -> List.of(ok("the variant", w.variant), bad("null", null),
            bad("blank", " "))),
        role("cpus", w -> List.of(ok("1", 1), bad("0", 0))),
        role("memoryBytes", w -> List.of(ok("2 GiB", 2L << 30), bad("0", 0L))),
        bool("debugKmapLocal"), bool("forceMap"), bool("dcacheAliases"), bool("preemptRt"),
        bool("checks"), bool("recordCallSites"))
        .call((w, a) -> new MachineConfig((String) a[0], (int) a[1], (long) a[2],
            (boolean) a[3], (boolean) a[4], (boolean) a[5], (boolean) a[6], (boolean) a[7],
            (boolean) a[8])));
    t.add(spec("MachineConfig.preset(String)").args(role("arch", w -> List.of(
        ok("the variant", w.variant), ok("an unknown name (checked when a machine is built)",
            "nosuch"), bad("null", null), bad("empty", ""))))
        .call((w, a) -> MachineConfig.preset((String) a[0])));
    t.add(spec("MachineConfig.toBuilder()").call((w, a) -> w.m.config().toBuilder()));
    t.add(spec("MachineConfig.kmMaxIdx()").call((w, a) -> w.m.config().kmMaxIdx()));
    t.add(spec("MachineConfig.kmIncr()").call((w, a) -> w.m.config().kmIncr()));
    for (String setter : List.of("arch", "cpus", "memoryBytes", "debugKmapLocal", "forceMap",
        "dcacheAliases", "preemptRt", "checks", "recordCallSites")) {
      t.add(builderSetter(setter));
    }
    t.add(spec("MachineConfig.Builder.build()").call((w, a) -> w.m.config().toBuilder().build()));
    t.add(spec("KmapSim.newMachine(MachineConfig)").args(role("config", SweepTable::configs))
        .call((w, a) -> KmapSim.newMachine((MachineConfig) a[0])));
    t.add(spec("KmapSim.newMachine(MachineConfig,ArchVariant)").args(
        role("config", w -> List.of(ok("the preset", w.m.config()), bad("null", null))),
        role("variant", w -> List.of(ok("the variant", w.m.arch()), bad("null", null))))
        .call((w, a) -> KmapSim.newMachine((MachineConfig) a[0], (ArchVariant) a[1])));
    t.add(spec("KmapSim.variant(String)").args(role("name", w -> List.of(ok("the variant",
        w.variant), bad("unknown", "nosuch"), bad("null", null), bad("empty", ""))))
        .call((w, a) -> KmapSim.variant((String) a[0])));
    t.add(spec("KmapSim.variantNames()").call((w, a) -> KmapSim.variantNames()));
  }

  /**
   * What kmap() returns: a Mapped result has an address, a Sleeping one has none until its task
   * runs again (asking is API misuse, a clear error); both check their fields.
   */
  private static void kmapResults(List<SweepSpec> t) {
    Role result = role("result", w -> List.of(
        ok("a Mapped result", new KmapResult.Mapped(w.lowmemAddress())),
        bad("a Sleeping result", new KmapResult.Sleeping(w.t, w.waited))));
    t.add(spec("KmapResult.vaddr()").args(result)
        .call((w, a) -> ((KmapResult) a[0]).vaddr()));
    t.add(spec("KmapResult.mapped()").args(role("result", w -> List.of(
        ok("a Mapped result", new KmapResult.Mapped(w.lowmemAddress())),
        ok("a Sleeping result", new KmapResult.Sleeping(w.t, w.waited)))))
        .call((w, a) -> ((KmapResult) a[0]).mapped()));
    t.add(spec("KmapResult.Mapped(long)").args(role("vaddr", w -> List.of(
        ok("a lowmem address", w.lowmemAddress()), ok("0", 0L), ok("1 << 32", 1L << 32),
        bad("-1", -1L), bad("Long.MIN_VALUE", Long.MIN_VALUE))))
        .call((w, a) -> new KmapResult.Mapped((long) a[0])));
    t.add(spec("KmapResult.Mapped.mapped()")
        .call((w, a) -> new KmapResult.Mapped(w.lowmemAddress()).mapped()));
    t.add(spec("KmapResult.Sleeping(Task,Page)").args(
        role("task", w -> List.of(ok("t", w.t), bad("null", null))),
        role("page", w -> List.of(ok("the page t waits for", w.waited), bad("null", null))))
        .call((w, a) -> new KmapResult.Sleeping((Task) a[0], (Page) a[1])));
    t.add(spec("KmapResult.Sleeping.vaddr()").in(KMAP_SLEEPING).legal((w, a) -> false)
        .call((w, a) -> new KmapResult.Sleeping(w.t, w.waited).vaddr()));
    t.add(spec("KmapResult.Sleeping.mapped()").in(KMAP_SLEEPING)
        .call((w, a) -> new KmapResult.Sleeping(w.t, w.waited).mapped()));
  }

  private static Role bool(String name) {
    return role(name, w -> List.of(ok("false", false), ok("true", true)));
  }

  /** A builder setter takes any value; build() checks them all (as the constructor does). */
  private static SweepSpec builderSetter(String setter) {
    return switch (setter) {
      case "arch" -> spec("MachineConfig.Builder.arch(String)").args(role("value", w -> List.of(
          ok("the variant", w.variant), ok("null", null))))
          .call((w, a) -> w.m.config().toBuilder().arch((String) a[0]));
      case "cpus" -> spec("MachineConfig.Builder.cpus(int)").args(intValues("value", 2, 0))
          .call((w, a) -> w.m.config().toBuilder().cpus((int) a[0]));
      case "memoryBytes" -> spec("MachineConfig.Builder.memoryBytes(long)")
          .args(anyLong("value")).call((w, a) -> w.m.config().toBuilder()
              .memoryBytes((long) a[0]));
      case "debugKmapLocal" -> spec("MachineConfig.Builder.debugKmapLocal(boolean)")
          .args(bool("value")).call((w, a) -> w.m.config().toBuilder()
              .debugKmapLocal((boolean) a[0]));
      case "forceMap" -> spec("MachineConfig.Builder.forceMap(boolean)").args(bool("value"))
          .call((w, a) -> w.m.config().toBuilder().forceMap((boolean) a[0]));
      case "preemptRt" -> spec("MachineConfig.Builder.preemptRt(boolean)").args(bool("value"))
          .call((w, a) -> w.m.config().toBuilder().preemptRt((boolean) a[0]));
      case "checks" -> spec("MachineConfig.Builder.checks(boolean)").args(bool("value"))
          .call((w, a) -> w.m.config().toBuilder().checks((boolean) a[0]));
      case "recordCallSites" -> spec("MachineConfig.Builder.recordCallSites(boolean)")
          .args(bool("value"))
          .call((w, a) -> w.m.config().toBuilder().recordCallSites((boolean) a[0]));
      default -> spec("MachineConfig.Builder.dcacheAliases(boolean)").args(bool("value"))
          .call((w, a) -> w.m.config().toBuilder().dcacheAliases((boolean) a[0]));
    };
  }

  /** Configurations of the variant: the ones it builds, and each way of not fitting it. */
  private static List<Arg> configs(SweepWorld w) {
    MachineConfig base = w.m.config();
    ArchVariant v = w.m.arch();
    long pageSize = w.pageSize;
    long addressable = v.pteCodec().maxPfn() * pageSize;
    List<Arg> c = new ArrayList<>();
    c.add(ok("the preset", base));
    c.add(ok("one page of memory", base.toBuilder().memoryBytes(pageSize).build()));
    c.add(ok("a page and a byte of memory", base.toBuilder().memoryBytes(pageSize + 1).build()));
    c.add(ok("one CPU with DEBUG_KMAP_LOCAL", base.toBuilder().cpus(1).debugKmapLocal(true)
        .build()));
    c.add(bad("null", null));
    c.add(bad("less than a page of memory", base.toBuilder().memoryBytes(pageSize - 1).build()));
    c.add(bad("Integer.MAX_VALUE CPUs", base.toBuilder().cpus(Integer.MAX_VALUE).build()));
    c.add(bad("one CPU more than NR_CPUS", base.toBuilder().cpus(v.maxCpus() + 1).build()));
    c.add(bad("more memory than a PTE addresses", base.toBuilder()
        .memoryBytes(addressable + pageSize).build()));
    c.add(bad("Long.MAX_VALUE bytes of memory", base.toBuilder().memoryBytes(Long.MAX_VALUE)
        .build()));
    c.add(bad("an aliasing D-cache", base.toBuilder().dcacheAliases(true).build()));
    c.add(bad("an unknown variant", base.toBuilder().arch("nosuch").build()));
    MachineConfig force = base.toBuilder().cpus(1).forceMap(true).build();
    c.add(v.supportsKmapLocalForceMap() ? ok("FORCE_MAP", force) : bad("FORCE_MAP", force));
    return c;
  }

  private static Object run(ThrowingRunnable r) throws Exception {
    r.run();
    return null;
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
