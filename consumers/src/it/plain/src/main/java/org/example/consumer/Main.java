// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.consumer;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.KmapSim;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a highmem page, writes and reads it, unmaps it, and checks that the machine reported
 * nothing; then that it ran on the module path with no jar but kmapsim's. Exits 1 on any failure.
 */
public final class Main {
  private Main() {}

  /** Runs the checks. */
  public static void main(String[] args) {
    List<String> failures = new ArrayList<>();

    Machine m = KmapSim.newMachine(MachineConfig.preset("x86-pae").toBuilder().cpus(2).build());
    Cpu cpu0 = m.cpu(0);
    Page page = m.page(m.maxLowPfn() + 42);           // a highmem page
    long va = cpu0.kmapLocalPage(page);               // 0xfffba000: slot 0 of CPU0's kmap window
    cpu0.writeLong(va, 0xfeed);
    long read = cpu0.readLong(va);
    cpu0.kunmapLocal(va);                             // takes the address, never the page
    m.diagnostics().forEach(d -> System.out.println(d.format()));    // WARN, BUG, refused
    m.checkInvariants().forEach(v -> System.out.println(v.format())); // KMAP-Innn

    expect(failures, read == 0xfeed, "read back 0x" + Long.toHexString(read));
    expect(failures, va == 0xfffba000L, "mapped at 0x" + Long.toHexString(va));
    expect(failures, m.diagnostics().isEmpty(), "diagnostics " + m.diagnostics());
    expect(failures, m.checkInvariants().isEmpty(), "invariants " + m.checkInvariants());
    expect(failures, KmapSim.variantNames().equals(List.of("x86", "x86-pae")),
        "variants found through provides: " + KmapSim.variantNames());
    checkModulePath(failures);

    if (!failures.isEmpty()) {
      failures.forEach(f -> System.out.println("consumer: FAILED " + f));
      System.exit(1);
    }
    System.out.println("consumer: kmap_local round trip on the module path, nothing but kmapsim: OK");
  }

  /** kmapsim runs as named modules, and the runtime path holds kmapsim's jars and ours only. */
  static void checkModulePath(List<String> failures) {
    expect(failures, KmapSim.class.getModule().getName().equals("io.github.kmapsim.core"),
        "KmapSim is in " + KmapSim.class.getModule());
    expect(failures, System.getProperty("java.class.path", "").isEmpty(),
        "class path " + System.getProperty("java.class.path"));
    for (String entry : System.getProperty("jdk.module.path", "").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      expect(failures, name.startsWith("kmapsim-") || name.equals("classes"),
          "third-party entry on the module path: " + entry);
    }
    for (Module module : ModuleLayer.boot().modules()) {
      String name = module.getName();
      expect(failures, name.startsWith("java.") || name.startsWith("jdk.")
          || name.startsWith("io.github.kmapsim.") || name.equals("org.example.consumer"),
          "third-party module " + name);
    }
  }

  private static void expect(List<String> failures, boolean ok, String what) {
    if (!ok) {
      failures.add(what);
    }
  }
}
