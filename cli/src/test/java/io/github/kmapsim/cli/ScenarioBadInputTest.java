// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad scenario exits with 2 and one line {@code FILE:LINE:COLUMN: why}, before any output. */
class ScenarioBadInputTest {
  @TempDir Path dir;

  private Cli run(String text) throws IOException {
    Path f = dir.resolve("s.ksim");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return Cli.run("run", f.toString());
  }

  private void assertBad(String text, String where, String why) throws IOException {
    Cli cli = run(text);
    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals("", cli.out());
    assertEquals(1, cli.errLines().size(), cli.err());
    String line = cli.errLines().get(0);
    assertEquals(dir.resolve("s.ksim") + ":" + where + ": " + why,
        line.substring(0, Math.min(line.length(), (dir.resolve("s.ksim") + ":" + where + ": "
            + why).length())));
  }

  @Test
  void syntaxErrorHasLineAndColumn() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: schedule t\ncpu0:   a := kmap highmem+0\n",
        "4:9", "unknown call 'a'");
  }

  @Test
  void unknownTask() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: schedule nobody\n", "3:16",
        "unknown task 'nobody'");
  }

  @Test
  void unknownAddressName() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: kunmap_local a\n", "3:20",
        "unknown address name 'a'");
  }

  @Test
  void unknownArch() throws IOException {
    assertBad("# a comment\nmachine arch=vax cpus=1\n", "2:14", "unknown architecture 'vax'");
  }

  /** A binary (or Latin-1) file is bad input at the first byte that is not UTF-8. */
  @Test
  void aFileThatIsNotUtf8SaysWhere() throws IOException {
    Path f = dir.resolve("s.ksim");
    Files.write(f, new byte[] {'m', 'a', 'c', 'h', 'i', 'n', 'e', '\n', 'a', 'b', (byte) 0xff, 0});
    Cli cli = Cli.run("run", f.toString());
    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals("", cli.out());
    assertEquals(List.of(f + ":2:3: not UTF-8 text: byte 0xff cannot start or continue a"
        + " character (a binary file?)"), cli.errLines());
  }

  /**
   * docs/SCENARIOS.md writes {@code "migrate" TASK CPU} with {@code CPU := "cpu" N} as one token;
   * the parser takes exactly that, and {@code cpu 1} (two tokens) is bad input.
   */
  @Test
  void migrateTakesTheCpuAsOneTokenAsTheGrammarSays() throws IOException {
    String grammar = Files.readString(Path.of("..", "docs", "SCENARIOS.md"));
    assertTrue(grammar.contains("| \"migrate\" TASK CPU "), "the grammar line of migrate");
    assertTrue(grammar.contains("CPU       := \"cpu\" N         (one token: cpu0, cpu1, ...)"));
    Cli good = run("machine arch=x86 cpus=2\ntask t cpu=0\nmigrate t cpu1\n");
    assertEquals(0, good.exitCode(), good.err() + good.out());
    assertTrue(good.out().contains("migrate t CPU0 -> CPU1"), good.out());
    assertBad("machine arch=x86 cpus=2\ntask t cpu=0\nmigrate t cpu 1\n", "3:15",
        "expected 'migrate TASK cpuN'");
  }

  /** A machine has at least one CPU: cpus=0 and cpus=-1 are bad input, not one CPU. */
  @Test
  void noCpusOrFewer() throws IOException {
    assertBad("machine arch=x86 cpus=0\n", "1:23", "cpus must be at least 1, got 0");
    assertBad("machine arch=x86 cpus=-1\n", "1:23", "cpus must be at least 1, got -1");
  }

  @Test
  void tooManyCpusForTheArch() throws IOException {
    Cli cli = run("machine arch=x86 cpus=4096\n");
    assertEquals(2, cli.exitCode());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertEquals(true, cli.err().startsWith(dir.resolve("s.ksim") + ":1:1: "), cli.err());
    assertEquals("", cli.out());
  }

  /** Without cpus= a uniprocessor variant has its one CPU; cpus=2 is more than NR_CPUS. */
  @Test
  void aUniprocessorScenarioHasOneCpu() throws IOException {
    Cli good = run("machine arch=microblaze\ntask t cpu=0\ncpu0: schedule t\n");
    assertEquals(0, good.exitCode(), good.err());
    assertTrue(good.out().startsWith("== s.ksim: microblaze, 1 CPUs, "), good.out());
    assertBad("machine arch=microblaze\ntask t cpu=1\n", "2:8",
        "there is no CPU1: the machine has 1 CPUs");
    Cli two = run("machine arch=csky cpus=2\n");
    assertEquals(2, two.exitCode());
    assertEquals(dir.resolve("s.ksim")
        + ":1:1: KMAP-E009 refused: csky is a uniprocessor kernel: NR_CPUS is 1, not 2",
        two.err().strip());
  }

  /** Memory below the lowmem limit: there is no highmem page to name. */
  @Test
  void highmemOnAMachineWithoutHighmem() throws IOException {
    assertBad("machine arch=x86 cpus=1 memory=64M\ntask t cpu=0\ncpu0: a = kmap_local_page"
        + " highmem+0\n", "3:27", "highmem+0: the machine has no highmem: its 64 MB all fit"
        + " below the lowmem limit (max_low_pfn 0x4000)");
  }

  @Test
  void pagesBeyondTheMachine() throws IOException {
    // 2G on x86: max_low_pfn 0x373fe of 0x80000 pages leaves 297,986 highmem pages
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: a = kmap highmem+297986\n", "3:16",
        "highmem+297986: the machine has 297986 highmem pages (highmem+0 to highmem+297985)");
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: a = kmap_range highmem+297980 7\n",
        "3:22", "highmem+297980 and the 6 pages after it: the machine has 297986 highmem pages");
    assertBad("machine arch=x86 cpus=1 memory=64M\ntask t cpu=0\ncpu0: a = kmap lowmem+16384\n",
        "3:16", "lowmem+16384: the machine has 16384 lowmem pages");
  }

  /** Numbers that do not fit 64 bits are bad input at their column, never an internal error. */
  @Test
  void numbersTooLargeForSixtyFourBits() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: a = kmap highmem+12345678901234567890\n",
        "3:24", "'12345678901234567890' is not a number that fits 64 bits");
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: a = kmap pfn:99999999999999999999\n",
        "3:20", "'99999999999999999999' is not a number that fits 64 bits");
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: a = kmap highmem+0\n"
        + "cpu0: read a+0x1ffffffffffffffff\n", "4:14",
        "'0x1ffffffffffffffff' is not a number that fits 64 bits");
  }

  /** A page number that fits 64 bits but not the machine is the machine's answer, not a wrap. */
  @Test
  void pageNumbersNearTheTopOfSixtyFourBits() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\n"
        + "cpu0: a = kmap_range highmem+9223372036854775807 2\n", "3:22",
        "highmem+9223372036854775807 and the 1 pages after it: the machine has");
  }

  /** {@code pfn:N} is passed as written: a good one maps, a bad one is the call's KMAP-E003. */
  @Test
  void pfnIsPassedAsWritten() throws IOException {
    Cli good = run("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: schedule t\n"
        + "cpu0: a = kmap_local_page pfn:0x10\ncpu0: kunmap_local a\n");
    assertEquals(0, good.exitCode(), good.err() + good.out());
    Cli bad = run("machine arch=x86 cpus=1 memory=64M\ntask t cpu=0\ncpu0: schedule t\n"
        + "cpu0: a = kmap_local_page pfn:0x4000\n");
    assertEquals(1, bad.exitCode(), bad.err() + bad.out());
    assertTrue(bad.out().contains("KMAP-E003"), bad.out());
  }

  /** DEBUG_KMAP_LOCAL_FORCE_MAP is an x86-only Kconfig option: elsewhere an impossible config. */
  @Test
  void forceMapOutsideX86() throws IOException {
    Cli cli = run("machine arch=arm cpus=2 forcemap\n");
    assertEquals(2, cli.exitCode());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().startsWith(dir.resolve("s.ksim") + ":1:1: "), cli.err());
    assertTrue(cli.err().contains("ARCH_SUPPORTS_KMAP_LOCAL_FORCE_MAP"), cli.err());
  }

  @Test
  void cpuBeyondTheMachine() throws IOException {
    assertBad("machine arch=x86 cpus=2\ntask t cpu=2\n", "2:8",
        "there is no CPU2: the machine has 2 CPUs");
  }

  @Test
  void missingFile() {
    Cli cli = Cli.run("run", dir.resolve("none.ksim").toString());
    assertEquals(2, cli.exitCode());
    assertEquals(1, cli.errLines().size());
    assertEquals("kmapsim: " + dir.resolve("none.ksim") + ": no such file", cli.errLines().get(0));
  }

  @Test
  void noMachineLine() throws IOException {
    assertBad("task t cpu=0\n", "1:1", "expected 'machine arch=NAME ...' before 'task'");
  }

  @Test
  void wakeOfAnUnknownTask() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\nwake nobody\n", "3:6",
        "unknown task 'nobody'");
  }

  @Test
  void wakeNeedsExactlyOneTask() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\nwake\n", "3:1", "expected 'wake TASK'");
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\nwake t t\n", "3:8", "expected 'wake TASK'");
  }

  @Test
  void sleepTakesNoArguments() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: sleep t\n", "3:13",
        "'sleep' takes no arguments, got 1 argument");
  }

  @Test
  void sleepReturnsNoAddress() throws IOException {
    assertBad("machine arch=x86 cpus=1\ncpu0: a = sleep x\n", "2:11",
        "'sleep' returns no address to name");
  }

  @Test
  void sleepOnACpuTheMachineLacks() throws IOException {
    assertBad("machine arch=x86 cpus=2\ncpu2: sleep\n", "2:1",
        "there is no CPU2: the machine has 2 CPUs");
  }
}
