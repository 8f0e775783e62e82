// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.core.KmapSim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input exits with 2 and one clear line on standard error, never a stack trace. */
class BadInputTest {

  @Test
  void unknownArchitectureListsTheKnownOnes() {
    Cli cli = Cli.run("layout", "--arch", "zz");
    assertOneLineError(cli);
    assertEquals("kmapsim: unknown architecture 'zz'; known: "
        + String.join(", ", KmapSim.variantNames()), cli.errLines().get(0));
    assertEquals("", cli.out());
  }

  @Test
  void unknownArchitectureForTheDemoToo() {
    Cli cli = Cli.run("demo", "--arch", "x86,zz");
    assertOneLineError(cli);
    assertEquals("kmapsim: unknown architecture 'zz'; known: "
        + String.join(", ", KmapSim.variantNames()), cli.errLines().get(0));
    assertEquals("", cli.out(), "nothing runs before the names are checked");
  }

  @Test
  void unknownOption() {
    Cli cli = Cli.run("--bogus");
    assertOneLineError(cli);
    assertTrue(cli.err().startsWith("kmapsim: unknown option '--bogus'"), cli.err());
  }

  @Test
  void unknownOptionOfASubcommandWinsOverAMissingOne() {
    Cli cli = Cli.run("layout", "--bogus");
    assertOneLineError(cli);
    assertTrue(cli.err().startsWith("kmapsim: unknown option '--bogus'"), cli.err());
  }

  @Test
  void unknownSubcommand() {
    Cli cli = Cli.run("frobnicate");
    assertOneLineError(cli);
    assertTrue(cli.err().startsWith("kmapsim: unknown command 'frobnicate'; commands: demo, layout"),
        cli.err());
  }

  /** Asking for help does not make an unknown command known (it printed the top-level help). */
  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "--version"})
  void unknownSubcommandWithHelp(String help) {
    Cli cli = Cli.run("NOSUCH", help);
    assertOneLineError(cli);
    assertTrue(cli.err().startsWith("kmapsim: unknown command 'NOSUCH'; commands: demo, layout"),
        cli.err());
    assertEquals("", cli.out());
  }

  @Test
  void unexpectedWordAfterASubcommandWithHelp() {
    Cli cli = Cli.run("layout", "NOSUCH", "--help");
    assertOneLineError(cli);
    assertTrue(cli.err().startsWith("kmapsim: unexpected argument 'NOSUCH'"), cli.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--cpus=abc", "--cpus=0", "--cpus=-3", "--cpus=100000", "--memory=2X",
      "--memory=0", "--memory=99999999999T"})
  void badNumbers(String option) {
    Cli cli = Cli.run("layout", "--arch", "x86", option);
    assertOneLineError(cli);
  }

  /** A fixmap that cannot hold KM_MAX_IDX slots for that many CPUs is bad input, on any arch. */
  @ParameterizedTest
  @ValueSource(strings = {"arm --cpus 33", "arm-lpae --cpus 17 --debug-kmap-local",
      "mips --cpus 100000", "x86-pae --cpus 65", "csky-ck860 --cpus 31 --debug-kmap-local",
      "powerpc-e500 --cpus 33", "arc --cpus 17", "arc-pae40 --cpus 8 --debug-kmap-local",
      "xtensa-c2 --cpus 33"})
  void tooManyCpusForTheFixmap(String args) {
    String[] words = args.split(" ");
    String[] command = new String[words.length + 2];
    command[0] = "layout";
    command[1] = "--arch";
    System.arraycopy(words, 0, command, 2, words.length);
    Cli cli = Cli.run(command);
    assertOneLineError(cli);
    assertTrue(cli.err().startsWith("kmapsim: " + words[0] + ": ")
        || cli.err().startsWith("kmapsim: " + words[0] + " supports at most "), cli.err());
    assertEquals("", cli.out());
  }

  /** A uniprocessor variant (csky's CK807, microblaze, nds32) builds with one CPU only. */
  @ParameterizedTest
  @ValueSource(strings = {"csky", "microblaze", "nds32"})
  void aUniprocessorHasOneCpu(String arch) {
    Cli cli = Cli.run("layout", "--arch", arch, "--cpus", "2");
    assertOneLineError(cli);
    assertEquals("kmapsim: " + arch + " is a uniprocessor kernel: NR_CPUS is 1, not 2",
        cli.err().strip());
    Cli one = Cli.run("layout", "--arch", arch);
    assertEquals(0, one.exitCode(), one.err());
    assertTrue(one.out().contains("NR_CPUS 1, 2048 MB of memory"), one.out());
  }

  @Test
  void missingArch() {
    Cli cli = Cli.run("layout");
    assertOneLineError(cli);
    assertTrue(cli.err().contains("'--arch=NAME'"), cli.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "layout"})
  void helpOnEveryCommandExitsZero(String command) {
    Cli cli = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("Usage: kmapsim" + (command.isEmpty() ? "" : " " + command)),
        cli.out());
    assertEquals("", cli.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "layout"})
  void versionOnEveryCommandExitsZero(String command) {
    Cli cli = command.isEmpty() ? Cli.run("--version") : Cli.run(command, "--version");
    assertEquals(0, cli.exitCode(), cli.err());
    assertEquals("kmapsim " + VersionProvider.version(), cli.outLines().get(0));
    assertFalse(VersionProvider.version().contains("unknown"), "version.properties is filtered");
    assertTrue(cli.out().contains("variants: " + String.join(", ", KmapSim.variantNames())));
  }

  private static void assertOneLineError(Cli cli) {
    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().startsWith("kmapsim: "), cli.err());
    assertFalse(cli.err().contains("Exception"), cli.err());
    assertFalse(cli.err().contains("\tat "), cli.err());
  }
}
