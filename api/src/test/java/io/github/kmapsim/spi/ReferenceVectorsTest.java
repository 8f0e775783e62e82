// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ReferenceVectors.Operation;
import io.github.kmapsim.spi.ReferenceVectors.Phase;
import io.github.kmapsim.spi.ReferenceVectors.Quantity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reference vectors are data with a citation each; the builder refuses what is not. */
class ReferenceVectorsTest {

  private static ReferenceVectors.Builder x86() {
    return ReferenceVectors.builder(4, false).source("arch/x86/include/asm/fixmap.h, v5.11");
  }

  @Test
  void valuesCarryTheirCitationAndArguments() {
    ReferenceVectors v = x86()
        .fixKmapBegin(69)
        .slotAddress(1, 0, 0xfffaa000L)
        .source("arch/x86/include/asm/highmem.h, v5.11")
        .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1,
            ServiceCall.localFlushTlbKernelPage(0xfffaa000L))
        .noHookCalls(Operation.KMAP)
        .build();
    assertEquals(4, v.nrCpus());
    assertEquals(16, v.kmMaxIdx());
    assertEquals("NR_CPUS 4, DEBUG_KMAP_LOCAL off", v.toString());
    assertEquals("FIX_KMAP_BEGIN = 69", v.value(Quantity.FIX_KMAP_BEGIN).orElseThrow().toString());
    assertEquals("arch/x86/include/asm/fixmap.h, v5.11", v.values().get(0).source());
    assertEquals(List.of(1L, 0L), v.values().get(1).arguments());
    assertEquals("SLOT_ADDRESS(1, 0) = 0xfffaa000", v.values().get(1).toString());
    assertEquals(Set.of(Operation.UNMAP, Operation.KMAP), v.tracedOperations());
    assertEquals(List.of(), v.trace(Operation.KMAP));
    assertEquals("arch_kmap_local_post_unmap: CPU1 localFlushTlbKernelPage(0xfffaa000)",
        v.trace(Operation.UNMAP).get(0).toString());
    assertEquals("arch/x86/include/asm/highmem.h, v5.11", v.trace().get(0).source());
    assertThrows(UnsupportedOperationException.class, () -> v.values().clear());
  }

  @Test
  void nothingWithoutASource() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ReferenceVectors.builder(1, true).fixKmapBegin(0));
    assertTrue(e.getMessage().contains("cite a source"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReferenceVectors.builder(1, true).source(" "));
  }

  @Test
  void aValueIsDeclaredOnceWithItsArguments() {
    assertThrows(IllegalArgumentException.class, () -> x86().fixKmapBegin(69).fixKmapBegin(70));
    assertThrows(IllegalArgumentException.class,
        () -> x86().slotAddress(0, 0, 1).slotAddress(0, 0, 2));
    x86().slotAddress(0, 0, 1).slotAddress(0, 1, 2).build(); // other arguments: fine
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> x86().value(Quantity.SLOT_ADDRESS, 0xfffba000L, 0));
    assertEquals("SLOT_ADDRESS takes 2 argument(s), not 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReferenceVectors.builder(0, false));
  }

  @Test
  void anOperationWithoutCallsHasNone() {
    assertThrows(IllegalArgumentException.class, () -> x86().noHookCalls(Operation.MAP)
        .hookCall(Operation.MAP, Phase.POST_MAP, 0, ServiceCall.flushLazyMmuMode()));
    assertThrows(IllegalArgumentException.class, () -> x86()
        .hookCall(Operation.MAP, Phase.POST_MAP, 0, ServiceCall.flushLazyMmuMode())
        .noHookCalls(Operation.MAP));
  }

  @Test
  void aServiceCallTakesTheArgumentsItsMethodTakes() {
    assertEquals("flushDcacheArea(0xffefe000, 4096)",
        ServiceCall.flushDcacheArea(0xffefe000L, 4096).toString());
    assertEquals("flushTlbAll()", ServiceCall.flushTlbAll().toString());
    assertEquals(ServiceCall.Reach.BROADCAST,
        ServiceCall.flushTlbKernelPageBroadcast(0).service().reach());
    assertThrows(IllegalArgumentException.class,
        () -> new ServiceCall(ServiceCall.Service.FLUSH_TLB_ALL, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new ServiceCall(ServiceCall.Service.LOCAL_FLUSH_TLB_KERNEL_PAGE, 1, 2));
  }
}
