// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * Guice support ({@link io.github.kmapsim.guice.KmapSimModule}). Guice is an automatic module
 * ({@code com.google.guice}); the package is opened to it for the module's {@code @Provides}
 * method. Its types are in this module's API ({@code KmapSimModule extends AbstractModule}), so it
 * is required transitively, and that a module so required is automatic is the one warning
 * suppressed.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.kmapsim.guice {
  requires transitive io.github.kmapsim.core;
  requires transitive com.google.guice;

  exports io.github.kmapsim.guice;

  opens io.github.kmapsim.guice to com.google.guice;
}
