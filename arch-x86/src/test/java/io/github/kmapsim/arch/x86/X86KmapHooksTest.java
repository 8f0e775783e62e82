// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call exactly what {@code arch/x86/include/asm/highmem.h} calls, in that order. */
class X86KmapHooksTest {

  // fix_to_virt(FIX_KMAP_BEGIN) = 0xfffff000 - (69 << 12): slot 0 of CPU 0.
  private static final long SLOT0 = 0xfffba000L;

  private final KmapHooks hooks = new X86Plugin().variants().get(0).hooks();
  private final RecordingHardwareServices hw = new RecordingHardwareServices(1, 16);

  @Test
  void postMapFlushesLazyMmuModeOnly() {
    // #define arch_kmap_local_post_map(vaddr, pteval) arch_flush_lazy_mmu_mode()
    hooks.postMap(hw, SLOT0, 0x40000163L);
    assertEquals(List.of("flushLazyMmuMode()"), hw.calls().stream().map(Object::toString).toList());
  }

  @Test
  void postUnmapFlushesTheLocalTlbPageThenLazyMmuMode() {
    // arch_kmap_local_post_unmap: flush_tlb_one_kernel(vaddr); arch_flush_lazy_mmu_mode();
    hooks.postUnmap(hw, SLOT0);
    assertEquals(List.of("localFlushTlbKernelPage(0xfffba000)", "flushLazyMmuMode()"), hw.calls().stream().map(Object::toString).toList());
  }

  @Test
  void everythingElseIsTheGenericDefault() {
    hooks.preUnmap(hw, SLOT0);
    assertEquals(List.of(), hw.calls().stream().map(Object::toString).toList());
    // kmap_local_calc_idx(idx) = idx + KM_MAX_IDX * smp_processor_id() = 2 + 16 * 1
    assertEquals(18, hooks.mapIdx(hw, 2, 0x40000));
    assertEquals(18, hooks.unmapIdx(hw, 2, SLOT0));
    // x86 does not define ARCH_NEEDS_KMAP_HIGH_GET: arch_kmap_local_high_get() is NULL.
    assertEquals(0, hooks.highGet(hw, 0x40000));
    // x86 does not select KMAP_LOCAL_NON_LINEAR_PTE_ARRAY.
    assertTrue(hooks.kmapPtesLinear());
    assertEquals(List.of(), hw.calls().stream().map(Object::toString).toList());
  }

  @Test
  void bothVariantsHaveTheSameHooks() {
    KmapHooks pae = new X86Plugin().variants().get(1).hooks();
    pae.postUnmap(hw, SLOT0);
    pae.postMap(hw, SLOT0, 0x8000000040000163L);
    assertEquals(
        List.of("localFlushTlbKernelPage(0xfffba000)", "flushLazyMmuMode()", "flushLazyMmuMode()"),
        hw.calls().stream().map(Object::toString).toList());
  }
}
