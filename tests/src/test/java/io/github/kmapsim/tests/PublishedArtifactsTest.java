// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * kmapsim-bom lists exactly the artifacts the release stages (every module of the reactor that
 * does not set {@code maven.deploy.skip}, the parent and the BOM aside), pins nothing of anyone
 * else, and inherits nothing; every published POM carries the metadata a public repository asks
 * for. A new module (another architecture) that is published must be added to the BOM.
 */
class PublishedArtifactsTest {
  private static final String GROUP = "io.github.kmapsim";

  @Test
  void theBomListsEveryPublishedArtifactAndNothingElse() throws Exception {
    Path root = RepoFiles.root();
    Set<String> published = new TreeSet<>();
    for (String module : children(pom(root.resolve("pom.xml")).getDocumentElement(), "modules")) {
      Element project = pom(root.resolve(module).resolve("pom.xml")).getDocumentElement();
      String artifact = text(project, "artifactId");
      if (!skipsDeploy(project) && !artifact.equals("kmapsim-bom")) {
        published.add(artifact);
      }
    }
    Element bom = pom(root.resolve("bom/pom.xml")).getDocumentElement();
    Set<String> listed = new TreeSet<>();
    NodeList deps = bom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      assertEquals(GROUP, text(d, "groupId"), "the BOM pins no third-party artifact");
      listed.add(text(d, "artifactId"));
    }

    assertTrue(published.containsAll(List.of("kmapsim-api", "kmapsim-generic-core",
        "kmapsim-guice", "kmapsim-arch-x86")), published::toString);
    assertEquals(published, listed, "kmapsim-bom's dependencyManagement");
    assertEquals(0, bom.getElementsByTagName("parent").getLength(),
        "the BOM has no parent: importing it must bring no other pins");
  }

  @Test
  void everyPublishedPomHasTheMetadataARepositoryAsksFor() throws Exception {
    Path root = RepoFiles.root();
    Element parent = pom(root.resolve("pom.xml")).getDocumentElement();
    for (Element project : List.of(parent, pom(root.resolve("bom/pom.xml")).getDocumentElement())) {
      String a = text(project, "artifactId");
      for (String field : List.of("url", "description", "name")) {
        assertTrue(!text(project, field).isBlank(), a + " has no " + field);
      }
      for (String field : List.of("licenses", "developers", "scm")) {
        assertEquals(1, project.getElementsByTagName(field).getLength(), a + ": " + field);
      }
      assertTrue(text((Element) project.getElementsByTagName("license").item(0), "name")
          .equals("GPL-2.0-only WITH Classpath-exception-2.0"), a);
    }
    for (String module : children(parent, "modules")) {
      Element project = pom(root.resolve(module).resolve("pom.xml")).getDocumentElement();
      assertTrue(!text(project, "description").isBlank(), module + " has no description");
    }
  }

  private static boolean skipsDeploy(Element project) {
    NodeList skip = project.getElementsByTagName("maven.deploy.skip");
    return skip.getLength() > 0 && skip.item(0).getTextContent().strip().equals("true");
  }

  private static Document pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  /** The text of a direct child element, or "" when there is none. */
  private static String text(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    return "";
  }

  /** The texts of the children of a direct child element ({@code <modules><module>..}). */
  private static List<String> children(Element parent, String name) {
    List<String> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
          if (c instanceof Element ce) {
            out.add(ce.getTextContent().strip());
          }
        }
      }
    }
    return out;
  }
}
