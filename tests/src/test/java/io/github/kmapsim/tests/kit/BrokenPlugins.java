// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteTable;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The catalogue of broken ports: each makes one porting mistake, names the rule that must name
 * it (with a phrase of that rule's message), and lists every rule it fails, no more and no
 * fewer. Every rule of the kit is the named rule of at least one port.
 */
final class BrokenPlugins {

  /**
   * A broken port.
   *
   * @param variant the port
   * @param rule the rule whose failure names the mistake
   * @param phrase what that failure's message says
   * @param fails every rule the port fails, {@code rule} among them
   */
  record Case(ArchVariant variant, String rule, String phrase, Set<String> fails) {
    @Override
    public String toString() {
      return variant.name();
    }
  }

  private BrokenPlugins() {}

  private static final String REGIONS = "required_layout_regions_disjoint";
  private static final String WINDOW = "required_layout_kmap_window_in_fixmap";
  private static final String PKMAP_TABLE = "required_layout_pkmap_in_one_pte_table";
  private static final String ROUND_TRIP = "required_layout_fix_round_trip";
  private static final String SLOTS = "required_layout_slots_distinct";
  private static final String PFN = "required_pte_pfn_round_trip";
  private static final String WIDTH = "required_pte_physical_width";
  private static final String NONE = "required_pte_none_of_empty";
  private static final String WRITABLE = "required_pte_page_kernel_present_writable";
  private static final String PERMISSIONS = "required_pte_kmap_prot_permissions";
  private static final String WC = "required_pte_writecombine_uncached";
  private static final String HIGH_GET = "required_hooks_high_get";
  private static final String PKMAP_COLOUR = "required_hooks_pkmap_colour";
  private static final String PER_CPU = "required_hooks_slots_per_cpu_disjoint";
  private static final String WHERE = "required_hooks_ptes_where_mapped";
  private static final String TRANSLATES = "required_hooks_map_translates";
  private static final String FLUSHES = "required_hooks_unmap_flushes_tlb";
  private static final String VIVT = "required_hooks_vivt_flushed_before_unmap";
  private static final String IDX = "required_hooks_map_unmap_idx_agree";
  private static final String COLOUR = "required_hooks_map_at_page_colour";
  private static final String WIDER = "optional_hooks_flush_not_wider_than_kernel";
  private static final String NESTING = "required_behaviour_nesting_limit";
  private static final String GUARDS = "required_behaviour_guard_slots_unmapped";
  private static final String SWITCH = "required_behaviour_context_switch";
  private static final String TWO = "required_behaviour_data_through_two_mappings";
  private static final String WRAP = "required_behaviour_pkmap_wrap";
  private static final String V_LAYOUT = "required_vectors_layout";
  private static final String V_PTE = "required_vectors_pte";
  private static final String V_TRACE = "required_vectors_hook_trace";

  private static Case layout(String real, String mistake, UnaryOperator<MemoryLayout> broken,
      String rule, String phrase, String... fails) {
    return new Case(new BrokenVariant(real, mistake, broken, null, null), rule, phrase,
        Set.of(fails));
  }

  private static Case codec(String real, String mistake, PteCodec broken, String rule,
      String phrase, String... fails) {
    return new Case(new BrokenVariant(real, mistake, null, broken, null), rule, phrase,
        Set.of(fails));
  }

  private static Case hooks(String real, String mistake, BrokenVariant.Hooks broken,
      String rule, String phrase, String... fails) {
    return new Case(new BrokenVariant(real, mistake, null, null, broken), rule, phrase,
        Set.of(fails));
  }

  static List<Case> all() {
    return List.of(
        // ---- layout
        layout("x86", "kmap-window-overlaps-pkmap", l -> new BrokenVariant.Layout(l) {
          @Override public long pkmapBase() {
            return r.fixToVirt(r.fixKmapEnd()) + r.pageSize() * 2;
          }
        }, REGIONS, "overlaps fixmap", PKMAP_TABLE, TWO, WRAP, V_LAYOUT),
        // xtensa's vmalloc area lies below PAGE_OFFSET; this one runs into lowmem
        layout("xtensa", "vmalloc-end-above-page-offset", l -> new BrokenVariant.Layout(l) {
          @Override public long vmallocEnd() {
            return 0xa8000000L;
          }
        }, REGIONS, "lowmem [0xa0000000, 0xc0000000) overlaps vmalloc"),
        layout("x86", "fixmap-direction-reversed", l -> new BrokenVariant.Layout(l) {
          @Override public long fixToVirt(int idx) {
            return r.fixaddrTop() + ((long) idx << r.pageShift());
          }
        }, WINDOW, "__fix_to_virt counts the wrong way",
            ROUND_TRIP, WHERE, TRANSLATES, FLUSHES, SWITCH, TWO, V_LAYOUT, V_TRACE),
        // FIXADDR_START from the kmap slots alone, forgetting the boot-time FIX_BTMAP slots below
        layout("powerpc-book3s32", "fixaddr-start-above-the-window",
            l -> new BrokenVariant.Layout(l) {
              @Override public long fixaddrStart() {
                return r.fixToVirt(r.fixKmapEnd()) + r.pageSize();
              }
            }, WINDOW, "it reaches below FIXADDR_START", V_LAYOUT),
        layout("microblaze", "pkmap-base-not-pmd-aligned", l -> new BrokenVariant.Layout(l) {
          @Override public long pkmapBase() {
            return r.pkmapBase() + r.pageSize();
          }
        }, PKMAP_TABLE, "spans 2 PTE tables", V_LAYOUT),
        layout("nds32", "virt-to-fix-off-by-one", l -> new BrokenVariant.Layout(l) {
          @Override public int virtToFix(long vaddr) {
            return r.virtToFix(vaddr) + 1;
          }
        }, ROUND_TRIP, "but virt_to_fix of it is"),
        layout("mips-16k", "16k-with-4k-arithmetic", l -> new BrokenVariant.Layout(l) {
          @Override public long fixToVirt(int idx) {
            return r.fixaddrTop() - ((long) idx << 12);
          }

          @Override public int virtToFix(long vaddr) {
            return (int) ((r.fixaddrTop() - (vaddr & -4096L)) >>> 12);
          }
        }, SLOTS, "is not aligned to PAGE_SIZE 0x4000",
            ROUND_TRIP, PER_CPU, WHERE, TRANSLATES, FLUSHES, IDX, NESTING, GUARDS, SWITCH, TWO,
            V_LAYOUT, V_TRACE),
        // FIX_KMAP_END with one CPU's slots too many: KM_MAX_IDX * (NR_CPUS + 1)
        layout("csky-ck860", "fix-kmap-end-one-cpu-too-many", l -> new BrokenVariant.Layout(l) {
          @Override public int fixKmapEnd() {
            return r.fixKmapEnd() + (r.fixKmapEnd() - r.fixKmapBegin() + 1) / 2;
          }
        }, SLOTS, "FIX_KMAP_END is", WINDOW, V_LAYOUT),

        // ---- PTE codec
        codec("x86-pae", "pfn-shift-off-by-one", new BrokenVariant.Codec("x86-pae") {
          @Override public long pfnPte(long pfn, long prot) {
            return r.pfnPte(pfn << 1, prot);
          }
        }, PFN, "but pte_pfn of it is",
            WIDTH, NONE, WRITABLE, PERMISSIONS, WC, TRANSLATES, WRAP, V_PTE),
        // arc-pae40 with a 32-bit pte_t: the physical address above 4 GiB is cut off
        codec("arc-pae40", "pte-truncated-to-32-bits", new BrokenVariant.Codec("arc-pae40") {
          @Override public long pfnPte(long pfn, long prot) {
            return r.pfnPte(pfn, prot) & 0xffff_ffffL;
          }
        }, PFN, "the physical address above 4 GiB was cut off", WIDTH, TRANSLATES, V_PTE),
        // e500's 64-bit pte_t declared with the 32-bit physical width of a 32-bit one
        codec("powerpc-e500", "max-pfn-of-32-bit-physical",
            new BrokenVariant.Codec("powerpc-e500") {
          @Override public long maxPfn() {
            return 1L << 20;
          }
        }, WIDTH, "the declared width is too small", V_PTE),
        codec("x86", "empty-pte-assumed-zero", new BrokenVariant.Codec("x86") {
          // an xtensa-like empty PTE, with pte_none still testing for 0
          @Override public long emptyPte() {
            return 0x1c;
          }

          @Override public boolean pteNone(long pte) {
            return pte == 0;
          }
        }, NONE, "pte_none(0x1c) of the empty PTE is false",
            PER_CPU, WHERE, TRANSLATES, FLUSHES, IDX, NESTING, GUARDS, SWITCH, TWO, WRAP, V_LAYOUT,
            V_PTE, V_TRACE),
        // csky's pte_clear() leaves _PAGE_GLOBAL in a kernel slot; pte_none must ignore it
        codec("csky", "pte-none-counts-global", new BrokenVariant.Codec("csky") {
          @Override public boolean pteNone(long pte) {
            return pte == 0;
          }
        }, NONE, "is not pte_none: pte_none must ignore what pte_clear leaves behind",
            IDX, GUARDS, SWITCH, TWO),
        // _PTE_NONE_MASK forgotten: pte_clear() keeps the high word of a 64-bit PTE
        codec("powerpc-e500", "pte-none-tests-the-high-word",
            new BrokenVariant.Codec("powerpc-e500") {
              @Override public boolean pteNone(long pte) {
                return pte == 0;
              }
            }, NONE, "which is not pte_none", IDX, GUARDS, SWITCH, TWO),
        codec("x86", "page-kernel-not-present", new BrokenVariant.Codec("x86") {
          @Override public long pageKernel() {
            return r.pageKernel() & ~1L;
          }

          @Override public long kmapProt() {
            return pageKernel();
          }
        }, WRITABLE, "is not present",
            PERMISSIONS, WC, WHERE, TRANSLATES, FLUSHES, SWITCH, TWO, WRAP, V_PTE),
        codec("arm", "page-kernel-read-only", new BrokenVariant.Codec("arm") {
          @Override public long pageKernel() {
            return r.pageKernel() | 1L << 7; // L_PTE_RDONLY: PAGE_KERNEL_RO by mistake
          }

          @Override public long kmapProt() {
            return pageKernel();
          }
        }, WRITABLE, "does not let the kernel store",
            PERMISSIONS, WC, TRANSLATES, FLUSHES, SWITCH, TWO, WRAP, V_PTE),
        // the MMU's write permission taken from pte_write(), the software _PAGE_WRITABLE
        // PAGE_KERNEL lacks, instead of the hardware's access-rights field
        codec("xtensa", "hardware-write-from-pte-write", new BrokenVariant.Codec("xtensa") {
          @Override public boolean hardwareWritable(long pte) {
            return r.pteWrite(pte);
          }
        }, WRITABLE, "hardwareWritable() is false; pte_write() is false",
            PERMISSIONS, TRANSLATES, FLUSHES, SWITCH, TWO, WRAP),
        // PAGE_KERNEL without _PAGE_GLOBAL: create_tlb() then grants the user the kernel's rights
        codec("arc", "page-kernel-not-global", new BrokenVariant.Codec("arc") {
          @Override public long pageKernel() {
            return r.pageKernel() & ~0x100L;
          }

          @Override public long kmapProt() {
            return pageKernel();
          }
        }, PERMISSIONS, "user mode can read a kernel mapping", V_PTE),
        codec("x86-pae", "page-kernel-without-nx", new BrokenVariant.Codec("x86-pae") {
          @Override public long pageKernel() {
            return r.pageKernel() & ~(1L << 63);
          }

          @Override public long kmapProt() {
            return pageKernel();
          }
        }, PERMISSIONS, "executable, where the port says its kernel's kmap_prot is not", V_PTE),
        codec("mips", "writecombine-keeps-cca-3", new BrokenVariant.Codec("mips") {
          @Override public long pgprotWritecombine(long prot) {
            return prot;
          }
        }, WC, "cacheable, so writes to the device sit in the cache"),

        // ---- hooks
        hooks("arm", "no-kmap-high-get", new BrokenVariant.Hooks("arm") {
          @Override public long highGet(HardwareServices hw, long pfn) {
            return 0;
          }
        }, HIGH_GET, "kmap_local makes a second mapping of a kmapped page", V_TRACE),
        // xtensa-c2 with mm/highmem.c's one pkmap scan: pages land on pkmap entries of any colour
        hooks("xtensa-c2", "one-pkmap-scan-for-every-colour", new BrokenVariant.Hooks("xtensa-c2") {
          @Override public int getPkmapColor(long pfn) {
            return 0;
          }

          @Override public int getNextPkmapNr(int[] last, int color, int lastPkmap) {
            last[0] = (last[0] + 1) & (lastPkmap - 1);
            return last[0];
          }

          @Override public boolean noMorePkmaps(int nr, int color) {
            return nr == 0;
          }

          @Override public int getPkmapEntriesCount(int color, int lastPkmap) {
            return lastPkmap;
          }

          @Override public int getPkmapWaitQueueHead(int color) {
            return 0;
          }
        }, PKMAP_COLOUR, "expected DCACHE_ALIAS(page_to_phys(page))", WRAP),
        hooks("x86", "per-cpu-stride-wrong", new BrokenVariant.Hooks("x86") {
          @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
            return idx + (hw.kmMaxIdx() - 1) * hw.smpProcessorId();
          }

          @Override public int unmapIdx(HardwareServices hw, int idx, long va) {
            return idx + (hw.kmMaxIdx() - 1) * hw.smpProcessorId();
          }
        }, PER_CPU, "wrong per-CPU stride", GUARDS, V_LAYOUT, V_TRACE),
        hooks("arm", "linear-ptes-on-non-linear-tables", new BrokenVariant.Hooks("arm") {
          @Override public boolean kmapPtesLinear() {
            return true;
          }
        }, WHERE, "the PTE was written somewhere else", IDX),
        // its own arch_kmap_local_set_pte, one page off
        hooks("x86", "kmap-set-pte-next-page", new BrokenVariant.Hooks("x86") {
          @Override public void setPte(PteCodec c, PteTable t, long va, long ptep, long pte) {
            c.setPte(t, ptep, pte + 0x1000);
          }
        }, TRANSLATES, "the slot maps another page", SWITCH, TWO),
        hooks("x86", "post-unmap-no-flush", new BrokenVariant.Hooks("x86") {
          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.flushLazyMmuMode();
          }
        }, FLUSHES, "post_unmap did not flush the TLB", SWITCH, TWO, V_TRACE),
        hooks("x86", "flushes-wrong-page", new BrokenVariant.Hooks("x86") {
          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.localFlushTlbKernelPage(va + 4096);
            hw.flushLazyMmuMode();
          }
        }, FLUSHES, "post_unmap did not flush the TLB", IDX, SWITCH, TWO, V_TRACE),
        hooks("x86-pae", "flushes-cpu0-not-local", new BrokenVariant.Hooks("x86-pae") {
          @Override public void postUnmap(HardwareServices hw, long va) {
            if (hw.smpProcessorId() == 0) {
              hw.localFlushTlbKernelPage(va);
            }
            hw.flushLazyMmuMode();
          }
        }, FLUSHES, "post_unmap did not flush the TLB", SWITCH, TWO, V_TRACE),
        // the flush in pre_unmap: ARMv7's walker loads the still present PTE again before the clear
        hooks("arm", "tlb-flush-before-pte-clear", new BrokenVariant.Hooks("arm") {
          @Override public void preUnmap(HardwareServices hw, long va) {
            hw.localFlushTlbKernelPage(va);
          }

          @Override public void postUnmap(HardwareServices hw, long va) {}
        }, FLUSHES, "in pre_unmap, holds only where no walker", IDX, GUARDS, SWITCH, TWO, V_TRACE),
        // flush_tlb_one() rounds down to the JTLB pair; this rounds up, to the next entry
        hooks("csky-ck860", "flushes-the-next-jtlb-pair", new BrokenVariant.Hooks("csky-ck860") {
          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.flushTlbKernelPageBroadcast((va + 8192L) & -8192L);
          }
        }, FLUSHES, "post_unmap did not flush the TLB", SWITCH, TWO, V_TRACE),
        hooks("microblaze", "post-unmap-no-flush", new BrokenVariant.Hooks("microblaze") {
          @Override public void postUnmap(HardwareServices hw, long va) {}
        }, FLUSHES, "post_unmap did not flush the TLB", SWITCH, TWO, V_TRACE),
        // nds32 without arch_kmap_local_pre_unmap: no TLB invalidation around the PTE clear
        hooks("nds32", "no-tlb-invalidate-before-clear", new BrokenVariant.Hooks("nds32") {
          @Override public void preUnmap(HardwareServices hw, long va) {}
        }, FLUSHES, "post_unmap did not flush the TLB", SWITCH, TWO, V_TRACE),
        hooks("arm-vivt", "vivt-not-flushed-before-unmap", new BrokenVariant.Hooks("arm-vivt") {
          @Override public void preUnmap(HardwareServices hw, long va) {}
        }, VIVT, "the VIVT D-cache was not flushed", SWITCH, TWO, V_TRACE),
        // the D-cache flush moved to post_unmap, after the TLB flush: nothing translates it then
        hooks("arm-vivt", "vivt-flushed-after-the-tlb", new BrokenVariant.Hooks("arm-vivt") {
          @Override public void preUnmap(HardwareServices hw, long va) {}

          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.localFlushTlbKernelPage(va);
            hw.flushDcacheArea(va, 4096);
          }
        }, VIVT, "not flushed while the slot still translated", SWITCH, TWO, V_TRACE),
        hooks("mips", "map-idx-off-by-one", new BrokenVariant.Hooks("mips") {
          @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
            return r.mapIdx(hw, idx, pfn) + 1;
          }
        }, IDX, "map_idx and unmap_idx disagree",
            PER_CPU, WHERE, TRANSLATES, FLUSHES, NESTING, GUARDS, SWITCH, TWO, V_LAYOUT, V_TRACE),
        new Case(new ColourVariant(true), COLOUR, "a D-cache alias of its lowmem line",
            Set.of(PER_CPU, WHERE, TRANSLATES, FLUSHES, IDX, NESTING, GUARDS, SWITCH, TWO)),
        // kmap_idx() with the colour added instead of DCACHE_N_COLORS - 1 - colour (the order of
        // the pre-1eb0616c2df5 bottom-up fixmap): a page lands on the other colour
        hooks("xtensa-c2", "kmap-idx-colour-reversed", new BrokenVariant.Hooks("xtensa-c2") {
          @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
            return r.mapIdx(hw, idx, pfn) ^ 1;
          }

          @Override public int unmapIdx(HardwareServices hw, int idx, long va) {
            return r.unmapIdx(hw, idx, va) ^ 1;
          }
        }, COLOUR, "a D-cache alias of its lowmem line",
            PER_CPU, WHERE, TRANSLATES, FLUSHES, IDX, NESTING, GUARDS, SWITCH, TWO, V_LAYOUT,
            V_TRACE),
        // flush_tlb_kernel_range where flush_tlb_one_kernel does: correct, but IPIs to every CPU
        hooks("x86", "post-unmap-flushes-every-cpu", new BrokenVariant.Hooks("x86") {
          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.flushTlbKernelRange(va, va + 4096);
            hw.flushLazyMmuMode();
          }
        }, WIDER, "IPI(s) more"),

        // ---- behaviour
        // FIX_KMAP_END = KM_MAX_IDX * NR_CPUS - 1 without xtensa's DCACHE_N_COLORS: half a window
        layout("xtensa-c2", "window-without-colours", l -> new BrokenVariant.Layout(l) {
          @Override public int fixKmapEnd() {
            return (r.fixKmapEnd() + 1) / 2 - 1;
          }
        }, NESTING, "failed before the limit",
            SLOTS, PER_CPU, WHERE, TRANSLATES, FLUSHES, IDX, COLOUR, GUARDS, SWITCH, TWO, V_LAYOUT),
        // map_idx that swaps each slot with its neighbour: DEBUG_KMAP_LOCAL maps on guard slots
        hooks("x86", "map-idx-swaps-guard-slots", new BrokenVariant.Hooks("x86") {
          @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
            return hw.kmapLocalCalcIdx(idx ^ 1);
          }

          @Override public int unmapIdx(HardwareServices hw, int idx, long va) {
            return hw.kmapLocalCalcIdx(idx ^ 1);
          }
        }, GUARDS, "landed on it", V_LAYOUT, V_TRACE),
        // set_pte_at (which sched_in and pkmap use, not kmap_local on powerpc) one page off
        codec("powerpc-book3s32", "set-pte-at-next-page",
            new BrokenVariant.Codec("powerpc-book3s32") {
              @Override public void setPte(PteTable t, long ptep, long pte) {
                r.setPte(t, ptep, pte + 0x1000);
              }
            }, SWITCH, "after a context switch map #0", TWO, WRAP),
        // e500's arch_kmap_local_set_pte with the RPN one page off: kmap_local and pkmap disagree
        hooks("powerpc-e500", "kmap-set-pte-next-page", new BrokenVariant.Hooks("powerpc-e500") {
          @Override public void setPte(PteCodec c, PteTable t, long va, long ptep, long pte) {
            r.setPte(c, t, va, ptep, pte + (1L << 24));
          }
        }, TWO, "kmap (pkmap) address", TRANSLATES, SWITCH),
        hooks("arm-vivt", "flush-cache-kmaps-empty", new BrokenVariant.Hooks("arm-vivt") {
          @Override public void flushCacheKmaps(HardwareServices hw) {}
        }, WRAP, "pkmap wrap", V_TRACE),

        // ---- reference vectors: ports that agree with themselves, not with their kernel
        // FIX_KMAP_BEGIN 68: MAX_IO_APICS counted as 63
        layout("x86", "fix-kmap-begin-off-by-one", l -> new BrokenVariant.Layout(l) {
          @Override public int fixKmapBegin() {
            return r.fixKmapBegin() - 1;
          }

          @Override public int fixKmapEnd() {
            return r.fixKmapEnd() - 1;
          }

          @Override public long fixaddrStart() {
            return r.fixaddrStart() + r.pageSize();
          }
        }, V_LAYOUT, "FIX_KMAP_BEGIN is 68 in the port, 69 in the kernel", V_TRACE),
        layout("xtensa", "pkmap-one-pmd-lower", l -> new BrokenVariant.Layout(l) {
          @Override public long pkmapBase() {
            return r.pkmapBase() - (4L << 20);
          }
        }, V_LAYOUT, "PKMAP_BASE is 0x9f000000 in the port, 0x9f400000 in the kernel"),
        codec("arm", "page-kernel-not-shared", new BrokenVariant.Codec("arm") {
          @Override public long pageKernel() {
            return r.pageKernel() & ~0x400L;
          }

          @Override public long kmapProt() {
            return pageKernel();
          }
        }, V_PTE, "KMAP_PROT_PTE(0x40000) is 0x4000025f in the port, 0x4000065f in the kernel"),
        // nds32's TLB invalidation after pte_clear, where the kernel's comes before
        hooks("nds32", "invalidates-after-pte-clear", new BrokenVariant.Hooks("nds32") {
          @Override public void preUnmap(HardwareServices hw, long va) {}

          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.localFlushTlbKernelPage(va);
          }
        }, V_TRACE, "made from arch_kmap_local_post_unmap instead"),
        // CK860's tlbi.vaas made as a local flush: the other CPUs keep the pair
        hooks("csky-ck860", "local-flush-not-tlbi", new BrokenVariant.Hooks("csky-ck860") {
          @Override public void postMap(HardwareServices hw, long va, long pte) {
            hw.localFlushTlbKernelPage(va & -8192L);
          }

          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.localFlushTlbKernelPage(va & -8192L);
          }
        }, V_TRACE, "narrower in the port"),
        hooks("x86", "no-lazy-mmu-flush", new BrokenVariant.Hooks("x86") {
          @Override public void postMap(HardwareServices hw, long va, long pte) {}

          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.localFlushTlbKernelPage(va);
          }
        }, V_TRACE, "flushLazyMmuMode() (arch/x86/include/asm/highmem.h, v5.11) is not made"),

        // ---- mistakes made after the kit was written, to try it on ones it had not seen
        // PTE_PFN_MASK forgotten: pte_pfn() keeps the NX bit
        codec("x86-pae", "pte-pfn-keeps-nx", new BrokenVariant.Codec("x86-pae") {
          @Override public long ptePfn(long pte) {
            return pte >>> 12;
          }
        }, PFN, "but pte_pfn of it is 0x8000000000000", WIDTH, TRANSLATES, WRAP),
        // arch_kmap_local_post_map left out: ARM flushes the slot after set_pte too
        hooks("arm", "no-post-map-flush", new BrokenVariant.Hooks("arm") {
          @Override public void postMap(HardwareServices hw, long va, long pte) {}
        }, V_TRACE, "the kernel's arch_kmap_local_post_map: CPU1 localFlushTlbKernelPage"),
        // kmap_prot with the uncached CCA 2 instead of _page_cachable_default
        codec("mips", "kmap-prot-uncached", new BrokenVariant.Codec("mips") {
          @Override public long kmapProt() {
            return (r.kmapProt() & ~(7L << 9)) | (2L << 9);
          }
        }, PERMISSIONS, "not cacheable", V_PTE),
        // ARCH_NEEDS_KMAP_HIGH_GET copied from ARM onto csky, which does not define it
        hooks("csky", "high-get-copied-from-arm", new BrokenVariant.Hooks("csky") {
          @Override public boolean needsKmapHighGet() {
            return true;
          }

          @Override public long highGet(HardwareServices hw, long pfn) {
            return hw.kmapHighGet(pfn);
          }
        }, V_TRACE, "kmapHighGet(0x40000) is a call the kernel's hooks do not make"),
        // the fixmap sized for KM_MAX_IDX 16 whatever DEBUG_KMAP_LOCAL says
        layout("microblaze", "window-ignores-debug-km-max-idx",
            l -> KmapSim.variant("microblaze").layout(1, 16),
            SLOTS, "FIX_KMAP_END is 16, expected", IDX, GUARDS, V_LAYOUT),
        // a 32-bit pte_t's PTE_RPN_SHIFT (12) in e500's 64-bit PTE: the pfn lands on flag bits
        codec("powerpc-e500", "rpn-shift-12", new BrokenVariant.Codec("powerpc-e500") {
          @Override public long pfnPte(long pfn, long prot) {
            return pfn << 12 | prot;
          }

          @Override public long ptePfn(long pte) {
            return (pte & 0xffff_ffff_ffffL) >>> 12;
          }
        }, PFN, "but pte_pfn of it is 0x241", WIDTH, TRANSLATES, SWITCH, WRAP, V_PTE),
        // kmap_prot PAGE_KERNEL where xtensa's asm/highmem.h has PAGE_KERNEL_EXEC
        codec("xtensa", "kmap-prot-page-kernel", new BrokenVariant.Codec("xtensa") {
          @Override public long kmapProt() {
            return r.pageKernel();
          }
        }, PERMISSIONS, "not executable, where the port says", V_PTE),
        // flush_tlb_kernel_range (every CPU) for ARC's local_flush_tlb_kernel_range
        hooks("arc", "post-unmap-global-flush", new BrokenVariant.Hooks("arc") {
          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.flushTlbKernelRange(va, va + 8192);
          }
        }, WIDER, "3 IPI(s) more on NR_CPUS 4"),
        // __virt_to_fix without & PAGE_MASK
        layout("nds32", "virt-to-fix-without-page-mask", l -> new BrokenVariant.Layout(l) {
          @Override public int virtToFix(long vaddr) {
            return (int) ((r.fixaddrTop() - vaddr) >>> r.pageShift());
          }
        }, ROUND_TRIP, "inside the page of index 2 is 1"),
        // get_next_pkmap_nr without & LAST_PKMAP_MASK
        hooks("x86", "pkmap-nr-not-wrapped", new BrokenVariant.Hooks("x86") {
          @Override public int getNextPkmapNr(int[] last, int color, int lastPkmap) {
            return ++last[0];
          }
        }, PKMAP_COLOUR, "gave entry 1024", WIDER, WRAP, V_TRACE),
        // an arch_kmap_local_map_idx of its own that forgets smp_processor_id()
        hooks("powerpc-book3s32", "map-idx-without-cpu",
            new BrokenVariant.Hooks("powerpc-book3s32") {
              @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
                return idx;
              }

              @Override public int unmapIdx(HardwareServices hw, int idx, long va) {
                return idx;
              }
            }, PER_CPU, "is 0x30001591, not none", V_LAYOUT, V_TRACE),
        // x86 as a paravirtualised (lazy MMU) guest would run it, its hooks without
        // arch_flush_lazy_mmu_mode(): the slot PTE is still queued when the page is used
        new Case(new BrokenVariant("x86", "paravirt-without-lazy-mmu-flush", null, null,
            new BrokenVariant.Hooks("x86") {
              @Override public void postMap(HardwareServices hw, long va, long pte) {}

              @Override public void postUnmap(HardwareServices hw, long va) {
                hw.localFlushTlbKernelPage(va);
              }
            }, Set.of(MmuBehaviour.SPECULATIVE_WALKS, MmuBehaviour.LAZY_MMU_UPDATES)),
            WHERE, "still queued in the lazy MMU batch", Set.of(TRANSLATES, FLUSHES, IDX, GUARDS,
                SWITCH, TWO, V_TRACE)),
        // ---- sparc32 (issue 15)
        // sparc without arch_kmap_local_pre_unmap: the VIVT cache is not written back before
        // pte_clear, so what was stored through the slot never reaches memory
        hooks("sparc", "pre-unmap-cache-flush-dropped", new BrokenVariant.Hooks("sparc") {
          @Override public void preUnmap(HardwareServices hw, long va) {}
        }, VIVT, "the VIVT D-cache was not flushed while the slot still translated", SWITCH, TWO,
            V_TRACE),
        // the hooks of 3293efa97807 ("Switch to generic kmap atomic"), before the January 2021
        // fix: flush_cache_all() after the PTE is set and after it is cleared, no TLB flush
        hooks("sparc", "cache-flush-for-tlb-flush", new BrokenVariant.Hooks("sparc") {
          @Override public void postMap(HardwareServices hw, long va, long pte) {
            hw.flushCacheAll();
          }

          @Override public void preUnmap(HardwareServices hw, long va) {}

          @Override public void postUnmap(HardwareServices hw, long va) {
            hw.flushCacheAll();
          }
        }, FLUSHES, "post_unmap did not flush the TLB", WIDER, SWITCH, TWO, V_TRACE),
        // asm/highmem.h's arch_kmap_local_pre_map run as if mm/highmem.c called it: a cache
        // flush (a cross-call on SMP) the kernel never makes, a warning only
        hooks("sparc", "pre-map-flush-run", new BrokenVariant.Hooks("sparc") {
          @Override public void postMap(HardwareServices hw, long va, long pte) {
            hw.flushCacheAll();
            hw.flushTlbAll();
          }
        }, WIDER, "flushCacheAll(), which the kernel does not make"),
        // kmap_prot with ACC 3 (SRMMU_EXEC | SRMMU_WRITE read as flags): user read/write/execute
        codec("sparc", "kmap-prot-acc-3", new BrokenVariant.Codec("sparc") {
          @Override public long kmapProt() {
            return (r.kmapProt() & ~0x1cL) | 0x0c;
          }
        }, PERMISSIONS, "user mode can read a kernel mapping", V_PTE),
        // PKMAP_BASE aligned to the 4 MiB PMD of kernels before v5.8: 0xfc800000, consistent on
        // the kit's machines (it would reach the fixmap of 32 CPUs with DEBUG_KMAP_LOCAL)
        layout("sparc", "pkmap-base-old-pmd-align", l -> new BrokenVariant.Layout(l) {
          @Override public long pkmapBase() {
            return 0xfc800000L;
          }
        }, V_LAYOUT, "PKMAP_BASE is 0xfc800000 in the port, 0xfc500000 in the kernel"),
        // FIX_KMAP_BEGIN 0, FIX_HOLE forgotten: every slot one page up, slot 0 at FIXADDR_TOP
        layout("sparc", "fix-hole-forgotten", l -> new BrokenVariant.Layout(l) {
          @Override public int fixKmapBegin() {
            return r.fixKmapBegin() - 1;
          }

          @Override public int fixKmapEnd() {
            return r.fixKmapEnd() - 1;
          }
        }, V_LAYOUT, "FIX_KMAP_BEGIN is 0 in the port, 1 in the kernel"));
  }
}
