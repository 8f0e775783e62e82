// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The core maps and unmaps through a shortened path when every step is the kernel default and
 * nobody listens; a listener forces the general path. The same seeded sequence, legal and
 * illegal calls alike (wrong-order unmaps, stray addresses, overflows), on CPU0 and CPU1, must
 * give the same addresses, values, refusals, counters, diagnostics and invariants either way, on
 * every variant and debug configuration (the fast path itself is taken where the variant keeps
 * every kernel default: x86 and x86-pae).
 */
class ListenerEquivalenceTest {
  private static final int SEEDS = 12;
  private static final int OPS = 400;

  @TestFactory
  Stream<DynamicTest> aListenerChangesNothingButWhatItHears() {
    return Variants.all().flatMap(v -> configs(v).flatMap(config -> IntStream.range(0, SEEDS)
        .mapToObj(seed -> DynamicTest.dynamicTest(v + " " + describe(config) + " seed " + seed,
            () -> assertEquals(run(config, seed, false), run(config, seed, true),
                "rerun: seed " + seed + " on " + v + " " + describe(config))))));
  }

  private static Stream<MachineConfig> configs(String variant) {
    MachineConfig plain =
        MachineConfig.preset(variant).toBuilder().cpus(Variants.cpus(variant, 2)).build();
    Stream<MachineConfig> debug = Stream.of(plain, plain.toBuilder().debugKmapLocal(true).build());
    return KmapSim.variant(variant).supportsKmapLocalForceMap()
        ? Stream.concat(debug, Stream.of(plain.toBuilder().forceMap(true).build())) : debug;
  }

  private static String describe(MachineConfig c) {
    return c.forceMap() ? "FORCE_MAP" : c.debugKmapLocal() ? "DEBUG_KMAP_LOCAL" : "default";
  }

  /** One seeded run; everything observable, as text. */
  private static String run(MachineConfig config, long seed, boolean listen) {
    Machine m = KmapSim.newMachine(config);
    if (listen) {
      m.addListener(new KmapListener() {});
    }
    // CPU1's slots start KM_MAX_IDX in: the per-CPU stride is compared (CPU0 on a uniprocessor)
    int id = (int) (seed % config.cpus());
    Task[] tasks = {m.createTask("a", id), m.createTask("b", id)};
    m.schedule(id, tasks[0]);
    Cpu cpu = m.cpu(id);
    Deque<Long> live = new ArrayDeque<>();
    StringBuilder log = new StringBuilder();
    Random r = new Random(seed);
    long highmem = m.maxPfn() - m.maxLowPfn();
    for (int i = 0; i < OPS; i++) {
      int op = r.nextInt(20);
      try {
        if (op < 8) {
          long pfn = r.nextInt(4) == 0 ? r.nextInt((int) m.maxLowPfn())
              : m.maxLowPfn() + r.nextInt((int) highmem);
          long va = r.nextBoolean() ? cpu.kmapLocalPage(m.page(pfn)) : cpu.kmapLocalPfn(pfn);
          live.push(va);
          cpu.writeLong(va, i);
          log.append("map ").append(Long.toHexString(va)).append('\n');
        } else if (op < 13 && !live.isEmpty()) {
          cpu.kunmapLocal(live.pop() + 8);
          log.append("unmap\n");
        } else if (op == 13 && live.size() > 1) {
          cpu.kunmapLocal(live.removeLast());
          log.append("unmap out of order\n");
        } else if (op == 14) {
          cpu.kunmapLocal(m.layout().fixToVirt(m.layout().fixKmapBegin() + r.nextInt(8)));
          log.append("unmap of a slot address\n");
        } else if (op == 15) {
          cpu.irqEnter();
          long va = cpu.kmapLocalPage(m.page(m.maxLowPfn() + r.nextInt((int) highmem)));
          log.append("irq reads ").append(cpu.readLong(va)).append('\n');
          cpu.kunmapLocal(va);
          cpu.irqExit();
        } else if (op == 16) {
          m.schedule(id, cpu.current() == tasks[0] ? tasks[1] : tasks[0]);
          log.append("switch to ").append(cpu.current().name()).append('\n');
        } else if (op == 17 && !live.isEmpty()) {
          log.append("reads ").append(cpu.readLong(live.peek())).append('\n');
        } else if (op == 18) {
          long va = cpu.kmapAtomic(m.page(m.maxPfn() - 1));
          cpu.kunmapAtomic(va);
          log.append("atomic ").append(Long.toHexString(va)).append('\n');
        }
      } catch (KmapException e) {
        log.append("refused ").append(e.code()).append(": ").append(e.getMessage()).append('\n');
        if (r.nextInt(3) == 0) {
          live.clear();
        }
      }
    }
    return log.append(m.counters()).append('\n')
        .append(m.diagnostics().stream().map(d -> d.format()).toList()).append('\n')
        .append(m.checkInvariants()).toString();
  }
}
