// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmapsim explore}: exit 1 with the race and a reproducer that {@code kmapsim run} fails on
 * (and traces), exit 0 where the bound hides it, JSON, shards merged into the unsharded report,
 * and bad input ({@code FILE:LINE:COLUMN}, exit 2) in the concurrent grammar.
 */
class ExploreCommandTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "explore",
      "irq-nesting-overflow.ksim");

  @TempDir Path dir;

  @Test
  void findsTheRaceAndItsReproducerFailsUnderRunAndOpensAsATimeline() throws IOException {
    Cli silent = Cli.run("explore", "--bound", "0", EXAMPLE.toString());
    assertEquals(0, silent.exitCode(), silent.out() + silent.err());
    assertTrue(silent.out().contains("failures: 0"), silent.out());
    Cli cli = Cli.run("explore", "--bound", "1", "--reproducers", dir.toString(),
        EXAMPLE.toString());
    assertEquals(1, cli.exitCode(), cli.out() + cli.err());
    assertTrue(cli.out().contains("1. KMAP-B001 @ timer:line 48 (2 schedules)"), cli.out());
    Path reproducer = dir.resolve("irq-nesting-overflow-1.ksim");
    Path trace = dir.resolve("trace.json");
    Cli run = Cli.run("run", "--trace", trace.toString(), reproducer.toString());
    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.out().contains("KMAP-B001"), run.out());
    assertTrue(Files.readString(trace).startsWith("{"), "a Chrome trace");
  }

  @Test
  void shardReportsMergeIntoTheUnshardedReport() throws IOException {
    Cli whole = Cli.run("explore", "--json", "--bound", "2", EXAMPLE.toString());
    assertEquals(1, whole.exitCode(), whole.err());
    List<String> files = new ArrayList<>(List.of("explore", "--merge", "--json"));
    for (int i = 0; i < 3; i++) {
      Cli part = Cli.run("explore", "--json", "--bound", "2", "--shard", i + "/3", "--jobs",
          "2", EXAMPLE.toString());
      Path f = dir.resolve("part" + i + ".json");
      Files.writeString(f, part.out(), StandardCharsets.UTF_8);
      files.add(f.toString());
    }
    Cli merged = Cli.run(files.toArray(new String[0]));
    assertEquals(1, merged.exitCode(), merged.err());
    assertEquals(withoutTime(whole.out()), withoutTime(merged.out()));
    Map<?, ?> json = (Map<?, ?>) JsonParser.parse(merged.out());
    assertEquals("all", json.get("shard"));
  }

  private static String withoutTime(String json) {
    return json.strip().replaceAll("\"seconds\":[^,]*,\"schedulesPerSec\":[^,]*,", "");
  }

  @Test
  void mergingAShardTwiceIsBadInput() throws IOException {
    Cli part = Cli.run("explore", "--json", "--bound", "1", "--shard", "0/2", EXAMPLE.toString());
    Path f = dir.resolve("p.json");
    Files.writeString(f, part.out(), StandardCharsets.UTF_8);
    Cli merged = Cli.run("explore", "--merge", f.toString(), f.toString());
    assertEquals(2, merged.exitCode());
    assertTrue(merged.err().contains("shard 0/2 is given twice"), merged.err());
  }

  private Cli explore(String text) throws IOException {
    Path f = dir.resolve("s.ksim");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return Cli.run("explore", f.toString());
  }

  private void assertBad(String text, String where, String why) throws IOException {
    Cli cli = explore(text);
    assertEquals(2, cli.exitCode(), cli.out() + cli.err());
    assertEquals("", cli.out());
    assertEquals(dir.resolve("s.ksim") + ":" + where + ": " + why, cli.errLines().get(0)
        .substring(0, Math.min(cli.errLines().get(0).length(),
            (dir.resolve("s.ksim") + ":" + where + ": " + why).length())));
  }

  @Test
  void badConcurrentScenariosSayWhere() throws IOException {
    assertBad("machine arch=x86 cpus=1\ntask a cpu=0\na: schedule a\n", "3:4",
        "a program does not call 'schedule'");
    assertBad("machine arch=x86 cpus=1\nirq h cpu=0\n", "2:1", "irq 'h' has no body");
    assertBad("machine arch=x86 cpus=1\nirq h cpu=3\n", "2:7", "there is no CPU3");
    assertBad("machine arch=x86 cpus=1\ntask a cpu=0\nirq a cpu=0\n", "3:5",
        "'a' is a task's name");
    assertBad("machine arch=x86 cpus=1\nswapper/0: kmap_flush_unused\n", "2:1",
        "'swapper/0' is an idle task");
    assertBad("machine arch=x86 cpus=1\ntask a cpu=0\nb: kmap_flush_unused\n", "3:1",
        "expected 'machine', 'task', 'irq', 'expect'");
    assertBad("machine arch=x86 cpus=1\ntask a cpu=0\na: kunmap_local x\n", "3:17",
        "unknown address name 'x'");
    assertBad("machine arch=x86 cpus=1\ntask a cpu=0\ncpu0: schedule a\n", "1:1",
        "no task has a program");
  }

  @Test
  void runRefusesAConcurrentScenario() throws IOException {
    Cli cli = Cli.run("run", EXAMPLE.toString());
    assertEquals(2, cli.exitCode());
    assertTrue(cli.err().startsWith(EXAMPLE + ":10:1: 'timer' has a program"), cli.err());
  }
}
