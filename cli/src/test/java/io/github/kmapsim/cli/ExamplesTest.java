// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code examples/*.ksim} through {@link Main#run} and compares standard output and
 * the exit code with {@code examples/NAME.expected} exactly. Regenerate the expected files with
 * {@code mvn -o -pl cli verify -Dkmapsim.updateExamples=true}.
 */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  static List<Path> examples() throws IOException {
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".ksim")).sorted().toList();
      assertTrue(all.size() >= 10, "at least ten examples, found " + all);
      return all;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void outputMatchesTheExpectedFile(Path example) throws IOException {
    Cli cli = Cli.run("run", example.toString());
    assertEquals("", cli.err(), "no bad input");
    String actual = cli.out() + "[exit " + cli.exitCode() + "]\n";
    String name = example.getFileName().toString().replaceFirst("\\.ksim$", ".expected");
    Path expected = example.resolveSibling(name);
    if (Boolean.getBoolean("kmapsim.updateExamples")) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(expected), "missing " + expected
        + "; create it with -Dkmapsim.updateExamples=true");
    assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void jsonIsOneObjectWithTheSameExitCode(Path example) {
    Cli text = Cli.run("run", example.toString());
    Cli json = Cli.run("run", "--json", example.toString());
    assertEquals(text.exitCode(), json.exitCode());
    assertTrue(json.out().startsWith("{\"scenario\":"), json.out());
    assertTrue(json.out().strip().endsWith("\"exitCode\":" + json.exitCode() + "}"), json.out());
    assertEquals(1, json.outLines().size());
    assertEquals((long) json.exitCode(), JsonParser.object(json.out()).get("exitCode"));
  }

  static List<Path> twins() throws IOException {
    return examples().stream().filter(p -> p.toString().endsWith("-fixed.ksim")).toList();
  }

  /**
   * Every checker example has a corrected twin: the twin runs silent (exit 0, no diagnostic), the
   * buggy one is flagged (exit 1) with the diagnostic its story names, with its sites.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("twins")
  void theFixedTwinIsSilentAndTheBuggyOneIsFlagged(Path fixed) throws IOException {
    Cli good = Cli.run("run", fixed.toString());
    assertEquals(0, good.exitCode(), good.out());
    assertTrue(good.out().contains("diagnostics: 0 WARN, 0 BUG, 0 refused"), good.out());
    Path buggy = fixed.resolveSibling(fixed.getFileName().toString().replace("-fixed", ""));
    Cli bad = Cli.run("run", buggy.toString());
    assertEquals(1, bad.exitCode(), bad.out());
    String story = Files.readString(buggy, StandardCharsets.UTF_8);
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("KMAP-[WB]0\\d\\d")
        .matcher(story);
    assertTrue(code.find(), "the story names its diagnostic");
    assertTrue(bad.out().contains(code.group() + " "), code.group() + " in " + bad.out());
    if (!code.group().equals("KMAP-W012")) { // might_sleep's report names no mapping
      assertTrue(bad.out().contains(" at " + buggy.getFileName() + ":"), "a site: " + bad.out());
    }
  }

  /** --json gives each diagnostic's sites as objects with role, file, line and name. */
  @org.junit.jupiter.api.Test
  void jsonDiagnosticsCarryTheirSites() {
    Cli json = Cli.run("run", "--json",
        EXAMPLES.resolve("21-use-after-unmap-reused.ksim").toString());
    Map<?, ?> d = (Map<?, ?>) ((List<?>) JsonParser.object(json.out()).get("diagnostics")).get(0);
    assertEquals("KMAP-W014", d.get("code"));
    assertEquals("task", d.get("context"));
    assertEquals("copier", d.get("task"));
    assertEquals(List.of(
        Map.of("role", "map", "file", "21-use-after-unmap-reused.ksim", "line", 9L, "name", "src"),
        Map.of("role", "unmap", "file", "21-use-after-unmap-reused.ksim", "line", 11L, "name",
            "src"),
        Map.of("role", "use", "file", "21-use-after-unmap-reused.ksim", "line", 14L, "name",
            "src")), d.get("sites"));
  }

  /** The sleep story in JSON: each wake step says whether it woke the task. */
  @org.junit.jupiter.api.Test
  void jsonOfTheSleepStoryCarriesTheWakeOutcomes() {
    Cli json = Cli.run("run", "--json",
        EXAMPLES.resolve("12-sleep-with-local-maps.ksim").toString());
    assertEquals(1, json.exitCode());
    List<?> steps = (List<?>) JsonParser.object(json.out()).get("steps");
    List<?> wakes = steps.stream().map(s -> (Map<?, ?>) s)
        .filter(s -> s.get("call").toString().startsWith("wake "))
        .map(s -> s.get("outcome")).toList();
    assertEquals(List.of("wake_up_process(other) = 0: it is runnable, not sleeping",
        "wake_up_process(reader) = 1: runnable on CPU0"), wakes);
    assertTrue(json.out().contains("\"__kmap_local_sched_out(reader): 2 slots cleared\""));
    assertTrue(json.out().contains("\"__kmap_local_sched_in(reader): 2 slots restored\""));
    assertTrue(json.out().contains("\"code\":\"KMAP-E001\""), json.out());
  }

  /** WARN_ON_ONCE in JSON: every occurrence, the repeat marked as not printed by the kernel. */
  @org.junit.jupiter.api.Test
  void jsonMarksWarnOnOnceRepeats() {
    Cli json = Cli.run("run", "--json",
        EXAMPLES.resolve("19-wrong-order-twice.ksim").toString());
    List<?> ds = (List<?>) JsonParser.object(json.out()).get("diagnostics");
    assertEquals(2, ds.size());
    assertEquals(Map.of("occurrence", 1L, "printed", true), ((Map<?, ?>) ds.get(0)).get("warnOnce"));
    Map<?, ?> repeat = (Map<?, ?>) ds.get(1);
    assertEquals(Map.of("occurrence", 2L, "printed", false), repeat.get("warnOnce"));
    assertTrue(repeat.get("text").toString().startsWith("KMAP-W001 WARN_ON_ONCE repeat #2"),
        repeat.toString());
  }

  @org.junit.jupiter.api.Test
  void jsonCarriesDiagnosticCodesFinalStateAndCounters() {
    Cli json = Cli.run("run", "--json", EXAMPLES.resolve("05-wrong-order-unmap.ksim").toString());
    assertEquals(1, json.exitCode());
    assertTrue(json.out().contains("\"code\":\"KMAP-W001\",\"severity\":\"WARN\""), json.out());
    assertTrue(json.out().contains("\"finalState\":{"), json.out());
    assertTrue(json.out().contains("\"counters\":{\"localMaps\":2,"), json.out());
  }
}
