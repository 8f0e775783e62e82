// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.random.RandomWorkload;
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
 * Seeded random workloads on every discovered variant: the library's generator ({@link
 * RandomWorkload}) writes the scenario statements, legal by construction (local and atomic maps,
 * unmaps, reads and writes, context switches, migration, sleeping, fork and exit, nested
 * interrupts mapping on top of a task's maps, the highmem.h helpers, io_mapping's WC maps of
 * device memory, persistent kmap with bursts that wrap the pkmap scan, kmap_flush_unused and the
 * pool running dry), and {@link Shadow} checks the machine after every one.
 *
 * <p>A failure is shrunk to a minimal list of statements that is still legal ({@link
 * RandomWorkload#illegal}) and still fails, and reported with its variant, seed, the command
 * that reruns just it ({@code -Dprop.seed=N}, with {@code -Dprop.variant=NAME}) and the
 * scenario file that reproduces it with {@code kmapsim run}. {@code -Dprop.seeds} and {@code
 * -Dprop.ops} change how many workloads run and how long each is; the {@code soak} profile runs
 * 10 of 100,000 statements, 10^6 per variant.
 */
class RandomOpsAllVariantsTest {
  /** Workloads per variant; {@code -Dprop.seeds=N} (the soak profile: 10). */
  private static final int SEEDS = Integer.getInteger("prop.seeds", 20);
  /** Statements per workload; {@code -Dprop.ops=N} (the soak profile: 100,000). */
  private static final int STATEMENTS = Integer.getInteger("prop.ops", 400);
  private static final int PAIR_SHRINK_LIMIT = 40;

  /**
   * A workload: a machine configuration, the home CPUs of its tasks and the statements. Everything
   * is derived from the seed: its low bit is DEBUG_KMAP_LOCAL, and the next one, with it,
   * DEBUG_KMAP_LOCAL_FORCE_MAP (lib/Kconfig.debug: it selects DEBUG_KMAP_LOCAL and depends on
   * ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP, which only x86 selects, so it is used on x86 only).
   */
  record Workload(String variant, long seed, MachineConfig config, int[] homes,
      List<Statement> statements, RandomWorkload generator) {

    static Workload of(String variant, long seed) {
      return of(variant, seed, STATEMENTS);
    }

    static Workload of(String variant, long seed, int count) {
      Random r = new Random(seed);
      ArchVariant arch = KmapSim.variant(variant);
      boolean debug = (seed & 1) != 0;
      int cpus = Variants.cpus(variant, 2 + r.nextInt(3), debug); // 1 on a uniprocessor
      int[] homes = IntStream.range(0, cpus + r.nextInt(3))
          .map(t -> t < cpus ? t : r.nextInt(cpus)).toArray();
      boolean forceMapWorks = arch.supportsKmapLocalForceMap();
      MachineConfig config = MachineConfig.preset(variant).toBuilder().cpus(cpus)
          .debugKmapLocal(debug).forceMap(debug && (seed & 2) != 0 && forceMapWorks).build();
      RandomWorkload w = RandomWorkload.on(KmapSim.newMachine(config), homes, seed);
      List<Statement> statements = Stream.generate(w::next).limit(count).toList();
      return new Workload(variant, seed, config, homes, statements, w);
    }

    /** The machine and tasks, for test names and failure messages. */
    String describe() {
      return String.format("%d CPUs, tasks t0..t%d homed on CPUs %s, DEBUG_KMAP_LOCAL %s%s",
          config.cpus(), homes.length - 1, Arrays.toString(homes),
          config.debugKmapLocal() ? "on" : "off", config.forceMap() ? ", FORCE_MAP" : "");
    }

    Workload with(List<Statement> fewer) {
      return new Workload(variant, seed, config, homes, fewer, generator);
    }

    /** Whether the statements are still legal on a correct machine (a shrink candidate). */
    boolean legal() {
      return RandomWorkload.illegal(KmapSim.newMachine(config), homes, statements).isEmpty();
    }

    Shadow.Result replay(Function<MachineConfig, Machine> machines) {
      return Shadow.replay(() -> machines.apply(config), homes, statements);
    }
  }

  /** A failed workload after shrinking. */
  record Failure(String message, int originalStatements, int minimalStatements) {}

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
   * and shrunk to a few statements that form a scenario file.
   */
  @Test
  void aPortWithoutThePostUnmapTlbFlushFailsWithAShrunkReproducer() {
    Workload w = Workload.of("x86", 42, 1000);
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
    assertTrue(f.message().contains("\nmachine arch=x86 cpus="), f::message);
    assertTrue(f.minimalStatements() < f.originalStatements() && f.minimalStatements() <= 12,
        f::message);
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
    Shadow.Result outcome = w.replay(machines);
    if (outcome.failure() == null) {
      return Optional.empty();
    }
    Workload failing = w.with(outcome.ran());
    Workload minimal = shrink(failing, machines);
    Shadow.Result again = minimal.replay(machines);
    String message = String.format("%s seed %d (%s): %s%n"
            + "rerun just this: mvn -o -pl tests verify -Dtest=RandomOpsAllVariantsTest "
            + "-Dprop.seed=%d -Dprop.variant=%s%n"
            + "minimal reproducer (%d of %d statements), a scenario for kmapsim run:%n%s"
            + "which fails %s",
        w.variant(), w.seed(), w.describe(), outcome.failure(), w.seed(), w.variant(),
        minimal.statements().size(), w.statements().size(),
        w.generator().scenario(minimal.statements()), again.failure());
    return Optional.of(new Failure(message, w.statements().size(), minimal.statements().size()));
  }

  /**
   * Delta debugging: removes chunks of statements, halving the chunk size down to single ones,
   * keeping a candidate when it is still legal and still fails; then, on a short list, pairs
   * (an interrupt entry and its exit, a map and its unmap), until no removal keeps it failing.
   */
  private static Workload shrink(Workload w, Function<MachineConfig, Machine> machines) {
    List<Statement> ops = new ArrayList<>(w.statements());
    for (int chunk = Math.max(1, ops.size() / 2); chunk >= 1; chunk /= 2) {
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int from = ops.size() - chunk; from >= 0; from -= chunk) {
          List<Statement> candidate = new ArrayList<>(ops.subList(0, from));
          candidate.addAll(ops.subList(from + chunk, ops.size()));
          if (fails(w.with(candidate), machines)) {
            ops = candidate;
            progress = true;
          }
        }
      }
    }
    return ops.size() <= PAIR_SHRINK_LIMIT ? w.with(withoutPairs(w, machines, ops)) : w.with(ops);
  }

  private static List<Statement> withoutPairs(Workload w,
      Function<MachineConfig, Machine> machines, List<Statement> ops) {
    for (int i = 0; i < ops.size(); i++) {
      for (int j = i + 1; j < ops.size(); j++) {
        List<Statement> candidate = new ArrayList<>(ops);
        candidate.remove(j);
        candidate.remove(i);
        if (fails(w.with(candidate), machines)) {
          return withoutPairs(w, machines, candidate);
        }
      }
    }
    return ops;
  }

  private static boolean fails(Workload candidate, Function<MachineConfig, Machine> machines) {
    return candidate.legal() && candidate.replay(machines).failure() != null;
  }
}
