package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    for (String arch : new String[] {"x86-pae", "arm", "arm-vivt", "mips-16k"}) {
      digest(arch, "7");
      digest(arch, "7", "--debug-kmap-local");
    }
  }

  @Test
  void unknownArchIsBadInput() {
    Cli cli = Cli.run("stress", "--arch", "vax");
    assertEquals(2, cli.exitCode());
    assertEquals(1, cli.errLines().size(), cli.err());
  }
}
