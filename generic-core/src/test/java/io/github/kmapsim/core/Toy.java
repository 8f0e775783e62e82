// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.spi.KmapHooks;

/** Machines on {@link ToyArch} for the core's tests. */
public final class Toy {
  public static final long HIGH_PFN = ToyArch.MAX_LOW_PFN + 0x100;

  private Toy() {}

  public static MachineConfig config() {
    return MachineConfig.preset("toy").toBuilder().cpus(2).memoryBytes(1L << 30).build();
  }

  public static Machine machine() {
    return machine(config());
  }

  public static Machine machine(MachineConfig config) {
    return KmapSim.newMachine(config, new ToyArch());
  }

  public static Machine machine(MachineConfig config, KmapHooks hooks) {
    return KmapSim.newMachine(config, new ToyArch(hooks));
  }

  /** {@code __fix_to_virt(FIX_KMAP_BEGIN + slot + KM_MAX_IDX * cpu)} on the toy layout. */
  public static long slot(int cpu, int slot, int kmMaxIdx) {
    return ToyArch.FIXADDR_TOP - ((long) (1 + slot + kmMaxIdx * cpu) << 12);
  }

  public static long slot(int cpu, int slot) {
    return slot(cpu, slot, 16);
  }
}
