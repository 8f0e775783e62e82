// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every snippet of the README's "Use as a library" section stands in a consumer project under
 * {@code consumers/src/it}, which {@code mvn verify} compiles on the module path with
 * {@code -Xlint:all -Werror} and runs: Java in their sources, XML in their POMs (with the
 * project's version), and the module and {@code --add-modules} flags of a shell command in the
 * arguments their POMs run Java with. Lines compare without indentation; blank lines are ignored.
 */
class ReadmeSnippetsTest {
  private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");
  private static final Pattern FLAG =
      Pattern.compile("(?:--add-modules|-m|--module)\\s+([^\\s\\\\]+)");

  record Snippet(String language, List<String> lines) {}

  static List<Snippet> librarySnippets() {
    String readme = RepoFiles.read(RepoFiles.root().resolve("README.md"));
    int start = readme.indexOf("## Use as a library");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<Snippet> snippets = new ArrayList<>();
    Matcher m = FENCE.matcher(section);
    while (m.find()) {
      snippets.add(new Snippet(m.group(1), normalised(m.group(2))));
    }
    return snippets;
  }

  /** Lines stripped of indentation, blank ones dropped. */
  static List<String> normalised(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /** Whether {@code lines} stand, in order and together, in {@code text}. */
  static boolean containsRun(String text, List<String> lines) {
    return Collections.indexOfSubList(normalised(text), lines) >= 0;
  }

  @Test
  void theSectionHasEveryKindOfSnippet() {
    List<String> kinds = librarySnippets().stream().map(Snippet::language).distinct().toList();
    assertEquals(List.of("xml", "java", "sh"), kinds, "snippet languages, in order");
    assertTrue(librarySnippets().size() >= 8, () -> librarySnippets().size() + " snippets");
  }

  @TestFactory
  Stream<DynamicTest> everySnippetStandsInAConsumerProject() {
    Path consumers = RepoFiles.root().resolve("consumers/src/it");
    List<Path> sources = RepoFiles.files(consumers, ".java");
    List<Path> poms = RepoFiles.files(consumers, "pom.xml");
    assertFalse(sources.isEmpty() || poms.isEmpty(), consumers::toString);
    String version = version();
    List<Snippet> snippets = librarySnippets();
    return snippets.stream().map(s -> DynamicTest.dynamicTest(
        s.language() + " snippet " + (snippets.indexOf(s) + 1) + ": " + s.lines().get(0),
        () -> {
          switch (s.language()) {
            case "java" -> assertTrue(sources.stream().anyMatch(f ->
                containsRun(RepoFiles.read(f), s.lines())), () -> "no consumer source holds "
                + s.lines());
            case "xml" -> {
              List<String> asBuilt = s.lines().stream()
                  .map(l -> l.replace(version, "@project.version@")).toList();
              assertTrue(poms.stream().anyMatch(f -> containsRun(RepoFiles.read(f), asBuilt)),
                  () -> "no consumer POM holds " + asBuilt);
            }
            case "sh" -> {
              Matcher flags = FLAG.matcher(String.join(" ", s.lines()));
              int n = 0;
              while (flags.find()) {
                String argument = "<argument>" + flags.group(1) + "</argument>";
                assertTrue(poms.stream().anyMatch(f -> RepoFiles.read(f).contains(argument)),
                    () -> "no consumer POM runs Java with " + argument);
                n++;
              }
              assertTrue(n > 0, "a shell snippet says which modules and flags");
            }
            default -> throw new AssertionError("a snippet in " + s.language()
                + " that no consumer project checks: " + s.lines());
          }
        }));
  }

  @Test
  void aSnippetThatNoConsumerHoldsIsFound() {
    String source = "class A {\n  void f() {\n    int x = 1;\n    int y = 2;\n  }\n}\n";
    assertTrue(containsRun(source, List.of("int x = 1;", "int y = 2;")));
    assertFalse(containsRun(source, List.of("int y = 2;", "int x = 1;")), "order counts");
    assertFalse(containsRun(source, List.of("int x = 1;", "}")), "lines stand together");
  }

  /** The version the README shows: the project's. */
  private static String version() {
    Matcher m = Pattern.compile("<artifactId>kmapsim-parent</artifactId>\\s*<version>([^<]+)")
        .matcher(RepoFiles.read(RepoFiles.root().resolve("pom.xml")));
    assertTrue(m.find());
    return m.group(1);
  }
}
