// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli.testplugin;

import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;

/** A built-in variant under a new name, with its own kmap hooks: a third party's port. */
final class ToyVariant implements ArchVariant {
  private final String name;
  private final ArchVariant real;
  private final KmapHooks hooks;

  ToyVariant(String name, String realName, KmapHooks hooks) {
    this.name = name;
    this.real = KmapSim.variant(realName);
    this.hooks = hooks == null ? real.hooks() : hooks;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return real.description() + " (test plugin " + name + ")";
  }

  @Override
  public int maxCpus() {
    return real.maxCpus();
  }

  @Override
  public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
    return real.layout(nrCpus, kmMaxIdx);
  }

  @Override
  public PteCodec pteCodec() {
    return real.pteCodec();
  }

  @Override
  public KmapHooks hooks() {
    return hooks;
  }

  @Override
  public CacheType cacheType() {
    return real.cacheType();
  }
}
