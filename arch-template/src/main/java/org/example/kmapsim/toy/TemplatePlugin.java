// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.kmapsim.toy;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * A toy 32-bit architecture with the asm-generic fixmap: copy, rename, and replace the values
 * of {@link ToyVariant} with your architecture's. Registered in
 * {@code META-INF/services/io.github.kmapsim.spi.ArchPlugin}.
 */
public final class TemplatePlugin implements ArchPlugin {

  @Override
  public String id() {
    return "toy";
  }

  @Override
  public List<ArchVariant> variants() {
    return List.of(new ToyVariant());
  }
}
