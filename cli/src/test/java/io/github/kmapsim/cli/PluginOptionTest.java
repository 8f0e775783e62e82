// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.cli.testplugin.BrokenPlugin;
import io.github.kmapsim.cli.testplugin.GoodPlugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --plugin JAR} on every command: a porter's variant runs everywhere a built-in one does,
 * and a jar that cannot be used is bad input naming it, whatever the command.
 */
class PluginOptionTest {
  @TempDir Path tmp;

  @Test
  void aPluginVariantRunsInLayoutRunStressAndTheDemo() throws Exception {
    String jar = PluginJar.of(tmp, "good.jar", GoodPlugin.class).toString();
    Cli layout = Cli.run("layout", "--plugin", jar, "--arch", "toy-good", "--cpus", "2");
    assertEquals(0, layout.exitCode(), layout.err());
    assertTrue(layout.out().contains("toy-good"), layout.out());

    Path scenario = Files.writeString(tmp.resolve("s.ksim"), "machine arch=toy-good cpus=2\n"
        + "task t cpu=0\ncpu0: schedule t\ncpu0: a = kmap_local_page highmem+0\n"
        + "cpu0: write a 7\ncpu0: read a expect 7\ncpu0: kunmap_local a\n",
        StandardCharsets.UTF_8);
    Cli run = Cli.run("run", "--plugin", jar, scenario.toString());
    assertEquals(0, run.exitCode(), run.err() + run.out());
    assertTrue(run.out().startsWith("== s.ksim: toy-good, 2 CPUs"), run.out());
    assertEquals(2, Cli.run("run", scenario.toString()).exitCode(), "unknown without the jar");

    Cli stress = Cli.run("stress", "--plugin", jar, "--arch", "toy-good", "--cpus", "2",
        "--ops", "2000");
    assertEquals(0, stress.exitCode(), stress.err() + stress.out());

    Cli demo = Cli.run("demo", "--plugin", jar, "--arch", "toy-good");
    assertEquals(0, demo.exitCode(), demo.err() + demo.out());
    assertTrue(demo.out().contains("toy-good") && demo.out().contains("ok"), demo.out());
    Cli bare = Cli.run("--plugin", jar, "--json");
    assertEquals(0, bare.exitCode(), bare.err() + bare.out());
    assertTrue(bare.out().contains("\"variant\":\"toy-good\""), bare.out());
  }

  @Test
  void aMissingJarIsBadInputOnEveryCommand() {
    String missing = tmp.resolve("missing.jar").toString();
    for (List<String> args : List.<List<String>>of(List.of("layout", "--arch", "x86"),
        List.of("run", "x.ksim"),
        List.of("stress"), List.of("demo"), List.of(), List.of("conformance"))) {
      String[] all = new String[args.size() + 2];
      for (int i = 0; i < args.size(); i++) {
        all[i] = args.get(i);
      }
      all[args.size()] = "--plugin";
      all[args.size() + 1] = missing;
      Cli cli = Cli.run(all);
      assertEquals(2, cli.exitCode(), args + ": " + cli.err());
      assertEquals("kmapsim: --plugin " + missing + ": no such plugin jar",
          cli.errLines().get(0).replaceFirst(" \\(see .*", ""), args.toString());
      assertEquals("", cli.out(), args.toString());
    }
  }

  /**
   * A broken port under stress fails with its seed and step, and the reproducer it writes is a
   * scenario that {@code kmapsim run} replays to the same failure.
   */
  @Test
  void stressWritesAReproducerThatRunReplays() throws Exception {
    String jar = PluginJar.of(tmp, "broken.jar", BrokenPlugin.class).toString();
    Path file = tmp.resolve("repro.ksim");
    Cli stress = Cli.run("stress", "--plugin", jar, "--arch", "toy-no-tlb-flush", "--cpus", "2",
        "--tasks", "4", "--ops", "20000", "--seed", "3", "--reproducer", file.toString());
    assertEquals(1, stress.exitCode(), stress.out());
    assertTrue(stress.err().startsWith("kmapsim: stress: step "), stress.err());
    assertTrue(stress.err().contains("(--seed 3)"), stress.err());
    assertTrue(Files.readString(file).startsWith("machine arch=toy-no-tlb-flush cpus=2 "),
        Files.readString(file));
    Cli replay = Cli.run("run", "--plugin", jar, file.toString());
    assertEquals(1, replay.exitCode(), replay.out());
  }
}
