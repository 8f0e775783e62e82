// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.nds32;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The nds32 (Andes) architecture as v5.11 to v5.17 had it; it was removed from the kernel in
 * v5.18. One variant, {@code nds32}. Found with {@link java.util.ServiceLoader}.
 */
public final class Nds32Plugin implements ArchPlugin {

  private final List<ArchVariant> variants = List.of(new Nds32Variant());

  @Override
  public String id() {
    return "nds32";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
