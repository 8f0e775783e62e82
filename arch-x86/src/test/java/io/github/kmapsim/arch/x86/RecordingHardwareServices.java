// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import io.github.kmapsim.spi.HardwareServices;
import java.util.ArrayList;
import java.util.List;

/** A {@link HardwareServices} that records every machine effect a hook asks for, in order. */
final class RecordingHardwareServices implements HardwareServices {

  final List<String> calls = new ArrayList<>();
  private final int cpu;
  private final int kmMaxIdx;

  RecordingHardwareServices(int cpu, int kmMaxIdx) {
    this.cpu = cpu;
    this.kmMaxIdx = kmMaxIdx;
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
    calls.add("localFlushTlbKernelPage(0x" + Long.toHexString(vaddr) + ")");
  }

  @Override
  public void localFlushTlbKernelRange(long start, long end) {
    calls.add("localFlushTlbKernelRange(0x" + Long.toHexString(start) + ", 0x"
        + Long.toHexString(end) + ")");
  }

  @Override
  public void flushTlbKernelPageBroadcast(long vaddr) {
    calls.add("flushTlbKernelPageBroadcast(0x" + Long.toHexString(vaddr) + ")");
  }

  @Override
  public void flushTlbKernelRange(long start, long end) {
    calls.add(
        "flushTlbKernelRange(0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")");
  }

  @Override
  public void flushTlbAll() {
    calls.add("flushTlbAll()");
  }

  @Override
  public void flushDcacheArea(long vaddr, long size) {
    calls.add("flushDcacheArea(0x" + Long.toHexString(vaddr) + ", " + size + ")");
  }

  @Override
  public void flushCacheAll() {
    calls.add("flushCacheAll()");
  }

  @Override
  public void flushLazyMmuMode() {
    calls.add("flushLazyMmuMode()");
  }
}
