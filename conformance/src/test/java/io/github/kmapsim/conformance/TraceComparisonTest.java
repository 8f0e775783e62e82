// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.spi.ServiceCall;
import org.junit.jupiter.api.Test;

/** A flush covers another when it reaches the same CPUs or more and the same pages or more. */
class TraceComparisonTest {
  private static final long PAGE = 4096;
  private static final long VA = 0xfffaa000L;

  @Test
  void widerFlushesCoverNarrowerOnes() {
    ServiceCall page = ServiceCall.localFlushTlbKernelPage(VA);
    assertTrue(TraceComparison.covers(page, page, PAGE));
    assertTrue(TraceComparison.covers(ServiceCall.localFlushTlbKernelRange(VA, VA + PAGE), page,
        PAGE), "a one-page range is the same flush");
    assertTrue(TraceComparison.covers(ServiceCall.flushTlbKernelRange(VA, VA + PAGE), page, PAGE));
    assertTrue(TraceComparison.covers(ServiceCall.flushTlbAll(), page, PAGE));
    assertTrue(TraceComparison.covers(ServiceCall.flushTlbKernelPageBroadcast(VA), page, PAGE));
    assertTrue(TraceComparison.covers(ServiceCall.flushCacheAll(),
        ServiceCall.flushDcacheArea(VA, PAGE), PAGE));
  }

  @Test
  void narrowerOrOtherFlushesDoNot() {
    ServiceCall broadcast = ServiceCall.flushTlbKernelPageBroadcast(VA);
    assertFalse(TraceComparison.covers(ServiceCall.localFlushTlbKernelPage(VA), broadcast, PAGE),
        "a local flush does not reach the other CPUs a tlbie reaches");
    assertFalse(TraceComparison.covers(ServiceCall.localFlushTlbKernelPage(VA + PAGE),
        ServiceCall.localFlushTlbKernelPage(VA), PAGE), "another page");
    assertFalse(TraceComparison.covers(ServiceCall.flushDcacheArea(VA, PAGE),
        ServiceCall.localFlushTlbKernelPage(VA), PAGE), "a cache flush is no TLB flush");
    assertFalse(TraceComparison.covers(ServiceCall.flushLazyMmuMode(),
        ServiceCall.localFlushTlbKernelPage(VA), PAGE));
    assertFalse(TraceComparison.covers(ServiceCall.kmapHighGet(1), ServiceCall.kmapHighGet(2),
        PAGE));
  }
}
