// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kmap_range} is a loop of kmap() calls: when one is refused, the earlier ones stay. */
class KmapRangeTest {
  @TempDir Path dir;

  @Test
  void aRangeThatDeadlocksSaysWhichKmapsHappenedAndKeepsThemForKunmapRange() throws IOException {
    Path f = dir.resolve("s.ksim");
    Files.writeString(f, "machine arch=x86 cpus=1\ntask t cpu=0\ncpu0: schedule t\n"
        + "cpu0: a = kmap_range highmem+0 1025\n"
        + "cpu0: kunmap_range a\n", StandardCharsets.UTF_8);
    Cli cli = Cli.run("run", f.toString());
    assertEquals(1, cli.exitCode(), cli.err() + cli.out());
    String out = cli.out();
    assertTrue(out.contains("=> 1024 pages kmapped (1024 event lines not shown), then kmap #1024"
        + " (pfn "), out);
    assertTrue(out.contains("KMAP-B005: that kmap did not happen; the 1024 before it stay kmapped"
        + " (kunmap_range a undoes them)"), out);
    assertFalse(out.contains("the call did not happen"), out);
    assertFalse(out.contains("set_pte"), "the range's PTE writes are summarised, not listed");
    assertTrue(out.contains("=> 1024 pages kunmapped"), out);
    assertTrue(out.contains("\n        KMAP-B005 BUG: CPU: 0 task: t (task) kmap(pfn 0x"), out);
  }
}
