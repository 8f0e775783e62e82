// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.conformance.RecordingHardwareServices;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hooks call what {@code arch/csky/include/asm/highmem.h} calls: {@code kmap_flush_tlb()} =
 * {@code flush_tlb_one()}, which drops the JTLB entry of the even/odd pair ({@code
 * arch/csky/mm/tlb.c}).
 */
class CskyKmapHooksTest {

  private static final long SLOT0 = 0xffffc000L; // CPU 0 slot 0: FIXADDR_TOP, an even page
  private static final long SLOT1 = 0xffffb000L; // an odd page, paired with 0xffffa000

  private static KmapHooks hooks(String name) {
    return new CskyPlugin().variants().stream().filter(v -> v.name().equals(name)).findFirst()
        .map(ArchVariant::hooks).orElseThrow();
  }

  @Test
  void everythingElseIsTheGenericDefault() {
    for (ArchVariant v : new CskyPlugin().variants()) {
      KmapHooks h = v.hooks();
      RecordingHardwareServices hw = new RecordingHardwareServices(1, 16);
      h.preUnmap(hw, SLOT0);
      h.flushCacheKmaps(hw); // #define flush_cache_kmaps() do {} while (0)
      assertEquals(17, h.mapIdx(hw, 1, 0x40000)); // 1 + 16 * 1
      assertEquals(17, h.unmapIdx(hw, 1, SLOT0));
      assertEquals(0, h.highGet(hw, 0x40000));
      assertFalse(h.needsKmapHighGet());
      assertFalse(h.haveAtomicIomap());
      assertTrue(h.kmapPtesLinear());
      InMemoryPteTable table = new InMemoryPteTable(2);
      h.setPte(v.pteCodec(), table, SLOT0, 1, 0x40000fcfL); // set_pte_at = set_pte
      assertEquals(0x40000fcfL, table.get(1));
      assertEquals(List.of(), hw.calls(), v.name());
    }
  }
}
