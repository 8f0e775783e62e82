// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests.kit;

import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.HardwareServices;
import java.util.List;

/** The catalogue of broken ports, each with the rule the kit must fail it on. */
final class BrokenPlugins {

  /** A broken port and the rule id that must name its mistake. */
  record Case(ArchVariant variant, String expectedRule) {
    @Override
    public String toString() {
      return variant.name();
    }
  }

  private BrokenPlugins() {}

  static List<Case> all() {
    return List.of(
        new Case(new BrokenVariant("x86", "post-unmap-no-flush", null, null,
            new BrokenVariant.Hooks("x86") {
              @Override public void postMap(HardwareServices hw, long va, long pte) {}

              @Override public void postUnmap(HardwareServices hw, long va) {}
            }), "required_hooks_unmap_flushes_tlb"),
        new Case(new BrokenVariant("x86", "fixmap-direction-reversed",
            l -> new BrokenVariant.Layout(l) {
              @Override public long fixToVirt(int idx) {
                return r.fixaddrTop() + ((long) idx << r.pageShift());
              }
            }, null, null), "required_layout_kmap_window_in_fixmap"),
        new Case(new BrokenVariant("x86-pae", "pfn-shift-off-by-one", null,
            new BrokenVariant.Codec("x86-pae") {
              @Override public long pfnPte(long pfn, long prot) {
                return r.pfnPte(pfn << 1, prot);
              }
            }, null), "required_pte_pfn_round_trip"),
        new Case(new BrokenVariant("x86", "empty-pte-assumed-zero", null,
            new BrokenVariant.Codec("x86") {
              // an xtensa-like empty PTE, with pte_none still testing for 0
              @Override public long emptyPte() {
                return 0x1c;
              }

              @Override public boolean pteNone(long pte) {
                return pte == 0;
              }
            }, null), "required_pte_none_of_empty"),
        new Case(new BrokenVariant("arm-vivt", "vivt-not-flushed-before-unmap", null, null,
            new BrokenVariant.Hooks("arm-vivt") {
              @Override public void preUnmap(HardwareServices hw, long va) {}
            }), "required_hooks_vivt_flushed_before_unmap"),
        new Case(new ColourVariant(true), "required_hooks_map_at_page_colour"),
        new Case(new BrokenVariant("mips", "map-idx-off-by-one", null, null,
            new BrokenVariant.Hooks("mips") {
              @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
                return r.mapIdx(hw, idx, pfn) + 1;
              }
            }), "required_hooks_map_unmap_idx_agree"),
        new Case(new BrokenVariant("x86", "kmap-window-overlaps-pkmap",
            l -> new BrokenVariant.Layout(l) {
              @Override public long pkmapBase() {
                return r.fixToVirt(r.fixKmapEnd()) + r.pageSize() * 2;
              }
            }, null, null), "required_layout_regions_disjoint"),
        new Case(new BrokenVariant("x86", "per-cpu-stride-wrong", null, null,
            new BrokenVariant.Hooks("x86") {
              @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
                return idx + (hw.kmMaxIdx() - 1) * hw.smpProcessorId();
              }

              @Override public int unmapIdx(HardwareServices hw, int idx, long va) {
                return idx + (hw.kmMaxIdx() - 1) * hw.smpProcessorId();
              }
            }), "required_hooks_slots_per_cpu_disjoint"),
        new Case(new BrokenVariant("arm", "linear-ptes-on-non-linear-tables", null, null,
            new BrokenVariant.Hooks("arm") {
              @Override public boolean kmapPtesLinear() {
                return true;
              }
            }), "required_hooks_ptes_where_mapped"),
        new Case(new BrokenVariant("x86", "flushes-wrong-page", null, null,
            new BrokenVariant.Hooks("x86") {
              @Override public void postMap(HardwareServices hw, long va, long pte) {}

              @Override public void postUnmap(HardwareServices hw, long va) {
                hw.localFlushTlbKernelPage(va + 4096);
              }
            }), "required_hooks_unmap_flushes_tlb"),
        new Case(new BrokenVariant("x86-pae", "flushes-cpu0-not-local", null, null,
            new BrokenVariant.Hooks("x86-pae") {
              @Override public void postMap(HardwareServices hw, long va, long pte) {}

              @Override public void postUnmap(HardwareServices hw, long va) {
                if (hw.smpProcessorId() == 0) {
                  hw.localFlushTlbKernelPage(va);
                }
              }
            }), "required_hooks_unmap_flushes_tlb"),
        new Case(new BrokenVariant("x86", "page-kernel-not-present", null,
            new BrokenVariant.Codec("x86") {
              @Override public long pageKernel() {
                return r.pageKernel() & ~1L;
              }

              @Override public long kmapProt() {
                return pageKernel();
              }
            }, null), "required_pte_page_kernel_present_writable"),
        new Case(new BrokenVariant("arm", "page-kernel-read-only", null,
            new BrokenVariant.Codec("arm") {
              @Override public long pageKernel() {
                return r.pageKernel() | 1L << 7; // L_PTE_RDONLY: PAGE_KERNEL_RO by mistake
              }

              @Override public long kmapProt() {
                return pageKernel();
              }
            }, null), "required_pte_page_kernel_present_writable"),
        new Case(new BrokenVariant("mips-16k", "16k-with-4k-arithmetic",
            l -> new BrokenVariant.Layout(l) {
              @Override public long fixToVirt(int idx) {
                return r.fixaddrTop() - ((long) idx << 12);
              }

              @Override public int virtToFix(long vaddr) {
                return (int) ((r.fixaddrTop() - (vaddr & -4096L)) >>> 12);
              }
            }, null, null), "required_layout_slots_distinct"),
        new Case(new BrokenVariant("csky", "pte-none-counts-global", null,
            new BrokenVariant.Codec("csky") {
              // csky's pte_clear() leaves _PAGE_GLOBAL in a kernel slot; pte_none must ignore it
              @Override public boolean pteNone(long pte) {
                return pte == 0;
              }
            }, null), "required_pte_none_of_empty"),
        new Case(new BrokenVariant("csky-ck860", "flushes-the-next-jtlb-pair", null, null,
            new BrokenVariant.Hooks("csky-ck860") {
              // flush_tlb_one() rounds down to the pair; this rounds up, to the next entry
              @Override public void postUnmap(HardwareServices hw, long va) {
                hw.flushTlbKernelPageBroadcast((va + 8192L) & -8192L);
              }
            }), "required_hooks_unmap_flushes_tlb"),
        new Case(new BrokenVariant("microblaze", "post-unmap-no-flush", null, null,
            new BrokenVariant.Hooks("microblaze") {
              @Override public void postUnmap(HardwareServices hw, long va) {}
            }), "required_hooks_unmap_flushes_tlb"),
        new Case(new BrokenVariant("powerpc-e500", "pte-none-tests-the-high-word", null,
            new BrokenVariant.Codec("powerpc-e500") {
              // _PTE_NONE_MASK forgotten: pte_clear() keeps the high word of a 64-bit PTE
              @Override public boolean pteNone(long pte) {
                return pte == 0;
              }
            }, null), "required_pte_none_of_empty"),
        // xtensa: kmap_idx() with the colour added instead of DCACHE_N_COLORS - 1 - colour
        // (the order of the pre-1eb0616c2df5 bottom-up fixmap): a page lands on the other colour
        new Case(new BrokenVariant("xtensa-c2", "kmap-idx-colour-reversed", null, null,
            new BrokenVariant.Hooks("xtensa-c2") {
              @Override public int mapIdx(HardwareServices hw, int idx, long pfn) {
                return flip(r.mapIdx(hw, idx, pfn));
              }

              @Override public int unmapIdx(HardwareServices hw, int idx, long va) {
                return flip(r.unmapIdx(hw, idx, va));
              }

              private int flip(int idx) {
                return idx ^ 1;
              }
            }), "required_hooks_map_at_page_colour"),
        // xtensa: the MMU's write permission taken from pte_write(), the software _PAGE_WRITABLE
        // PAGE_KERNEL lacks, instead of the hardware's access-rights field
        new Case(new BrokenVariant("xtensa", "hardware-write-from-pte-write", null,
            new BrokenVariant.Codec("xtensa") {
              @Override public boolean hardwareWritable(long pte) {
                return r.pteWrite(pte);
              }
            }, null), "required_pte_page_kernel_present_writable"),
        // arc-pae40 with a 32-bit pte_t: the physical address above 4 GiB is cut off
        new Case(new BrokenVariant("arc-pae40", "pte-truncated-to-32-bits", null,
            new BrokenVariant.Codec("arc-pae40") {
              @Override public long pfnPte(long pfn, long prot) {
                return r.pfnPte(pfn, prot) & 0xffff_ffffL;
              }
            }, null), "required_pte_pfn_round_trip"),
        // nds32 without arch_kmap_local_pre_unmap: no TLB invalidation around the PTE clear
        new Case(new BrokenVariant("nds32", "no-tlb-invalidate-before-clear", null, null,
            new BrokenVariant.Hooks("nds32") {
              @Override public void preUnmap(HardwareServices hw, long va) {}
            }), "required_hooks_unmap_flushes_tlb"));
  }
}
