// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trace} writes trace-event JSON: a {@code traceEvents} array whose events carry ph, ts,
 * pid, tid and name, with every B matched by an E of the same name on its track, in time order.
 */
class TraceTest {
  private static final Pattern EVENT = Pattern.compile(
      "\\{\"name\":\"([^\"]*)\",\"ph\":\"([BEM])\",\"ts\":(\\d+),\"pid\":(\\d+),\"tid\":(\\d+).*\\},?");
  @TempDir Path dir;

  private static int validate(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals("{\"traceEvents\":[", lines.get(0));
    assertTrue(lines.get(lines.size() - 1).startsWith("],"), lines.get(lines.size() - 1));
    Map<String, Deque<String>> open = new HashMap<>();
    Map<String, Long> last = new HashMap<>();
    int spans = 0;
    for (String line : lines.subList(1, lines.size() - 1)) {
      Matcher m = EVENT.matcher(line);
      assertTrue(m.matches(), line);
      String tid = m.group(5);
      long ts = Long.parseLong(m.group(3));
      assertTrue(ts >= last.getOrDefault(tid, 0L), "time goes backwards: " + line);
      last.put(tid, ts);
      Deque<String> stack = open.computeIfAbsent(tid, t -> new ArrayDeque<>());
      switch (m.group(2)) {
        case "B" -> stack.push(m.group(1));
        case "E" -> {
          assertTrue(!stack.isEmpty(), "E without B: " + line);
          assertEquals(stack.pop(), m.group(1), "E does not match its B: " + line);
          spans++;
        }
        default -> { }
      }
    }
    open.forEach((tid, s) -> assertTrue(s.isEmpty(), "unclosed on tid " + tid + ": " + s));
    return spans;
  }

  @Test
  void everyExampleTraceIsValid() throws IOException {
    for (Path example : ExamplesTest.examples()) {
      Path out = dir.resolve(example.getFileName() + ".json");
      Cli cli = Cli.run("run", "--trace", out.toString(), example.toString());
      assertTrue(cli.exitCode() <= 1, cli.err());
      assertTrue(validate(out) > 0, example.toString());
    }
  }

  @Test
  void contextSwitchTraceHasSlotTracks() throws IOException {
    Path out = dir.resolve("t.json");
    Cli.run("run", "--trace", out.toString(), "../examples/01-context-switch.ksim");
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(text.contains("\"CPU0 kmap slot 1\""), text);
    assertTrue(text.contains("\"name\":\"writer\",\"ph\":\"B\""), text);
  }

  @Test
  void stressTraceIsValid() throws IOException {
    Path out = dir.resolve("s.json");
    Cli cli = Cli.run("stress", "--cpus", "2", "--tasks", "4", "--ops", "500", "--trace",
        out.toString());
    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(validate(out) > 0);
  }
}
