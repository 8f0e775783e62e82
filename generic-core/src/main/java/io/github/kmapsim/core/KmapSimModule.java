package io.github.kmapsim.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.Map;

/**
 * Guice wiring: binds every variant of every discovered {@link ArchPlugin} into a
 * {@code Map<String, ArchVariant>} keyed by variant name (a duplicate name fails the injector),
 * and provides the {@link Machine} for the {@link MachineConfig} the user binds:
 *
 * <pre>{@code
 * Machine m = Guice.createInjector(new KmapSimModule(),
 *         b -> b.bind(MachineConfig.class).toInstance(MachineConfig.preset("x86")))
 *     .getInstance(Machine.class);
 * }</pre>
 */
public final class KmapSimModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, ArchVariant> variants =
        MapBinder.newMapBinder(binder(), String.class, ArchVariant.class);
    for (ArchPlugin plugin : ArchRegistry.plugins()) {
      for (ArchVariant v : plugin.variants()) {
        variants.addBinding(v.name()).toInstance(v);
      }
    }
  }

  @Provides
  @Singleton
  Machine machine(MachineConfig config, Map<String, ArchVariant> variants) {
    ArchVariant variant = variants.get(config.arch());
    if (variant == null) {
      throw ArchRegistry.unknown(config.arch(), variants.keySet());
    }
    return KmapSim.newMachine(config, variant);
  }
}
