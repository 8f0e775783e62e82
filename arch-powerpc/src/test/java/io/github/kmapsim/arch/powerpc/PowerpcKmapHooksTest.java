// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks call what {@code arch/powerpc/include/asm/highmem.h} calls, per MMU family. */
class PowerpcKmapHooksTest {

  private static final long SLOT0 = 0xfffdf000L; // fix_to_virt(FIX_KMAP_BEGIN = 32)

  private final ArchVariant book3s32 = new PowerpcPlugin().variants().get(0);
  private final ArchVariant e500 = new PowerpcPlugin().variants().get(1);

  @Test
  void kmapLocalSetPteIsThePerCpuSetPteAt() {
    // __set_pte_at(mm, vaddr, ptep, ptev, 1): book3s32 keeps the old _PAGE_HASHPTE.
    InMemoryPteTable table = new InMemoryPteTable(2);
    table.set(1, 0x2);
    book3s32.hooks().setPte(book3s32.pteCodec(), table, SLOT0, 1, 0x30000591L);
    assertEquals(0x30000593L, table.get(1));
    // e500 (PTE_64BIT, percpu): one store of the whole entry over the old high word.
    InMemoryPteTable wide = new InMemoryPteTable(2);
    wide.set(0, 0x0000_0700_0000_0000L);
    e500.hooks().setPte(e500.pteCodec(), wide, SLOT0, 0, 0x0000_0300_0024_1215L);
    assertEquals(0x0000_0300_0024_1215L, wide.get(0));
  }

  @Test
  void everythingElseIsTheGenericDefault() {
    for (ArchVariant v : List.of(book3s32, e500)) {
      KmapHooks h = v.hooks();
      RecordingHardwareServices hw = new RecordingHardwareServices(1, 33);
      h.preUnmap(hw, SLOT0);
      h.flushCacheKmaps(hw); // flush_cache_all(): empty on powerpc
      h.kmapFlushTlb(hw, 0xff400000L); // no ARCH_HAS_KMAP_FLUSH_TLB
      assertEquals(35, h.mapIdx(hw, 2, 0x30000)); // 2 + 33 * 1
      assertEquals(35, h.unmapIdx(hw, 2, SLOT0));
      assertEquals(0, h.highGet(hw, 0x30000));
      assertFalse(h.needsKmapHighGet());
      assertFalse(h.haveAtomicIomap());
      assertTrue(h.kmapPtesLinear());
      assertEquals(List.of(), hw.calls(), v.name());
    }
  }
}
