// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.HardwareServices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded random workloads on every discovered variant, through the public API only: legal
 * sequences of kmap_local, kmap_atomic, their unmaps, reads and writes, context switches,
 * migration, sleeping, fork and exit, interrupts mapping on top of a task's maps, the highmem.h
 * helpers, io_mapping's WC maps of device memory, and persistent kmap (with bursts that wrap the
 * pkmap scan, and kmap_flush_unused), checked after every step against {@link Shadow}
 * (invariants, diagnostics, kmap_ctrl, disable counts, memory contents through every live mapping
 * and in physical memory, the pkmap entries, page_address and the pkmap flush count).
 *
 * <p>A failure is shrunk to a minimal op list and reported with its variant, seed and the
 * command that reruns just it: {@code -Dprop.seed=N} (with {@code -Dprop.variant=NAME}) runs one
 * seed instead of the 20 per variant ({@code -Dprop.seeds}, {@code -Dprop.ops} change how many and how long;
 * the {@code soak} profile runs 10 of 100,000 ops, 10^6 ops per variant).
 */
class RandomOpsAllVariantsTest {
  /** Workloads per variant; {@code -Dprop.seeds=N} (the soak profile: 10). */
  private static final int SEEDS = Integer.getInteger("prop.seeds", 20);
  /** Ops per workload; {@code -Dprop.ops=N} (the soak profile: 100,000). */
  private static final int OPS = Integer.getInteger("prop.ops", 400);
  private static final int PAIR_SHRINK_LIMIT = 40;

  /**
   * A workload: a machine configuration, the home CPUs of its tasks and the ops. Everything is
   * derived from the seed: its low bit is DEBUG_KMAP_LOCAL, and the next one, with it,
   * DEBUG_KMAP_LOCAL_FORCE_MAP (lib/Kconfig.debug: it selects DEBUG_KMAP_LOCAL and depends on
   * ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP, which only x86 selects, so it is used on x86 only).
   */
  record Workload(
      String variant, long seed, MachineConfig config, int[] homes, List<RandomOp> ops) {

    static Workload of(String variant, long seed) {
      Random r = new Random(seed);
      ArchVariant arch = KmapSim.variant(variant);
      boolean debug = (seed & 1) != 0;
      int cpus = Variants.cpus(variant, 2 + r.nextInt(3), debug); // 1 on a uniprocessor
      int[] homes = IntStream.range(0, cpus + r.nextInt(3))
          .map(t -> t < cpus ? t : r.nextInt(cpus)).toArray();
      boolean forceMapWorks = arch.supportsKmapLocalForceMap();
      MachineConfig config = MachineConfig.preset(variant).toBuilder().cpus(cpus)
          .debugKmapLocal(debug).forceMap(debug && (seed & 2) != 0 && forceMapWorks).build();
      return new Workload(variant, seed, config, homes, RandomOp.generate(r, cpus, OPS));
    }

    /** The machine and tasks, for test names and failure messages. */
    String describe() {
      return String.format("%d CPUs, tasks t0..t%d homed on CPUs %s, DEBUG_KMAP_LOCAL %s%s",
          config.cpus(), homes.length - 1, Arrays.toString(homes),
          config.debugKmapLocal() ? "on" : "off", config.forceMap() ? ", FORCE_MAP" : "");
    }

    Workload with(List<RandomOp> fewer) {
      return new Workload(variant, seed, config, homes, fewer);
    }

    Shadow.Outcome replay(Function<MachineConfig, Machine> machines) {
      return Shadow.replay(() -> machines.apply(config), homes, ops);
    }
  }

  /** A failed workload after shrinking. */
  record Failure(String message, int originalOps, int minimalOps) {}

  @TestFactory
  Stream<DynamicTest> randomWorkloadsOnEveryVariant() {
    String only = System.getProperty("prop.variant");
    Long seed = Long.getLong("prop.seed");
    List<String> variants = only == null ? Variants.all().toList() : List.of(only);
    return variants.stream().flatMap(v -> seeds(v, seed).mapToObj(s -> {
      Workload w = Workload.of(v, s);
      String name = String.format("%s seed %d (%s)", v, s, w.describe());
      return DynamicTest.dynamicTest(name, () -> check(w, KmapSim::newMachine)
          .ifPresent(f -> fail(f.message())));
    }));
  }

