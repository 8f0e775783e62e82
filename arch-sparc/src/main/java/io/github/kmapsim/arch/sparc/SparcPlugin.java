// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.sparc;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The 32-bit SPARC architecture: {@code sparc}, a sun4m SRMMU kernel with SMP and HIGHMEM. Found
 * with {@link java.util.ServiceLoader}.
 */
public final class SparcPlugin implements ArchPlugin {

  private final List<ArchVariant> variants = List.of(new SparcVariant());

  @Override
  public String id() {
    return "sparc";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
