// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.mips;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The 32-bit MIPS architecture: {@code mips} (CONFIG_PAGE_SIZE_4KB) and {@code mips-16k}
 * (CONFIG_PAGE_SIZE_16KB), both MIPS32 R2 SMP kernels with HIGHMEM. Found with {@link
 * java.util.ServiceLoader}.
 */
public final class MipsPlugin implements ArchPlugin {

  private final List<ArchVariant> variants =
      List.of(
          new MipsVariant(
              "mips",
              "MIPS32 R2 (RI/XI) SMP HIGHMEM, generic platform: 4 KiB pages, 32-bit pte_t,"
                  + " PFN_PTE_SHIFT 12, PAGE_OFFSET 0x80000000, 512 MiB lowmem (KSEG0),"
                  + " FIXADDR_TOP 0xfffe0000, LAST_PKMAP 1024, CCA 3",
              12),
          new MipsVariant(
              "mips-16k",
              "MIPS32 R2 (RI/XI) SMP HIGHMEM, generic platform: 16 KiB pages, 32-bit pte_t,"
                  + " PFN_PTE_SHIFT 14, PAGE_OFFSET 0x80000000, 512 MiB lowmem (KSEG0),"
                  + " FIXADDR_TOP 0xfffe0000, LAST_PKMAP 1024, CCA 3",
              14));

  @Override
  public String id() {
    return "mips";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
