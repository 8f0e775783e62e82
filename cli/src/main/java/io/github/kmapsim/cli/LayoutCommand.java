// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.report.Json;
import io.github.kmapsim.spi.ArchVariant;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kmapsim layout --arch NAME}: the virtual memory layout of one variant. */
@Command(
    name = "layout",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints the virtual kernel memory layout the way x86-32's mem_init() did at boot, then"
          + " the kmap_local window of every CPU and the lowmem/highmem split."
    })
final class LayoutCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private Plugins plugins;

  @Option(names = "--arch", paramLabel = "NAME", required = true,
      description = "The architecture variant, such as x86-pae, arm-lpae, mips-16k or"
          + " powerpc-e500.")
  private String arch;

  @Option(names = "--cpus", paramLabel = "N",
      description = "NR_CPUS (default: the preset's, " + MachineConfig.DEFAULT_CPUS
          + ", or the variant's limit where lower: 1 on a uniprocessor such as nds32).")
  private Integer cpus;

  @Option(names = "--debug-kmap-local",
      description = "CONFIG_DEBUG_KMAP_LOCAL: KM_MAX_IDX 33 with guard slots between maps.")
  private boolean debugKmapLocal;

  @Option(names = "--memory", paramLabel = "SIZE", converter = MemorySizeConverter.class,
      description = "Physical memory, such as 896M or 2G (default: 2G).")
  private Long memory;

  @Option(names = "--json", description = "Print one JSON object instead: the regions, the"
      + " kernel symbols (PAGE_OFFSET, PKMAP_BASE, FIX_KMAP_BEGIN, ...), every CPU's kmap window"
      + " and the lowmem/highmem split; addresses and pfns as \"0x...\" strings.")
  private boolean json;

  @Override
  public Integer call() {
    try (PluginJars jars = plugins.load(spec)) {
      return layout(jars.registry().variant(arch)); // an unknown name is bad input
    }
  }

  private int layout(ArchVariant variant) {
    int defaultCpus = NrCpus.atMost(variant, MachineConfig.DEFAULT_CPUS);
    MachineConfig.Builder b = MachineConfig.preset(arch).toBuilder()
        .cpus(defaultCpus).debugKmapLocal(debugKmapLocal);
    if (cpus != null) {
      if (cpus < 1) {
        throw new ParameterException(spec.commandLine(),
            "invalid value for option '--cpus': " + cpus + " (NR_CPUS is at least 1)");
      }
      b.cpus(cpus);
    }
    if (memory != null) {
      b.memoryBytes(memory);
    }
    PrintWriter out = spec.commandLine().getOut();
    LayoutReport report = new LayoutReport(KmapSim.newMachine(b.build(), variant), out);
    if (json) {
      out.println(Json.of(report.json()));
    } else {
      report.print();
    }
    return ExitCodes.OK;
  }
}
