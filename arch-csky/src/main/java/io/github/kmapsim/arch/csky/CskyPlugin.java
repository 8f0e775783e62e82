// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.csky;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The C-SKY abiv2 architecture: {@code csky}, the {@code arch/csky/configs/defconfig} kernel
 * (CPU_CK807, uniprocessor, HIGHMEM by its Kconfig default), and {@code csky-ck860}, the same
 * with CPU_CK860 and SMP. Found with {@link java.util.ServiceLoader}.
 */
public final class CskyPlugin implements ArchPlugin {

  private final List<ArchVariant> variants =
      List.of(
          new CskyVariant(
              "csky",
              "C-SKY abiv2 CK807 UP (defconfig), HIGHMEM: 4 KiB pages, 32-bit pte_t,"
                  + " PAGE_OFFSET 0x80000000, 1 GiB lowmem, FIXADDR_TOP 0xffffc000, fixed"
                  + " PKMAP_BASE 0xff800000, LAST_PKMAP 1024, flush_tlb_one by JTLB probe",
              1, false),
          new CskyVariant(
              "csky-ck860",
              "C-SKY abiv2 CK860 SMP, HIGHMEM: 4 KiB pages, 32-bit pte_t, PAGE_OFFSET"
                  + " 0x80000000, 1 GiB lowmem, FIXADDR_TOP 0xffffc000, fixed PKMAP_BASE"
                  + " 0xff800000, LAST_PKMAP 1024, flush_tlb_one by tlbi.vaas",
              32, true));

  @Override
  public String id() {
    return "csky";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
