// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.xtensa;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The Xtensa architecture (v5.11): {@code xtensa}, virt_defconfig's dc233c core (MMUv3,
 * CONFIG_XTENSA_KSEG_512M, CONFIG_HIGHMEM) with one D-cache colour, and {@code xtensa-c2}, the
 * same kernel for a custom core whose D-cache way is 8 KiB, two colours. Found with {@link
 * java.util.ServiceLoader}.
 */
public final class XtensaPlugin implements ArchPlugin {

  private final List<ArchVariant> variants =
      List.of(
          new XtensaVariant(
              "xtensa",
              "Xtensa dc233c, virt_defconfig (MMUv3, XTENSA_KSEG_512M, HIGHMEM): 4 KiB pages,"
                  + " 32-bit pte_t, PAGE_OFFSET 0xa0000000, 512 MiB lowmem, vmalloc"
                  + " 0x90000000 below it, DCACHE_N_COLORS 1, LAST_PKMAP 1024, empty PTE 0x1c,"
                  + " kmap_prot PAGE_KERNEL_EXEC",
              XtensaCore.DC233C),
          new XtensaVariant(
              "xtensa-c2",
              "Xtensa custom core with 8 KiB D-cache ways, virt_defconfig otherwise: 4 KiB"
                  + " pages, DCACHE_N_COLORS 2 (colour-aware kmap_idx, per-colour pkmap),"
                  + " LAST_PKMAP 2048, PAGE_OFFSET 0xa0000000, empty PTE 0x1c, kmap_prot"
                  + " PAGE_KERNEL_EXEC",
              XtensaCore.CUSTOM_8K_WAY));

  @Override
  public String id() {
    return "xtensa";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
