// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.cli.testplugin.BrokenPlugin;
import io.github.kmapsim.cli.testplugin.GoodPlugin;
import io.github.kmapsim.conformance.Check;
import io.github.kmapsim.conformance.CheckResult;
import io.github.kmapsim.conformance.ConformanceKit;
import io.github.kmapsim.conformance.Stage;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** {@code kmapsim conformance}: the matrix, the reports, and plugin jars built here. */
class ConformanceCommandTest {
  private static final int CHECKS = ConformanceKit.checks().size();
  private static final String BROKEN_RULE = "required_hooks_unmap_flushes_tlb";

  @TempDir Path tmp;

  @Test
  void everyVariantPassesEveryRuleAndTheMatrixShowsThemAll() {
    Cli cli = Cli.run("conformance");
    assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    assertEquals("", cli.err());
    List<String> variants = KmapSim.variantNames();
    assertTrue(variants.size() >= 7, variants::toString);
    List<String> lines = cli.outLines();
    assertEquals(Stream.concat(Stream.of("rule"), variants.stream()).toList(),
        List.of(lines.get(0).split(" +")));
    for (int i = 0; i < CHECKS; i++) {
      String id = ConformanceKit.checks().get(i).id().replaceFirst("^required_", "");
      List<String> row = List.of(lines.get(1 + i).split(" +"));
      assertEquals(id, row.get(0));
      List<String> cells = row.subList(1, row.size());
      assertEquals(variants.size(), cells.stream()
          .filter(c -> c.equals("pass") || c.equals("n/a")).count(), lines.get(1 + i));
      if (id.equals("hooks_vivt_flushed_before_unmap")) {
        // a VIVT D-cache: arm-vivt and sparc among the shipped variants
        for (int v = 0; v < variants.size(); v++) {
          assertEquals(Set.of("arm-vivt", "sparc").contains(variants.get(v)) ? "pass" : "n/a",
              cells.get(v));
        }
      }
      if (id.equals("hooks_map_at_page_colour")) {
        // DCACHE_N_COLORS 2: only xtensa-c2 among the shipped variants
        for (int v = 0; v < variants.size(); v++) {
          assertEquals(variants.get(v).equals("xtensa-c2") ? "pass" : "n/a", cells.get(v));
        }
      }
    }
    assertEquals(variants.size() + " variants, " + CHECKS + " checks: all passed ("
        + moot(variants.toArray(String[]::new)) + " n/a)", lines.get(lines.size() - 1));
    assertFalse(cli.out().contains("FAIL"), cli.out());
  }

  @Test
  void archSelectsVariantsInTheOrderGivenRepeatedOrCommaSplit() {
    Cli cli = Cli.run("conformance", "--arch", "x86,mips-16k", "--arch", "arm");
    assertEquals(0, cli.exitCode(), cli.err());
    assertEquals(List.of("rule", "x86", "mips-16k", "arm"),
        List.of(cli.outLines().get(0).split(" +")));
    assertEquals("3 variants, " + CHECKS + " checks: all passed (" + moot("x86", "mips-16k", "arm")
        + " n/a)", last(cli));
  }

  @Test
  void stageRunsOnlyThatStagesRulesSoAPortShowsProgressStageByStage() throws Exception {
    Path jar = pluginJar("broken.jar", BrokenPlugin.class);
    Cli layout = Cli.run("conformance", "--plugin", jar.toString(), "--arch",
        "toy-no-tlb-flush", "--stage", "layout");
    assertEquals(0, layout.exitCode(), layout.out() + layout.err());
    List<Check> layoutRules = ConformanceKit.checks(Stage.LAYOUT);
    assertEquals(layoutRules.size() + 3, layout.outLines().size(), layout.out());
    for (int i = 0; i < layoutRules.size(); i++) {
      assertTrue(layout.outLines().get(1 + i).startsWith(
          layoutRules.get(i).id().replaceFirst("^required_", "") + " "), layout.out());
    }
    assertTrue(last(layout).startsWith("1 variant, " + layoutRules.size() + " checks: all passed"),
        layout.out());

    Cli hooks = Cli.run("conformance", "--plugin", jar.toString(), "--arch",
        "toy-no-tlb-flush", "--stage", "pte,hooks");
    assertEquals(1, hooks.exitCode(), hooks.out() + hooks.err());
    List<Check> run = ConformanceKit.checks(Stage.PTE, Stage.HOOKS);
    for (int i = 0; i < run.size(); i++) {
      assertTrue(hooks.outLines().get(1 + i).startsWith(
          run.get(i).id().replaceFirst("^required_", "") + " "), hooks.out());
    }
    assertTrue(hooks.out().contains(BROKEN_RULE), hooks.out());
    assertFalse(hooks.out().contains("layout_"), hooks.out());
  }