  /**
   * The harness catches a broken port: x86 whose {@code arch_kmap_local_post_unmap} does not
   * flush the local TLB keeps translating a freed slot, and the failure is reported with its seed
   * and shrunk to a few ops.
   */
  @Test
  void aPortWithoutThePostUnmapTlbFlushFailsWithAShrunkReproducer() {
    Workload w = Workload.of("x86", 42);
    Optional<Failure> failure = check(w, config -> DelegatingVariant.machine(config,
        "no-tlb-flush", new DelegatingVariant.Hooks("x86") {
          @Override
          public void postUnmap(HardwareServices hw, long vaddr) {
            // the porting mistake: no local_flush_tlb_kernel_page(vaddr)
          }
        }));

    assertTrue(failure.isPresent(), "the missing TLB flush went unnoticed");
    Failure f = failure.get();
    assertTrue(f.message().contains("seed 42") && f.message().contains("-Dprop.seed=42"),
        f::message);
    assertTrue(f.minimalOps() < f.originalOps() && f.minimalOps() <= 10, f::message);
  }

  /** {@code only}, or {@link #SEEDS} non-negative seeds of the variant, odd ones every other. */
  private static LongStream seeds(String variant, Long only) {
    if (only != null) {
      return LongStream.of(only);
    }
    return LongStream.range(0, SEEDS).map(
        i -> Variants.pattern(variant.hashCode(), i) & Long.MAX_VALUE & ~1L | i & 1);
  }

  /** Replays a workload; on failure shrinks it and describes the minimal reproducer. */
  static Optional<Failure> check(Workload w, Function<MachineConfig, Machine> machines) {
    Shadow.Outcome outcome = w.replay(machines);
    if (outcome.failure() == null) {
      return Optional.empty();
    }
    Shadow.Outcome minimal = shrink(w, machines).replay(machines);
    String message = String.format("%s seed %d (%s): %s%n"
            + "rerun just this: mvn -o -pl tests verify -Dtest=RandomOpsAllVariantsTest "
            + "-Dprop.seed=%d -Dprop.variant=%s%n"
            + "minimal reproducer (%d of %d ops; highmem+N is pfn max_low_pfn+N, "
            + "lowmem+N is pfn max_low_pfn/2+N, io+N is device pfn max_pfn+N):%n  %s%n"
            + "which fails %s",
        w.variant(), w.seed(), w.describe(), outcome.failure(), w.seed(), w.variant(),
        minimal.log().size(), w.ops().size(),
        String.join(System.lineSeparator() + "  ", minimal.log()), minimal.failure());
    return Optional.of(new Failure(message, w.ops().size(), minimal.log().size()));
  }

  /**
   * Delta debugging: removes chunks of ops, halving the chunk size down to single ops, as long as
   * the workload still fails (any failure); then, on a short list, pairs of ops (an interrupt
   * entry and its exit, a map and its unmap), until no removal keeps it failing.
   */
  private static Workload shrink(Workload w, Function<MachineConfig, Machine> machines) {
    List<RandomOp> ops = new ArrayList<>(w.ops());
    for (int chunk = Math.max(1, ops.size() / 2); chunk >= 1; chunk /= 2) {
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int from = ops.size() - chunk; from >= 0; from -= chunk) {
          List<RandomOp> candidate = new ArrayList<>(ops.subList(0, from));
          candidate.addAll(ops.subList(from + chunk, ops.size()));
          if (w.with(candidate).replay(machines).failure() != null) {
            ops = candidate;
            progress = true;
          }
        }
      }
    }
    return ops.size() <= PAIR_SHRINK_LIMIT ? w.with(withoutPairs(w, machines, ops)) : w.with(ops);
  }

  private static List<RandomOp> withoutPairs(Workload w, Function<MachineConfig, Machine> machines,
      List<RandomOp> ops) {
    for (int i = 0; i < ops.size(); i++) {
      for (int j = i + 1; j < ops.size(); j++) {
        List<RandomOp> candidate = new ArrayList<>(ops);
        candidate.remove(j);
        candidate.remove(i);
        if (w.with(candidate).replay(machines).failure() != null) {
          return withoutPairs(w, machines, candidate);
        }
      }
    }
    return ops;
  }
}
