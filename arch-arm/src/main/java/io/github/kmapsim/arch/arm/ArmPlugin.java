// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arm;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import java.util.List;

/**
 * The 32-bit ARM architecture with HIGHMEM: {@code arm}, {@code arm-vivt} and {@code arm-lpae}.
 * Found with {@link java.util.ServiceLoader}.
 */
public final class ArmPlugin implements ArchPlugin {

  private final List<ArchVariant> variants =
      List.of(
          new ArmVariant(
              "arm",
              "ARMv7 SMP, classic 2-level short descriptors (32-bit Linux pte_t, hardware PTE"
                  + " beside it), VIPT non-aliasing D-cache, 4 KiB pages, PAGE_OFFSET 0xc0000000,"
                  + " LAST_PKMAP 512",
              CacheType.PHYSICAL,
              new ArmClassicPteCodec()),
          new ArmVariant(
              "arm-vivt",
              "ARMv7 SMP, classic 2-level short descriptors as arm, but a VIVT D-cache"
                  + " (cache_is_vivt(): written back before each kunmap), 4 KiB pages, PAGE_OFFSET"
                  + " 0xc0000000, LAST_PKMAP 512; a model configuration, real VIVT cores (ARMv5"
                  + " and older) being uniprocessor",
              CacheType.VIVT,
              new ArmClassicPteCodec()),
          new ArmVariant(
              "arm-lpae",
              "ARMv7 SMP with ARM_LPAE, 3-level long descriptors (64-bit pte_t, 40-bit physical"
                  + " addresses), PIPT/VIPT non-aliasing D-cache, 4 KiB pages, PAGE_OFFSET"
                  + " 0xc0000000, LAST_PKMAP 512",
              CacheType.PHYSICAL,
              new ArmLpaePteCodec()));

  @Override
  public String id() {
    return "arm";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
