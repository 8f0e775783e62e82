// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import io.github.kmapsim.core.sched.SimTask;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checker's history as {@link MapChecker#capture()} took it, for a machine snapshot: every
 * task's mapping records (live and dead), the owner of each kmap window page and pkmap entry, the
 * scenario names (live and dead), the per-CPU variables and who last used each copy, the map and
 * unmap tally of each site, and each CPU's declared site. Immutable: {@link
 * MapChecker#restore} copies it back. Equal when the histories are, tasks compared by name.
 */
public final class CheckerState {
  final Map<SimTask, TaskMaps> maps;
  final SimTask[] owner;
  final int[] ownerCpu;
  final int[] ownerMapSite;
  final int[] ownerUnmapSite;
  final long[] ownerPfn;
  final boolean[] ownerLive;
  final long[] pkPfn;
  final int[] pkMapSite;
  final int[] pkUnmapSite;
  final Map<String, MapChecker.Named> names;
  final Map<String, Integer> perCpuVars;
  final SimTask[] pcLast;
  final int[] pcLastSite;
  final long[] pcGen;
  final int[] siteMaps;
  final int[] siteUnmaps;
  final int[] declaredSite;
  final String[] declaredName;

  CheckerState(Map<SimTask, TaskMaps> maps, SimTask[] owner, int[] ownerCpu, int[] ownerMapSite,
      int[] ownerUnmapSite, long[] ownerPfn, boolean[] ownerLive, long[] pkPfn, int[] pkMapSite,
      int[] pkUnmapSite, Map<String, MapChecker.Named> names, Map<String, Integer> perCpuVars,
      SimTask[] pcLast, int[] pcLastSite, long[] pcGen, int[] siteMaps, int[] siteUnmaps,
      int[] declaredSite, String[] declaredName) {
    this.maps = maps;
    this.owner = owner;
    this.ownerCpu = ownerCpu;
    this.ownerMapSite = ownerMapSite;
    this.ownerUnmapSite = ownerUnmapSite;
    this.ownerPfn = ownerPfn;
    this.ownerLive = ownerLive;
    this.pkPfn = pkPfn;
    this.pkMapSite = pkMapSite;
    this.pkUnmapSite = pkUnmapSite;
    this.names = names;
    this.perCpuVars = perCpuVars;
    this.pcLast = pcLast;
    this.pcLastSite = pcLastSite;
    this.pcGen = pcGen;
    this.siteMaps = siteMaps;
    this.siteUnmaps = siteUnmaps;
    this.declaredSite = declaredSite;
    this.declaredName = declaredName;
  }

  /** Appends a line per part of the history that differs in {@code o}. */
  public void diff(CheckerState o, List<String> out) {
    if (!byName(maps).equals(byName(o.maps))) {
      out.add("checker: the tasks' mapping records differ");
    }
    if (!Arrays.equals(names(owner), names(o.owner)) || !Arrays.equals(ownerCpu, o.ownerCpu)
        || !Arrays.equals(ownerMapSite, o.ownerMapSite)
        || !Arrays.equals(ownerUnmapSite, o.ownerUnmapSite)
        || !Arrays.equals(ownerPfn, o.ownerPfn) || !Arrays.equals(ownerLive, o.ownerLive)) {
      out.add("checker: the owners of the kmap window's pages differ");
    }
    if (!Arrays.equals(pkPfn, o.pkPfn) || !Arrays.equals(pkMapSite, o.pkMapSite)
        || !Arrays.equals(pkUnmapSite, o.pkUnmapSite)) {
      out.add("checker: the pkmap entries' history differs");
    }
    if (!names.equals(o.names)) {
      out.add("checker: the scenario names differ: " + names.keySet() + " -> "
          + o.names.keySet());
    }
    if (!perCpuVars.equals(o.perCpuVars) || !Arrays.equals(names(pcLast), names(o.pcLast))
        || !Arrays.equals(pcLastSite, o.pcLastSite) || !Arrays.equals(pcGen, o.pcGen)) {
      out.add("checker: the per-CPU data's history differs");
    }
    if (!Arrays.equals(siteMaps, o.siteMaps) || !Arrays.equals(siteUnmaps, o.siteUnmaps)) {
      out.add("checker: the sites' map and unmap tallies differ");
    }
    if (!Arrays.equals(declaredSite, o.declaredSite)
        || !Arrays.equals(declaredName, o.declaredName)) {
      out.add("checker: the CPUs' declared sites differ");
    }
  }

  private static Map<String, TaskMaps> byName(Map<SimTask, TaskMaps> m) {
    Map<String, TaskMaps> out = new HashMap<>();
    m.forEach((t, v) -> out.put(t.name(), v));
    return out;
  }

  private static String[] names(SimTask[] tasks) {
    String[] out = new String[tasks.length];
    for (int i = 0; i < tasks.length; i++) {
      out[i] = tasks[i] == null ? null : tasks[i].name();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CheckerState s)) {
      return false;
    }
    List<String> d = new java.util.ArrayList<>();
    diff(s, d);
    return d.isEmpty();
  }

  @Override
  public int hashCode() {
    return Objects.hash(byName(maps), Arrays.hashCode(ownerPfn), Arrays.hashCode(pkPfn),
        names.keySet(), perCpuVars, Arrays.hashCode(siteMaps), Arrays.hashCode(siteUnmaps));
  }
}
