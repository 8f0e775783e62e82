// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.microblaze;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The MicroBlaze architecture: one variant, {@code microblaze}, the {@code
 * arch/microblaze/configs/mmu_defconfig} kernel (MMU, HIGHMEM). Found with {@link
 * java.util.ServiceLoader}.
 */
public final class MicroblazePlugin implements ArchPlugin {

  private final List<ArchVariant> variants = List.of(new MicroblazeVariant());

  @Override
  public String id() {
    return "microblaze";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
