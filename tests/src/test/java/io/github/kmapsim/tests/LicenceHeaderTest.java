// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every .java file of the repository, in every module there is or will be (the whole checkout is
 * walked, build output and hidden directories aside), starts with the SPDX line of kmapsim's
 * licence.
 */
class LicenceHeaderTest {
  static final String SPDX =
      "// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0";

  /** The files under {@code dir} whose first line is not {@link #SPDX}. */
  static List<Path> withoutHeader(Path dir) {
    return RepoFiles.files(dir, ".java").stream()
        .filter(f -> !RepoFiles.read(f).lines().findFirst().orElse("").equals(SPDX))
        .map(dir::relativize)
        .toList();
  }

  @Test
  void everyJavaSourceOfTheRepositoryStartsWithTheSpdxLine() {
    Path root = RepoFiles.root();
    List<Path> all = RepoFiles.files(root, ".java");
    assertTrue(all.contains(root.resolve(
            "tests/src/test/java/io/github/kmapsim/tests/LicenceHeaderTest.java")),
        () -> "the walk from " + root + " must find this test itself");
    assertTrue(all.stream().anyMatch(f -> f.startsWith(root.resolve("generic-core")))
        && all.stream().anyMatch(f -> f.startsWith(root.resolve("arch-template"))), root::toString);

    assertEquals(List.of(), withoutHeader(root),
        "first line must be: " + SPDX + " (" + all.size() + " files checked)");
  }

  @Test
  void aFileWithoutTheLineOrWithItLowerDownIsFound(@TempDir Path dir) throws IOException {
    Path module = Files.createDirectories(dir.resolve("arch-new/src/main/java/x"));
    Files.writeString(module.resolve("Good.java"), SPDX + "\npackage x;\n");
    Files.writeString(module.resolve("Missing.java"), "package x;\n");
    Files.writeString(module.resolve("Late.java"), "package x;\n" + SPDX + "\n");
    Path built = Files.createDirectories(dir.resolve("arch-new/target/generated"));
    Files.writeString(built.resolve("Generated.java"), "package x;\n");

    assertEquals(List.of(Path.of("arch-new/src/main/java/x/Late.java"),
        Path.of("arch-new/src/main/java/x/Missing.java")), withoutHeader(dir));
  }
}
