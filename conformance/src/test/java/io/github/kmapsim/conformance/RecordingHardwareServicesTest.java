// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kmapsim.spi.ServiceCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recording double records every call, in order, and forwards where it wraps a CPU. */
class RecordingHardwareServicesTest {

  @Test
  void aStandAloneCpuRecordsInOrder() {
    RecordingHardwareServices hw = new RecordingHardwareServices(1, 33, 0xff801000L);
    assertEquals(1, hw.smpProcessorId());
    assertEquals(33, hw.kmMaxIdx());
    assertEquals(2 + 33, hw.kmapLocalCalcIdx(2));
    hw.localFlushTlbKernelPage(0xfffaa000L);
    hw.flushDcacheArea(0xfffaa000L, 4096);
    hw.flushTlbKernelPageBroadcast(0xfffaa000L);
    assertEquals(0xff801000L, hw.kmapHighGet(0x40000));
    assertEquals(List.of(ServiceCall.localFlushTlbKernelPage(0xfffaa000L),
        ServiceCall.flushDcacheArea(0xfffaa000L, 4096),
        ServiceCall.flushTlbKernelPageBroadcast(0xfffaa000L),
        ServiceCall.kmapHighGet(0x40000)), hw.calls());
    assertEquals("[localFlushTlbKernelPage(0xfffaa000), flushDcacheArea(0xfffaa000, 4096),"
        + " flushTlbKernelPageBroadcast(0xfffaa000), kmapHighGet(0x40000)]",
        hw.calls().toString());
    assertThrows(UnsupportedOperationException.class, () -> hw.calls().clear());
    hw.clear();
    assertEquals(List.of(), hw.calls());
  }

  @Test
  void aWrappedCpuRecordsAndForwards() {
    RecordingHardwareServices real = new RecordingHardwareServices(3, 16, 0x1000);
    RecordingHardwareServices rec = RecordingHardwareServices.around(real);
    rec.flushTlbKernelRange(0xff800000L, 0xffc00000L);
    rec.flushLazyMmuMode();
    assertEquals(0x1000, rec.kmapHighGet(5));
    assertEquals(3, rec.smpProcessorId());
    assertEquals(rec.calls(), real.calls());
    assertEquals("flushTlbKernelRange(0xff800000, 0xffc00000)", rec.calls().get(0).toString());
  }
}
