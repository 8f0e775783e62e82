// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.report;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.KmapListener;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Hex;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a run as Chrome trace-event JSON ({@code traceEvents}; Perfetto and chrome://tracing
 * open it). Track {@code tid = cpu} holds the running task and, nested in it, the interrupt
 * contexts; track {@code tid = 1000 + 100 * cpu + slot} holds each kmap_local slot of the CPU
 * while it is live (cleared on a switch out, reopened on the switch in). Time is the step
 * number in microseconds. Every begin gets its end: open spans are closed at the end.
 */
public final class ChromeTrace implements KmapListener {
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final Map<Integer, Deque<String>> open = new HashMap<>();
  /** The names of the live slots of each CPU, slot order. */
  private final Map<Integer, List<String>> slots = new HashMap<>();
  /** The slot names a switched-out task takes with it. */
  private final Map<Integer, List<String>> saved = new HashMap<>();
  private final Map<Integer, Deque<Context>> contexts = new HashMap<>();
  private long ts;

  /** An empty trace; {@link #start} opens the CPUs' tracks. */
  public ChromeTrace() {
    // the tracks are opened by start(), once the machine is built
  }

  /** Opens each CPU's track with its current task. */
  public void start(Machine m) {
    for (int cpu = 0; cpu < m.nrCpus(); cpu++) {
      meta(cpu, "CPU" + cpu);
      begin(cpu, m.cpu(cpu).current().name(), "task");
      contexts.put(cpu, new ArrayDeque<>());
    }
  }

  /** Advances time by one step and records context changes since the last call. */
  public void tick(Machine m) {
    ts++;
    for (int cpu = 0; cpu < m.nrCpus(); cpu++) {
      Deque<Context> stack = contexts.get(cpu);
      Context now = m.cpu(cpu).context();
      Context top = stack.isEmpty() ? Context.TASK : stack.peek();
      if (now == top) {
        continue;
      }
      if (stack.contains(now) || now == Context.TASK) {
        while (!stack.isEmpty() && stack.peek() != now) {
          stack.pop();
          end(cpu);
        }
      } else {
        stack.push(now);
        begin(cpu, now.name().toLowerCase(java.util.Locale.ROOT), "context");
      }
    }
  }

  @Override
  public void mapped(int cpu, Task task, int slot, long vaddr, long pfn, long pte) {
    List<String> live = slots.computeIfAbsent(cpu, c -> new ArrayList<>());
    String name = "slot " + slot + " " + Hex.addr(vaddr) + " pfn " + Hex.pfn(pfn);
    live.add(name);
    int tid = slotTid(cpu, live.size() - 1);
    if (!open.containsKey(tid)) {
      meta(tid, "CPU" + cpu + " kmap slot " + (live.size() - 1));
    }
    begin(tid, name, "kmap");
  }

  @Override
  public void unmapped(int cpu, Task task, int slot, long vaddr) {
    List<String> live = slots.getOrDefault(cpu, List.of());
    if (!live.isEmpty()) {
      end(slotTid(cpu, live.size() - 1));
      live.remove(live.size() - 1);
    }
  }

  @Override
  public void switched(int cpu, Task prev, Task next, int cleared, int restored) {
    List<String> live = slots.computeIfAbsent(cpu, c -> new ArrayList<>());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cleared && !live.isEmpty(); i++) {
      end(slotTid(cpu, live.size() - 1));
      out.add(0, live.remove(live.size() - 1));
    }
    saved.put(prev.pid(), out);
    while (open.getOrDefault(cpu, new ArrayDeque<>()).size() > 1) {
      end(cpu); // contexts do not survive a switch
    }
    contexts.computeIfAbsent(cpu, c -> new ArrayDeque<>()).clear();
    end(cpu);
    begin(cpu, next.name(), "task");
    List<String> back = saved.getOrDefault(next.pid(), List.of());
    for (int i = 0; i < restored; i++) {
      String name = i < back.size() ? back.get(i) : "slot " + i + " (restored)";
      live.add(name);
      begin(slotTid(cpu, live.size() - 1), name, "kmap");
    }
    saved.remove(next.pid());
  }

  /** Closes every open span and writes the file. */
  public void write(Path file) throws IOException {
    ts++;
    for (Integer tid : new ArrayList<>(open.keySet())) {
      while (!open.get(tid).isEmpty()) {
        end(tid);
      }
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\"traceEvents\":[\n");
      for (int i = 0; i < events.size(); i++) {
        w.write(Json.of(events.get(i)));
        w.write(i + 1 < events.size() ? ",\n" : "\n");
      }
      w.write("],\"displayTimeUnit\":\"ms\"}\n");
    }
  }

  private static int slotTid(int cpu, int slot) {
    return 1000 + 100 * cpu + slot;
  }

  private void meta(int tid, String name) {
    Map<String, Object> e = event("M", tid, "thread_name");
    e.put("args", Map.of("name", name));
    events.add(e);
  }

  private void begin(int tid, String name, String cat) {
    open.computeIfAbsent(tid, t -> new ArrayDeque<>()).push(name);
    Map<String, Object> e = event("B", tid, name);
    e.put("cat", cat);
    events.add(e);
  }

  private void end(int tid) {
    Deque<String> stack = open.get(tid);
    if (stack == null || stack.isEmpty()) {
      return;
    }
    events.add(event("E", tid, stack.pop()));
  }

  private Map<String, Object> event(String ph, int tid, String name) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", name);
    e.put("ph", ph);
    e.put("ts", ts);
    e.put("pid", 1);
    e.put("tid", tid);
    return e;
  }
}
