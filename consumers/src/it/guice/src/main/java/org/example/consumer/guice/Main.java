// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.consumer.guice;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.guice.KmapSimModule;

/**
 * Builds the machine through Guice on the module path, maps a highmem page, writes and reads it,
 * unmaps it, and checks that the machine reported nothing. Exits 1 on any failure.
 */
public final class Main {
  private Main() {}

  /** Runs the checks. */
  public static void main(String[] args) {
    Injector injector = Guice.createInjector(new KmapSimModule(),
        binder -> binder.bind(MachineConfig.class).toInstance(MachineConfig.preset("x86")));
    Machine m = injector.getInstance(Machine.class);

    Cpu cpu0 = m.cpu(0);
    long va = cpu0.kmapLocalPage(m.page(m.maxLowPfn()));
    cpu0.writeLong(va, 0xfeed);
    long read = cpu0.readLong(va);
    cpu0.kunmapLocal(va);

    boolean ok = read == 0xfeed && m.diagnostics().isEmpty() && m.checkInvariants().isEmpty()
        && injector.getInstance(Machine.class) == m
        && KmapSimModule.class.getModule().getName().equals("io.github.kmapsim.guice")
        && Guice.class.getModule().getName().equals("com.google.guice");
    System.out.println("consumer: Guice on the module path, " + m.arch().name() + " machine: "
        + (ok ? "OK" : "FAILED (read 0x" + Long.toHexString(read) + ", " + m.diagnostics()
            + ", " + m.checkInvariants() + ")"));
    if (!ok) {
      System.exit(1);
    }
  }
}