  @Test
  void unknownStageIsBadInputNamingTheStages() {
    assertOneLineError(Cli.run("conformance", "--arch", "x86", "--stage", "layout,mmu"),
        "--stage: no stage 'mmu'; the stages are layout, pte, hooks, behaviour, vectors");
  }

  @Test
  void unknownArchIsBadInputNamingTheKnownVariants() {
    Cli cli = Cli.run("conformance", "--arch", "x86,zz");
    assertEquals(2, cli.exitCode(), cli.err());
    assertEquals(List.of("kmapsim: unknown architecture 'zz'; known: "
        + String.join(", ", KmapSim.variantNames())), cli.errLines());
    assertEquals("", cli.out(), "nothing runs before the names are checked");
  }

  @Test
  void junitXmlHasASuitePerVariantAndACasePerRule() throws Exception {
    Path report = tmp.resolve("conformance.xml");
    Cli cli = Cli.run("conformance", "--arch", "x86,arm-vivt", "--junit-xml", report.toString());
    assertEquals(0, cli.exitCode(), cli.err());
    Element root = parse(report).getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    assertEquals(String.valueOf(2 * CHECKS), root.getAttribute("tests"));
    assertEquals("0", root.getAttribute("failures"));
    NodeList suites = root.getElementsByTagName("testsuite");
    assertEquals(2, suites.getLength());
    List<String> ids = ConformanceKit.checks().stream().map(Check::id).toList();
    String[] names = {"x86", "arm-vivt"};
    for (int s = 0; s < 2; s++) {
      Element suite = (Element) suites.item(s);
      assertEquals("kmapsim.conformance." + names[s], suite.getAttribute("name"));
      assertEquals(String.valueOf(CHECKS), suite.getAttribute("tests"));
      assertEquals("0", suite.getAttribute("failures"));
      // not applicable (the VIVT rule on x86, the colour rule on both, ...): skipped
      assertEquals(String.valueOf(moot(names[s])), suite.getAttribute("skipped"));
      NodeList cases = suite.getElementsByTagName("testcase");
      List<String> caseNames = new ArrayList<>();
      for (int c = 0; c < cases.getLength(); c++) {
        Element tc = (Element) cases.item(c);
        assertEquals(names[s], tc.getAttribute("classname"));
        assertEquals(0, tc.getElementsByTagName("failure").getLength());
        NodeList skipped = tc.getElementsByTagName("skipped");
        for (int k = 0; k < skipped.getLength(); k++) {
          assertTrue(((Element) skipped.item(k)).getAttribute("message").startsWith("N/A "));
        }
        caseNames.add(tc.getAttribute("name"));
      }
      assertEquals(ids, caseNames);
    }
  }

  @Test
  void junitXmlEscapesMarkupAndControlCharacters() throws Exception {
    String nasty = "a<b & \"c\" 'd'>\n\u0001e";
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(
        new InputSource(new StringReader("<x a=\"" + JunitXmlReport.escape(nasty) + "\">"
            + JunitXmlReport.escape(nasty) + "</x>")));
    String expected = nasty.replace('\u0001', '\ufffd');
    assertEquals(expected, doc.getDocumentElement().getAttribute("a"));
    assertEquals(expected, doc.getDocumentElement().getTextContent());
  }

  @Test
  void junitXmlToAMissingDirectoryOrADirectoryIsBadInput() {
    Cli cli = Cli.run("conformance", "--arch", "x86", "--junit-xml",
        tmp.resolve("no/such/dir/r.xml").toString());
    assertOneLineError(cli, "--junit-xml ");
    assertTrue(cli.err().contains(": no such directory "), cli.err());
    assertOneLineError(Cli.run("conformance", "--arch", "x86", "--junit-xml", tmp.toString()),
        "--junit-xml " + tmp + ": is a directory");
  }

