// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli.testplugin;

import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.util.List;

/** A correct port: x86 (non-PAE) as {@code toy-good}. */
public final class GoodPlugin implements ArchPlugin {

  @Override
  public String id() {
    return "toy";
  }

  @Override
  public List<ArchVariant> variants() {
    return List.of(new ToyVariant("toy-good", "x86", null));
  }
}
