// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli.testplugin;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.KmapHooks;
import java.util.List;

/**
 * A broken port, {@code toy-no-tlb-flush}: x86 whose {@code arch_kmap_local_post_unmap} lost its
 * {@code flush_tlb_one_kernel(vaddr)}, so a stale translation outlives {@code kunmap_local}.
 */
public final class BrokenPlugin implements ArchPlugin {

  @Override
  public String id() {
    return "toy";
  }

  @Override
  public List<ArchVariant> variants() {
    return List.of(new ToyVariant("toy-no-tlb-flush", "x86", new KmapHooks() {
      @Override
      public void postMap(HardwareServices hw, long vaddr, long pteval) {
        hw.flushLazyMmuMode();
      }

      @Override
      public void postUnmap(HardwareServices hw, long vaddr) {
        hw.flushLazyMmuMode();
      }

      @Override
      public boolean haveAtomicIomap() {
        return true;
      }
    }));
  }
}
