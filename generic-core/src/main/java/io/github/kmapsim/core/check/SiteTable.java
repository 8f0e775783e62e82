// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import io.github.kmapsim.api.Site;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The call sites a machine has seen, each interned once as an {@code int} (0: unknown), with how
 * many local kmaps each made and how many of those were unmapped, in primitive tables: the hot
 * path stores and counts ids, the {@link Site} values are built only for a diagnostic. The counts
 * are exact while one thread drives the machine (as scenarios do).
 */
final class SiteTable {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  /** Where kmapsim's core and API classes come from: their frames are not the caller's. */
  private static final java.security.CodeSource CORE =
      SiteTable.class.getProtectionDomain().getCodeSource();
  private static final java.security.CodeSource API =
      io.github.kmapsim.api.Cpu.class.getProtectionDomain().getCodeSource();
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> files = new ArrayList<>(List.of(""));
  private final List<String> names = new ArrayList<>(List.of(""));
  private int[] lines = new int[16];
  private int[] maps = new int[16];
  private int[] unmaps = new int[16];

  /** The id of {@code FILE:LINE name}. */
  synchronized int intern(String file, int line, String name) {
    String key = file + '\0' + line + '\0' + name;
    Integer id = ids.get(key);
    if (id != null) {
      return id;
    }
    int n = files.size();
    files.add(file);
    names.add(name);
    if (n == lines.length) {
      lines = Arrays.copyOf(lines, n * 2);
      maps = Arrays.copyOf(maps, n * 2);
      unmaps = Arrays.copyOf(unmaps, n * 2);
    }
    lines[n] = line;
    ids.put(key, n);
    return n;
  }

  /**
   * The id of the caller's frame: the first frame of a class that does not come from kmapsim's
   * core or API jar (a stack walk; only when the machine records call sites).
   */
  int caller() {
    return WALKER.walk(frames -> frames
        .filter(f -> !isOurs(f.getDeclaringClass()))
        .findFirst()
        .map(f -> intern(f.getFileName() == null ? f.getClassName() : f.getFileName(),
            Math.max(0, f.getLineNumber()), f.getMethodName()))
        .orElse(0));
  }

  private static boolean isOurs(Class<?> c) {
    java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
    return cs == null ? c.getName().startsWith("java.") : cs.equals(CORE) || cs.equals(API);
  }

  /** Site {@code id} in {@code role}, or null for 0. */
  synchronized Site site(int id, Site.Role role) {
    return id == 0 ? null : new Site(role, files.get(id), lines[id], names.get(id));
  }

  /** A local kmap made at site {@code id}. */
  void mapped(int id) {
    if (id != 0) {
      maps[id]++;
    }
  }

  /** The unmap of a local kmap made at site {@code id}. */
  void unmapped(int id) {
    if (id != 0) {
      unmaps[id]++;
    }
  }

  /**
   * The call sites that mapped at least twice more often than they unmapped (a leak repeated on
   * a path), most held first, as a clause. Sites with a name count as one site per file and
   * name: a scenario writes the same call site as the same name on several lines.
   */
  synchronized String tally() {
    Map<String, int[]> bySite = new java.util.LinkedHashMap<>();
    for (int id = 1; id < files.size(); id++) {
      if (maps[id] == 0) {
        continue;
      }
      String key = names.get(id).isEmpty() ? site(id, Site.Role.MAP).where()
          : files.get(id) + " '" + names.get(id) + "'";
      int first = lines[id];
      int[] n = bySite.computeIfAbsent(key, k -> new int[] {0, 0, first});
      n[0] += maps[id];
      n[1] += unmaps[id];
    }
    List<Map.Entry<String, int[]>> leaking = new ArrayList<>();
    for (Map.Entry<String, int[]> e : bySite.entrySet()) {
      if (e.getValue()[0] - e.getValue()[1] >= 2) {
        leaking.add(e);
      }
    }
    if (leaking.isEmpty()) {
      return "";
    }
    leaking.sort((a, b) -> Integer.compare(b.getValue()[0] - b.getValue()[1],
        a.getValue()[0] - a.getValue()[1]));
    StringBuilder sb = new StringBuilder("; mapped more often than unmapped: ");
    for (int i = 0; i < leaking.size() && i < 3; i++) {
      int[] n = leaking.get(i).getValue();
      String key = leaking.get(i).getKey();
      sb.append(i == 0 ? "" : ", ").append(key)
          .append(key.endsWith("'") ? " (first at line " + n[2] + ")" : "").append(' ').append(n[0])
          .append(" maps, ").append(n[1]).append(n[1] == 1 ? " unmap" : " unmaps");
    }
    return sb.toString();
  }

  /** Forgets the counts (a restore), keeping the ids. */
  synchronized void clearCounts() {
    Arrays.fill(maps, 0);
    Arrays.fill(unmaps, 0);
  }
}
