// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository the tests run in, found from the working directory, and its source files. */
final class RepoFiles {
  private RepoFiles() {}

  /** The checkout's root: the nearest directory up from here whose pom.xml is kmapsim-parent. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(pom) && read(pom).contains("<artifactId>kmapsim-parent</artifactId>")
          && read(pom).contains("<modules>")) {
        return dir;
      }
    }
    throw new IllegalStateException("no kmapsim-parent pom.xml above " + Path.of("").toAbsolutePath());
  }

  /**
   * Every file under {@code dir} whose name ends with {@code suffix}, outside build output
   * ({@code target}) and hidden directories, sorted.
   */
  static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(Files::isRegularFile)
          .filter(p -> outsideBuildOutput(dir.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean outsideBuildOutput(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      String dir = relative.getName(i).toString();
      if (dir.equals("target") || dir.startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