  @Test
  void jsonHasVariantsChecksResultsAndTheVerdict() {
    Cli cli = Cli.run("conformance", "--arch", "mips,x86", "--json");
    assertEquals(0, cli.exitCode(), cli.err());
    assertEquals(1, cli.outLines().size(), cli.out());
    Map<String, Object> doc = JsonParser.object(cli.out());
    assertEquals(List.of("variants", "checks", "results", "passed"), List.copyOf(doc.keySet()));
    assertEquals(List.of("mips", "x86"), doc.get("variants"));
    assertEquals(true, doc.get("passed"));
    List<?> checks = (List<?>) doc.get("checks");
    assertEquals(CHECKS, checks.size());
    Check first = ConformanceKit.checks().get(0);
    assertEquals(Map.of("id", first.id(), "severity", "required", "description",
        first.description(), "hint", first.hint()), checks.get(0));
    List<?> results = (List<?>) doc.get("results");
    assertEquals(2 * CHECKS, results.size());
    Map<?, ?> last = (Map<?, ?>) results.get(results.size() - 1);
    assertEquals(List.of("variant", "check", "passed", "outcome", "message"),
        List.copyOf(last.keySet()));
    assertEquals("x86", last.get("variant"));
    assertEquals(ConformanceKit.checks().get(CHECKS - 1).id(), last.get("check"));
    CheckResult kitLast = ConformanceKit.forVariant("x86").run().get(CHECKS - 1);
    assertEquals(kitLast.passed(), last.get("passed"));
    assertEquals(kitLast.outcome().name().toLowerCase(Locale.ROOT), last.get("outcome"));
    assertTrue(results.stream().map(r -> (Map<?, ?>) r).anyMatch(r -> r.get("outcome")
        .equals("not_applicable") && r.get("passed").equals(true)), "n/a does not fail a run");
  }

  @Test
  void testPluginsAreNotOnTheServiceClassPath() {
    assertFalse(KmapSim.variantNames().contains("toy-good"));
    assertFalse(KmapSim.variantNames().contains("toy-no-tlb-flush"));
  }

  @Test
  void aGoodPluginJarPassesAndOnlyItsVariantsRun() throws Exception {
    Path jar = pluginJar("good.jar", GoodPlugin.class);
    Cli cli = Cli.run("conformance", "--plugin", jar.toString());
    assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    assertEquals(List.of("rule", "toy-good"), List.of(cli.outLines().get(0).split(" +")));
    assertEquals("1 variant, " + CHECKS + " checks: all passed ("
        + moot(new GoodPlugin().variants().get(0)) + " n/a)", last(cli));

    Cli withBuiltIn = Cli.run("conformance", "--plugin", jar.toString(), "--arch", "toy-good,x86");
    assertEquals(0, withBuiltIn.exitCode(), withBuiltIn.err());
    assertEquals(List.of("rule", "toy-good", "x86"),
        List.of(withBuiltIn.outLines().get(0).split(" +")));
  }

  @Test
  void aBrokenPluginJarFailsNamingTheRuleInTheMatrixTheDetailsAndTheReport() throws Exception {
    Path jar = pluginJar("broken.jar", BrokenPlugin.class);
    Path report = tmp.resolve("broken.xml");
    Cli cli = Cli.run("conformance", "--plugin", jar.toString(), "--arch", "x86,toy-no-tlb-flush",
        "--junit-xml", report.toString());
    assertEquals(1, cli.exitCode(), cli.out() + cli.err());
    assertEquals("", cli.err());
    String row = cli.outLines().stream()
        .filter(l -> l.startsWith(BROKEN_RULE.substring("required_".length()) + " "))
        .findFirst().orElseThrow();
    assertEquals(List.of("pass", "FAIL"), List.of(row.split(" +")).subList(1, 3));
    List<String> details = cli.outLines().subList(cli.outLines().indexOf("Failures:") + 1,
        cli.outLines().size() - 2);
    assertTrue(details.stream().allMatch(l -> l.startsWith("FAIL required_")), cli.out());
    assertTrue(details.stream()
        .anyMatch(l -> l.startsWith("FAIL " + BROKEN_RULE + " [toy-no-tlb-flush]: ")), cli.out());
    assertTrue(cli.out().contains(" -- if this fails, check arch_kmap_local_post_unmap"),
        cli.out());
    assertEquals("1 of 2 variants failed " + details.size()
        + (details.size() == 1 ? " check" : " checks"), last(cli));

    Element root = parse(report).getDocumentElement();
    Element broken = (Element) root.getElementsByTagName("testsuite").item(1);
    assertEquals("kmapsim.conformance.toy-no-tlb-flush", broken.getAttribute("name"));
    NodeList failures = broken.getElementsByTagName("failure");
    assertEquals(String.valueOf(failures.getLength()), broken.getAttribute("failures"));
    assertEquals(broken.getAttribute("failures"), root.getAttribute("failures"));
    boolean named = false;
    for (int i = 0; i < failures.getLength(); i++) {
      Element f = (Element) failures.item(i);
      Element tc = (Element) f.getParentNode();
      assertEquals(f.getAttribute("message"), f.getTextContent());
      named |= tc.getAttribute("name").equals(BROKEN_RULE)
          && f.getAttribute("message").startsWith("FAIL " + BROKEN_RULE + " [toy-no-tlb-flush]");
    }
    assertTrue(named, "the report names " + BROKEN_RULE);

    Cli json = Cli.run("conformance", "--plugin", jar.toString(), "--json");
    assertEquals(1, json.exitCode(), json.err());
    Map<String, Object> doc = JsonParser.object(json.out());
    assertEquals(false, doc.get("passed"));
    assertTrue(((List<?>) doc.get("results")).stream().map(r -> (Map<?, ?>) r)
        .anyMatch(r -> r.get("check").equals(BROKEN_RULE) && r.get("passed").equals(false)),
        json.out());
  }

