// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmapsim convert-check}: exit 0 for the page copy, 1 with the per-CPU race and a
 * reproducer that {@code kmapsim run} fails on, the user copy's verdict in JSON, exit 2 for bad
 * input.
 */
class ConvertCheckCommandTest {
  private static Path example(String name) {
    return Path.of("..", "examples", "convert", name);
  }

  @TempDir Path dir;

  @Test
  void aPageCopyIsSafe() {
    Cli cli = Cli.run("convert-check", example("page-copy.ksim").toString());
    assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    assertTrue(cli.out().contains("a:line 11 (src = kmap_atomic, unmapped at line 17): safe"),
        cli.out());
    assertEquals(4, cli.out().lines().filter(l -> l.contains("): safe")).count(), cli.out());
  }

  @Test
  void perCpuScratchDataIsUnsafeAndTheReproducerFailsUnderRun() {
    Cli cli = Cli.run("convert-check", "--bound", "1", "--reproducers", dir.toString(),
        example("percpu-scratch.ksim").toString());
    assertEquals(1, cli.exitCode(), cli.out() + cli.err());
    assertTrue(cli.out().contains("zram0:line 12 (src = kmap_atomic, unmapped at line 16):"
        + " unsafe (per-cpu)"), cli.out());
    assertTrue(cli.out().contains("PREEMPT_RT as written: unsafe (KMAP-W021"), cli.out());
    Cli run = Cli.run("run", dir.resolve("percpu-scratch-12.ksim").toString());
    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.out().contains("KMAP-W021"), run.out());
    Cli rt = Cli.run("run", dir.resolve("percpu-scratch-12-rt.ksim").toString());
    assertEquals(1, rt.exitCode(), rt.out());
  }

  @Test
  void theUserCopyVerdictInJson() {
    Cli cli = Cli.run("convert-check", "--json", example("user-copy.ksim").toString());
    assertEquals(1, cli.exitCode(), cli.err());
    Map<String, Object> json = JsonParser.object(cli.out());
    assertEquals(1L, ((Number) json.get("exitCode")).longValue());
    Map<?, ?> site = (Map<?, ?>) ((List<?>) json.get("sites")).get(0);
    assertEquals("unsafe", site.get("verdict"));
    assertEquals("user-copy", site.get("reason"));
    assertEquals("writer:line 15", site.get("site"));
    assertEquals(Boolean.FALSE, site.get("unsafeOnPreemptRt"));
  }

  @Test
  void badInputIsExit2WithFileLineColumn() throws IOException {
    Path f = dir.resolve("bad.ksim");
    Files.writeString(f, "machine arch=x86 cpus=1\ntask a cpu=0\na: x = kmap_atomic nowhere\n");
    Cli cli = Cli.run("convert-check", f.toString());
    assertEquals(2, cli.exitCode(), cli.out());
    assertTrue(cli.err().startsWith(f + ":3:"), cli.err());
    Cli missing = Cli.run("convert-check", dir.resolve("none.ksim").toString());
    assertEquals(2, missing.exitCode());
    Cli negative = Cli.run("convert-check", "--bound", "-1", example("page-copy.ksim")
        .toString());
    assertEquals(2, negative.exitCode());
  }
}
