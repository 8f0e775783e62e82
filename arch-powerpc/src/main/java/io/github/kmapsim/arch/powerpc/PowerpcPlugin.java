// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.powerpc;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The 32-bit powerpc architecture: {@code powerpc-book3s32}, a PowerMac-class kernel
 * ({@code pmac32_defconfig}, which sets HIGHMEM, with SMP and the default NR_CPUS 4) on the
 * book3s32 hash MMU with 32-bit PTEs, and {@code powerpc-e500}, {@code corenet32_smp_defconfig}
 * (e500mc SMP; its {@code 85xx-32bit.config} fragment sets HIGHMEM and PHYS_64BIT) with 64-bit
 * PTEs. Found with {@link java.util.ServiceLoader}.
 */
public final class PowerpcPlugin implements ArchPlugin {

  private final List<ArchVariant> variants =
      List.of(
          new PowerpcVariant(
              "powerpc-book3s32",
              "PowerPC book3s32 hash MMU SMP (pmac32_defconfig + SMP), HIGHMEM: 4 KiB pages,"
                  + " 32-bit pte_t, PAGE_OFFSET 0xc0000000, 768 MiB lowmem, FIXADDR_TOP"
                  + " 0xfffff000, LAST_PKMAP 1024, local_flush_tlb_page via the hash table",
              true),
          new PowerpcVariant(
              "powerpc-e500",
              "PowerPC e500mc SMP (corenet32_smp_defconfig), HIGHMEM, PHYS_64BIT: 4 KiB pages,"
                  + " 64-bit pte_t, 36-bit physical, PAGE_OFFSET 0xc0000000, 768 MiB lowmem,"
                  + " FIXADDR_TOP 0xfffff000, LAST_PKMAP 512, local TLB invalidation",
              false));

  @Override
  public String id() {
    return "powerpc";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
