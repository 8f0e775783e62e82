// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stress workload is deterministic: the same seed gives the same trace digest. */
class StressTest {

  private static String digest(String arch, String seed, String... extra) {
    String[] args = {"stress", "--arch", arch, "--cpus", "3", "--tasks", "8", "--ops", "3000",
        "--seed", seed};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    Cli cli = Cli.run(all);
    assertEquals(0, cli.exitCode(), cli.err() + cli.out());
    assertTrue(cli.out().contains("progress: 100% (3000 ops)"), cli.out());
    assertTrue(cli.out().contains("diagnostics: 0"), cli.out());
    return cli.outLines().stream().filter(l -> l.startsWith("trace: ")).findFirst().orElseThrow();
  }

  @Test
  void sameSeedSameDigest() {
    assertEquals(digest("x86", "42"), digest("x86", "42"));
  }

  @Test
  void anotherSeedAnotherDigest() {
    assertNotEquals(digest("x86", "42"), digest("x86", "43"));
  }

  @Test
  void everyVariantHoldsItsInvariants() {
    for (String arch : new String[] {"x86-pae", "arm", "arm-vivt", "mips-16k", "csky-ck860",
        "powerpc-book3s32", "powerpc-e500", "xtensa", "xtensa-c2", "arc", "arc-pae40"}) {
      digest(arch, "7");
      digest(arch, "7", "--debug-kmap-local");
    }
  }

  /** {@code stress --json}: one object, no progress lines, the digest the text prints. */
  @Test
  void jsonIsOneObjectWithoutProgress() {
    String text = digest("x86", "42");
    Cli cli = Cli.run("stress", "--arch", "x86", "--cpus", "3", "--tasks", "8", "--ops", "3000",
        "--seed", "42", "--json");
    assertEquals(0, cli.exitCode(), cli.err() + cli.out());
    assertEquals("", cli.err());
    assertEquals(1, cli.outLines().size(), cli.out());
    Map<String, Object> root = JsonParser.object(cli.out());
    assertEquals(List.of("config", "operations", "counters", "diagnostics", "opsPerSec", "seconds",
        "peakHeapBytes", "traceEvents", "sha256", "exitCode"), List.copyOf(root.keySet()));
    Map<?, ?> config = (Map<?, ?>) root.get("config");
    assertEquals("x86", config.get("arch"));
    assertEquals(3000L, config.get("ops"));
    assertEquals(42L, config.get("seed"));
    Map<?, ?> ops = (Map<?, ?>) root.get("operations");
    assertTrue(ops.containsKey("kmap_local_page") && ops.containsKey("schedule"),
        ops.toString());
    long counted = ops.values().stream().mapToLong(v -> (Long) v).sum();
    assertEquals(3000, counted, ops.toString());
    assertEquals(List.of(), root.get("diagnostics"));
    assertTrue(((Map<?, ?>) root.get("counters")).get("contextSwitches") instanceof Long);
    assertTrue((Long) root.get("peakHeapBytes") > 0);
    assertTrue(root.get("seconds") instanceof Double);
    assertEquals(text,
        "trace: " + root.get("traceEvents") + " events, sha256 " + root.get("sha256"));
    assertEquals(0L, root.get("exitCode"));
  }

  /**
   * A uniprocessor variant (csky's CK807, microblaze, nds32) runs on its one CPU, not 4, unless
   * --cpus says otherwise, which is bad input.
   */
  @Test
  void aUniprocessorDefaultsToOneCpu() {
    for (String arch : new String[] {"csky", "microblaze", "nds32"}) {
      Cli cli = Cli.run("stress", "--arch", arch, "--tasks", "6", "--ops", "3000", "--seed", "5");
      assertEquals(0, cli.exitCode(), cli.err() + cli.out());
      assertTrue(cli.outLines().contains("stress " + arch + ": 1 CPU, 6 tasks, 3000 ops, seed 5"),
          cli.out());
      assertTrue(cli.out().contains("diagnostics: 0"), cli.out());
      Cli two = Cli.run("stress", "--arch", arch, "--cpus", "2", "--ops", "10");
      assertEquals(2, two.exitCode(), two.out());
      assertEquals("kmapsim: " + arch + " is a uniprocessor kernel: NR_CPUS is 1, not 2",
          two.err().strip());
    }
  }

  @Test
  void unknownArchIsBadInput() {
    Cli cli = Cli.run("stress", "--arch", "vax");
    assertEquals(2, cli.exitCode());
    assertEquals(1, cli.errLines().size(), cli.err());
  }
}