  @Test
  void aMissingPluginJarIsBadInput() {
    Path missing = tmp.resolve("missing.jar");
    assertOneLineError(Cli.run("conformance", "--plugin", missing.toString()),
        "--plugin " + missing + ": no such plugin jar");
  }

  @Test
  void aFileThatIsNotAJarIsBadInput() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.jar"), "not a zip");
    assertOneLineError(Cli.run("conformance", "--plugin", text.toString()),
        "--plugin " + text + ": not a jar file");
  }

  @Test
  void aJarWithoutTheServiceFileIsBadInput() throws IOException {
    Path jar = tmp.resolve("empty.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("README"));
      out.write("no plugin here".getBytes(StandardCharsets.UTF_8));
    }
    assertOneLineError(Cli.run("conformance", "--plugin", jar.toString()), "--plugin " + jar
        + ": not an architecture plugin: it provides no io.github.kmapsim.spi.ArchPlugin"
        + " (META-INF/services/io.github.kmapsim.spi.ArchPlugin)");
  }

  @Test
  void aVariantOfferedTwiceIsBadInput() throws Exception {
    Path jar = pluginJar("good.jar", GoodPlugin.class);
    assertOneLineError(Cli.run("conformance", "--plugin", jar.toString(), "--plugin",
        jar.toString()), "--plugin architecture variant 'toy-good' is offered twice: by "
        + GoodPlugin.class.getName());
  }

  @Test
  void helpDescribesTheOptionsAndExitCodes() {
    Cli cli = Cli.run("conformance", "--help");
    assertEquals(0, cli.exitCode(), cli.err());
    for (String s : List.of("Usage: kmapsim conformance", "--arch", "--plugin", "--stage",
        "--junit-xml", "--json", "Exit codes:")) {
      assertTrue(cli.out().contains(s), s);
    }
  }

  private Path pluginJar(String name, Class<? extends ArchPlugin> plugin)
      throws IOException, URISyntaxException {
    return PluginJar.of(tmp, name, plugin);
  }

  private static Document parse(Path xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
  }

  /** The rules the kit finds not applicable on these variants, summed. */
  private static long moot(String... variants) {
    return Stream.of(variants).mapToLong(v -> moot(KmapSim.variant(v))).sum();
  }

  private static long moot(ArchVariant v) {
    return ConformanceKit.of(v).run().stream()
        .filter(r -> r.outcome() == CheckResult.Outcome.NOT_APPLICABLE).count();
  }

  private static String last(Cli cli) {
    List<String> lines = cli.outLines();
    return lines.get(lines.size() - 1);
  }

  private static void assertOneLineError(Cli cli, String expectedStart) {
    assertEquals(2, cli.exitCode(), cli.out() + cli.err());
    assertEquals(1, cli.errLines().size(), cli.err());
    assertTrue(cli.err().startsWith("kmapsim: " + expectedStart), cli.err());
    assertFalse(cli.err().contains("Exception"), cli.err());
    assertEquals("", cli.out());
  }
}
