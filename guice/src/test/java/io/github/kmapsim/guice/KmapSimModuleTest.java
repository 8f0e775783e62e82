// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link KmapSimModule} with the x86 plugin on the test class path: the variants bound by name,
 * a singleton machine for the bound configuration that maps, writes, reads and unmaps a highmem
 * page, and the simulator's own error for an unknown variant.
 */
class KmapSimModuleTest {

  private static Injector injector(MachineConfig config) {
    return Guice.createInjector(
        new KmapSimModule(), binder -> binder.bind(MachineConfig.class).toInstance(config));
  }

  @Test
  void bindsEveryDiscoveredVariantByName() {
    Map<String, ArchVariant> variants =
        injector(MachineConfig.preset("x86"))
            .getInstance(Key.get(new TypeLiteral<Map<String, ArchVariant>>() {}));

    assertEquals(KmapSim.variantNames(), List.copyOf(new java.util.TreeSet<>(variants.keySet())));
    assertTrue(variants.keySet().containsAll(List.of("x86", "x86-pae")), variants::toString);
    variants.forEach((name, variant) -> assertEquals(name, variant.name(), "key is the name"));
  }

  @Test
  void providesOneWorkingMachineForTheBoundConfiguration() {
    Injector injector = injector(MachineConfig.preset("x86-pae"));

    Machine machine = injector.getInstance(Machine.class);

    assertSame(machine, injector.getInstance(Machine.class), "Machine is a singleton");
    assertEquals("x86-pae", machine.arch().name());
    Cpu cpu = machine.cpu(0);
    Page page = machine.page(machine.maxLowPfn() + 1);
    long va = cpu.kmapLocalPage(page);
    cpu.writeLong(va, 0x1122_3344_5566_7788L);
    assertEquals(0x1122_3344_5566_7788L, cpu.readLong(va));
    cpu.kunmapLocal(va);
    assertEquals(0, cpu.current().kmapIdx());
    assertEquals(List.of(), machine.diagnostics());
  }

  @Test
  void anUnknownVariantIsTheSimulatorsBadConfig() {
    Injector injector = injector(MachineConfig.preset("x86").toBuilder().arch("vax").build());

    ProvisionException e =
        assertThrows(ProvisionException.class, () -> injector.getInstance(Machine.class));

    KmapException cause = (KmapException) e.getCause();
    assertEquals(DiagnosticCode.BAD_CONFIG, cause.code());
    assertTrue(cause.getMessage().contains("unknown architecture 'vax'; known: x86, x86-pae"),
        cause.getMessage());
  }
}
