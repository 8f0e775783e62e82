// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.arch.x86;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/**
 * The 32-bit x86 architecture: {@code x86} (CONFIG_HIGHMEM4G) and {@code x86-pae}
 * (CONFIG_HIGHMEM64G, which selects X86_PAE). Found with {@link java.util.ServiceLoader}.
 */
public final class X86Plugin implements ArchPlugin {

  private final List<ArchVariant> variants =
      List.of(
          new X86Variant(
              "x86",
              "i386 HIGHMEM4G: 2-level page tables, 32-bit pte_t, 4 KiB pages,"
                  + " PAGE_OFFSET 0xc0000000, LAST_PKMAP 1024",
              X86Paging.NON_PAE),
          new X86Variant(
              "x86-pae",
              "i386 HIGHMEM64G (X86_PAE): 3-level page tables, 64-bit pte_t with NX at bit 63,"
                  + " 4 KiB pages, PAGE_OFFSET 0xc0000000, LAST_PKMAP 512",
              X86Paging.PAE));

  @Override
  public String id() {
    return "x86";
  }

  @Override
  public List<ArchVariant> variants() {
    return variants;
  }
}
