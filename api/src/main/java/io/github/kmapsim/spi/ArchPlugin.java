// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.util.List;

/**
 * An architecture plugin, registered in {@code META-INF/services/io.github.kmapsim.spi.ArchPlugin}.
 * A new architecture is a new jar on the class path; nothing else is edited.
 */
public interface ArchPlugin {

  /** The architecture's name, such as {@code x86}; it prefixes its variants' names. */
  String id();

  /** The variants the plugin offers; their names are unique across all plugins. */
  List<ArchVariant> variants();
}
