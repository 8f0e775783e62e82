// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.ServiceCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link HardwareServices} that records every call a hook makes, in order, as
 * {@link ServiceCall}s: the test double for a port's own hook tests, and the kit's recorder of
 * hook traces. On its own ({@link #RecordingHardwareServices(int, int)}) it is a CPU of a machine
 * without persistent mappings that does nothing but record; {@link #around} records and forwards
 * to a real CPU's services.
 *
 * <pre>{@code
 * RecordingHardwareServices hw = new RecordingHardwareServices(1, 16); // CPU1, KM_MAX_IDX 16
 * hooks.postUnmap(hw, 0xfffaa000L);
 * assertEquals(List.of(ServiceCall.localFlushTlbKernelPage(0xfffaa000L)), hw.calls());
 * }</pre>
 */
public final class RecordingHardwareServices implements HardwareServices {
  private final List<ServiceCall> calls = new ArrayList<>();
  private final HardwareServices delegate;
  private final int cpu;
  private final int kmMaxIdx;
  private final long kmapHighGet;

  /**
   * A stand-alone CPU of a machine without persistent mappings.
   *
   * @param cpu {@code smp_processor_id()}
   * @param kmMaxIdx KM_MAX_IDX, 16 or 33 with DEBUG_KMAP_LOCAL
   */
  public RecordingHardwareServices(int cpu, int kmMaxIdx) {
    this(null, cpu, kmMaxIdx, 0);
  }

  /**
   * A stand-alone CPU whose {@code kmap_high_get()} finds every page mapped at one pkmap address.
   *
   * @param kmapHighGet what {@link #kmapHighGet} answers
   */
  public RecordingHardwareServices(int cpu, int kmMaxIdx, long kmapHighGet) {
    this(null, cpu, kmMaxIdx, kmapHighGet);
  }

  private RecordingHardwareServices(HardwareServices delegate, int cpu, int kmMaxIdx,
      long kmapHighGet) {
    this.delegate = delegate;
    this.cpu = cpu;
    this.kmMaxIdx = kmMaxIdx;
    this.kmapHighGet = kmapHighGet;
  }

  /** Services that record each call, then make it on {@code real}. */
  public static RecordingHardwareServices around(HardwareServices real) {
    Objects.requireNonNull(real, "real");
    return new RecordingHardwareServices(real, real.smpProcessorId(), real.kmMaxIdx(), 0);
  }

  /** The calls so far, in order (a read-only view). */
  public List<ServiceCall> calls() {
    return Collections.unmodifiableList(calls);
  }

  /** Forgets the calls so far. */
  public void clear() {
    calls.clear();
  }

  @Override
  public int smpProcessorId() {
    return cpu;
  }

  @Override
  public int kmMaxIdx() {
    return kmMaxIdx;
  }

  @Override
  public void localFlushTlbKernelPage(long vaddr) {
    calls.add(ServiceCall.localFlushTlbKernelPage(vaddr));
    if (delegate != null) {
      delegate.localFlushTlbKernelPage(vaddr);
    }
  }

  @Override
  public void localFlushTlbKernelRange(long start, long end) {
    calls.add(ServiceCall.localFlushTlbKernelRange(start, end));
    if (delegate != null) {
      delegate.localFlushTlbKernelRange(start, end);
    }
  }

  @Override
  public void flushTlbKernelPageBroadcast(long vaddr) {
    calls.add(ServiceCall.flushTlbKernelPageBroadcast(vaddr));
    if (delegate != null) {
      delegate.flushTlbKernelPageBroadcast(vaddr);
    }
  }

  @Override
  public void flushTlbKernelRange(long start, long end) {
    calls.add(ServiceCall.flushTlbKernelRange(start, end));
    if (delegate != null) {
      delegate.flushTlbKernelRange(start, end);
    }
  }

  @Override
  public void flushTlbAll() {
    calls.add(ServiceCall.flushTlbAll());
    if (delegate != null) {
      delegate.flushTlbAll();
    }
  }

  @Override
  public void flushDcacheArea(long vaddr, long size) {
    calls.add(ServiceCall.flushDcacheArea(vaddr, size));
    if (delegate != null) {
      delegate.flushDcacheArea(vaddr, size);
    }
  }

  @Override
  public void flushCacheAll() {
    calls.add(ServiceCall.flushCacheAll());
    if (delegate != null) {
      delegate.flushCacheAll();
    }
  }

  @Override
  public void flushLazyMmuMode() {
    calls.add(ServiceCall.flushLazyMmuMode());
    if (delegate != null) {
      delegate.flushLazyMmuMode();
    }
  }

  /** Recorded; the real CPU's answer, or on its own the address it was built with (0: none). */
  @Override
  public long kmapHighGet(long pfn) {
    calls.add(ServiceCall.kmapHighGet(pfn));
    return delegate != null ? delegate.kmapHighGet(pfn) : kmapHighGet;
  }
}
