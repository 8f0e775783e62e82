// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call exactly what {@code arch/mips/include/asm/highmem.h} calls. */
class MipsKmapHooksTest {

  // fix_to_virt(FIX_KMAP_BEGIN) = 0xfffe0000 - (17 << 12): slot 0 of CPU 0 with 4 KiB pages.
  private static final long SLOT0 = 0xfffcf000L;

  private final KmapHooks hooks = new MipsPlugin().variants().get(0).hooks();
  private final RecordingHardwareServices hw = new RecordingHardwareServices(1, 16);

  @Test
  void postMapFlushesThisCpusTlbEntryOnly() {
    // #define arch_kmap_local_post_map(vaddr, pteval) local_flush_tlb_one(vaddr)
    hooks.postMap(hw, SLOT0, 0x400007cfL);
    assertEquals(List.of("localFlushTlbKernelPage(0xfffcf000)"), hw.calls().stream().map(Object::toString).toList());
  }

  @Test
  void postUnmapFlushesThisCpusTlbEntryOnly() {
    // #define arch_kmap_local_post_unmap(vaddr) local_flush_tlb_one(vaddr)
    hooks.postUnmap(hw, SLOT0);
    assertEquals(List.of("localFlushTlbKernelPage(0xfffcf000)"), hw.calls().stream().map(Object::toString).toList());
  }

  @Test
  void kmapFlushesThePkmapPageOnEveryCpu() {
    // ARCH_HAS_KMAP_FLUSH_TLB: kmap_flush_tlb(addr) = flush_tlb_one(addr), an IPI to every CPU.
    hooks.kmapFlushTlb(hw, 0xff800000L); // PKMAP_ADDR(0) for 4 CPUs, 4 KiB pages
    assertEquals(List.of("flushTlbKernelRange(0xff800000, 0xff801000)"), hw.calls().stream().map(Object::toString).toList());
    RecordingHardwareServices hw16k = new RecordingHardwareServices(0, 16);
    new MipsPlugin().variants().get(1).hooks().kmapFlushTlb(hw16k, 0xfe000000L);
    assertEquals(List.of("flushTlbKernelRange(0xfe000000, 0xfe004000)"), hw16k.calls().stream().map(Object::toString).toList());
  }

  @Test
  void everythingElseIsTheGenericDefault() {
    hooks.preUnmap(hw, SLOT0);
    // flush_cache_kmaps() is BUG_ON(cpu_has_dc_aliases): nothing to flush on a machine that runs.
    hooks.flushCacheKmaps(hw);
    // kmap_local_calc_idx(idx) = idx + KM_MAX_IDX * smp_processor_id() = 2 + 16 * 1.
    assertEquals(18, hooks.mapIdx(hw, 2, 0x40000));
    assertEquals(18, hooks.unmapIdx(hw, 2, SLOT0));
    // No ARCH_NEEDS_KMAP_HIGH_GET, no KMAP_LOCAL_NON_LINEAR_PTE_ARRAY.
    assertEquals(0, hooks.highGet(hw, 0x40000));
    assertFalse(hooks.needsKmapHighGet());
    assertTrue(hooks.kmapPtesLinear());
    assertEquals(List.of(), hw.calls().stream().map(Object::toString).toList());
  }
}
