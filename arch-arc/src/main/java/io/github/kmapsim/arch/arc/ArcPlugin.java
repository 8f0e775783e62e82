// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.arc;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The ARC architecture (ARCv2 HS38, MMU v4, v5.11): {@code arc}, hsdk_defconfig with
 * CONFIG_HIGHMEM, and {@code arc-pae40}, the same with CONFIG_ARC_HAS_PAE40: a 32-bit virtual,
 * 40-bit physical machine. Found with {@link java.util.ServiceLoader}.
 */
public final class ArcPlugin implements ArchPlugin {

  private final List<ArchVariant> variants =
      List.of(
          new ArcVariant(
              "arc",
              "ARCv2 HS38 SMP, hsdk_defconfig + HIGHMEM (MMU v4): 8 KiB pages, 32-bit pte_t,"
                  + " PAGE_OFFSET 0x80000000, 1 GiB lowmem, vmalloc 0x70000000 below it,"
                  + " FIXMAP_BASE 0x7fc00000, PKMAP_BASE 0x7fe00000, LAST_PKMAP 256",
              false),
          new ArcVariant(
              "arc-pae40",
              "ARCv2 HS38 SMP, hsdk_defconfig + HIGHMEM + ARC_HAS_PAE40: 8 KiB pages, 64-bit"
                  + " pte_t, 40-bit physical addresses (1 TiB) on a 32-bit virtual machine,"
                  + " PAGE_OFFSET 0x80000000, 1 GiB lowmem, LAST_PKMAP 256",
              true));

  @Override
  public String id() {
    return "arc";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
