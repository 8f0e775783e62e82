// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import java.util.Map;

/**
 * Guice wiring: binds every variant of every discovered plugin ({@link ArchRegistry#discover()})
 * into a {@code Map<String, ArchVariant>} keyed by variant name, and provides the {@link Machine}
 * for the {@link MachineConfig} the user binds:
 *
 * <pre>{@code
 * Machine m = Guice.createInjector(new KmapSimModule(),
 *         b -> b.bind(MachineConfig.class).toInstance(MachineConfig.preset("x86")))
 *     .getInstance(Machine.class);
 * }</pre>
 *
 * <p>A variant name offered twice fails the injector, naming both plugins. Add variants of your
 * own with {@code MapBinder.newMapBinder(binder(), String.class, ArchVariant.class)}.
 */
public final class KmapSimModule extends AbstractModule {

  /** The module; discovery runs when the injector is created. */
  public KmapSimModule() {}

  @Override
  protected void configure() {
    MapBinder<String, ArchVariant> variants =
        MapBinder.newMapBinder(binder(), String.class, ArchVariant.class);
    for (ArchVariant v : ArchRegistry.discover().variants()) {
      variants.addBinding(v.name()).toInstance(v);
    }
  }

  @Provides
  @Singleton
  Machine machine(MachineConfig config, Map<String, ArchVariant> variants) {
    ArchVariant variant = variants.get(config.arch());
    if (variant == null) {
      throw ArchRegistry.unknownVariant(config.arch(), variants.keySet());
    }
    return KmapSim.newMachine(config, variant);
  }
}
