// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.KmapSim;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses the scenario format of docs/SCENARIOS.md. Every name is checked here, in file order: a
 * task must be declared before it is used, an address name bound before it is unmapped or read.
 */
final class ScenarioParser {
  private static final Pattern TOKEN = Pattern.compile("\\S+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CPU = Pattern.compile("cpu(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PAGE = Pattern.compile("(highmem|lowmem)\\+(\\d+)|pfn:(0x[0-9a-fA-F]+|\\d+)");
  private static final Pattern REF = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\+(0x[0-9a-fA-F]+|\\d+))?");
  /** CPU calls by name: their argument kinds (p page, a address name, r address ref, v value, t task). */
  private static final Map<String, String> CALLS = Map.ofEntries(
      Map.entry("kmap_local_page", "p"), Map.entry("kmap_local_pfn", "p"),
      Map.entry("kmap_atomic", "p"), Map.entry("kmap", "p"),
      Map.entry("kmap_range", "pn"), Map.entry("kunmap_range", "a"),
      Map.entry("kunmap_local", "a"), Map.entry("kunmap_atomic", "a"), Map.entry("kunmap", "a"),
      Map.entry("write", "rv"), Map.entry("read", "r"), Map.entry("schedule", "t"),
      Map.entry("sleep", ""),
      Map.entry("kmap_flush_unused", ""),
      Map.entry("irq_enter", ""), Map.entry("irq_exit", ""),
      Map.entry("softirq_enter", ""), Map.entry("softirq_exit", ""),
      Map.entry("nmi_enter", ""), Map.entry("nmi_exit", ""),
      Map.entry("preempt_disable", ""), Map.entry("preempt_enable", ""),
      Map.entry("local_irq_disable", ""), Map.entry("local_irq_enable", ""),
      Map.entry("pagefault_disable", ""), Map.entry("pagefault_enable", ""),
      Map.entry("migrate_disable", ""), Map.entry("migrate_enable", ""));
  private static final Set<String> MAPPERS =
      Set.of("kmap_local_page", "kmap_local_pfn", "kmap_atomic", "kmap", "kmap_range");

  private final List<Scenario.TaskDecl> tasks = new ArrayList<>();
  private final Set<String> taskNames = new HashSet<>();
  private final Set<String> addresses = new HashSet<>();
  private final List<Step> steps = new ArrayList<>();
  private final List<Scenario.PageRef> pages = new ArrayList<>();
  private MachineConfig config;
  private int machineLine;

  /** Parses the text of a scenario. */
  Scenario parse(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      int hash = raw.indexOf('#');
      String text = hash < 0 ? raw : raw.substring(0, hash);
      List<Tok> toks = new ArrayList<>();
      Matcher m = TOKEN.matcher(text);
      while (m.find()) {
        toks.add(new Tok(m.group(), i + 1, m.start() + 1));
      }
      if (!toks.isEmpty()) {
        line(toks, text.strip());
      }
    }
    if (config == null) {
      throw new ScenarioException(1, 1, "no 'machine' line");
    }
    return new Scenario(config, machineLine, tasks, steps, pages);
  }

  private void line(List<Tok> t, String text) {
    Tok first = t.get(0);
    if (config == null && !first.s.equals("machine")) {
      throw first.error("expected 'machine arch=NAME ...' before '" + first.s + "'");
    }
    switch (first.s) {
      case "machine" -> machine(t);
      case "task" -> {
        arity(t, 3, "task NAME cpu=N");
        String name = newName(t.get(1), taskNames);
        Tok c = t.get(2);
        if (!c.s.startsWith("cpu=")) {
          throw c.error("expected cpu=N, got '" + c.s + "'");
        }
        tasks.add(new Scenario.TaskDecl(name, existing(c, number(c, c.s.substring(4))), c.line,
            c.col + 4));
      }
      case "migrate" -> {
        arity(t, 3, "migrate TASK cpuN");
        task(t.get(1));
        steps.add(new Step(first.line, text, -1, null, "migrate", List.of(t.get(1).s,
            Integer.toString(cpu(t.get(2))))));
      }
      case "fork" -> {
        arity(t, 3, "fork PARENT CHILD");
        task(t.get(1));
        newName(t.get(2), taskNames);
        steps.add(new Step(first.line, text, -1, null, "fork", List.of(t.get(1).s, t.get(2).s)));
      }
      case "exit", "wake" -> {
        arity(t, 2, first.s + " TASK");
        task(t.get(1));
        steps.add(new Step(first.line, text, -1, null, first.s, List.of(t.get(1).s)));
      }
      default -> call(t, text);
    }
  }

  private void machine(List<Tok> t) {
    if (config != null) {
      throw t.get(0).error("a second 'machine' line");
    }
    MachineConfig.Builder b = MachineConfig.preset("x86").toBuilder();
    String arch = null;
    boolean cpus = false;
    for (Tok k : t.subList(1, t.size())) {
      int eq = k.s.indexOf('=');
      String key = eq < 0 ? k.s : k.s.substring(0, eq);
      String value = eq < 0 ? null : k.s.substring(eq + 1);
      switch (key) {
        case "arch" -> {
          b.arch(value(k, value));
          try {
            KmapSim.variant(value);
          } catch (KmapException e) {
            throw new ScenarioException(k.line, k.col + 5, e.diagnostic().message());
          }
          arch = value;
        }
        case "cpus" -> {
          int n = number(k, value(k, value));
          if (n < 1) {
            throw new ScenarioException(k.line, k.col + 5, "cpus must be at least 1, got " + n);
          }
          b.cpus(n);
          cpus = true;
        }
        case "memory" -> {
          try {
            b.memoryBytes(new MemorySizeConverter().convert(value(k, value)));
          } catch (TypeConversionException e) {
            throw k.error(e.getMessage());
          }
        }
        case "debug-kmap-local" -> b.debugKmapLocal(flag(k, value));
        case "forcemap" -> b.forceMap(flag(k, value));
        case "dcache-aliases" -> b.dcacheAliases(flag(k, value));
        default -> throw k.error("unknown machine setting '" + key
            + "'; known: arch=, cpus=, memory=, debug-kmap-local, forcemap, dcache-aliases");
      }
    }
    if (arch == null) {
      throw t.get(0).error("'machine' needs arch=NAME");
    }
    if (!cpus) {
      // the default, capped at the variant's NR_CPUS (one on a uniprocessor)
      b.cpus(NrCpus.atMost(arch, MachineConfig.DEFAULT_CPUS));
    }
    config = b.build();
    machineLine = t.get(0).line;
  }

  private void call(List<Tok> t, String text) {
    Tok c = t.get(0);
    if (!c.s.endsWith(":") || !CPU.matcher(c.s.substring(0, c.s.length() - 1)).matches()) {
      throw c.error("expected 'machine', 'task', 'migrate', 'fork', 'exit', 'wake' or 'cpuN:', got '"
          + c.s + "'");
    }
    int cpu = cpu(new Tok(c.s.substring(0, c.s.length() - 1), c.line, c.col));
    if (t.size() < 2) {
      throw c.error("a call is missing after '" + c.s + "'");
    }
    int at = 1;
    String result = null;
    if (t.size() > 3 && t.get(2).s.equals("=")) {
      result = t.get(1).s;
      if (!NAME.matcher(result).matches()) {
        throw t.get(1).error("'" + result + "' is not a name");
      }
      at = 3;
    }
    Tok verb = t.get(at);
    String kinds = CALLS.get(verb.s);
    if (kinds == null) {
      throw verb.error("unknown call '" + verb.s + "'");
    }
    if (result != null && !MAPPERS.contains(verb.s)) {
      throw verb.error("'" + verb.s + "' returns no address to name");
    }
    if (result == null && MAPPERS.contains(verb.s)) {
      throw verb.error("name the address " + verb.s + " returns: NAME = " + verb.s + " ...");
    }
    List<Tok> args = t.subList(at + 1, t.size());
    boolean expect = verb.s.equals("read") && args.size() == 3 && args.get(1).s.equals("expect");
    if (args.size() != kinds.length() && !expect) {
      Tok where = args.size() > kinds.length() ? args.get(kinds.length()) : verb;
      throw where.error("'" + verb.s + "' takes " + usage(kinds) + ", got " + args.size()
          + " argument" + (args.size() == 1 ? "" : "s"));
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < kinds.length(); i++) {
      Tok a = args.get(i);
      switch (kinds.charAt(i)) {
        case 'p' -> {
          Matcher pm = PAGE.matcher(a.s);
          if (!pm.matches()) {
            throw a.error("expected a page: highmem+N, lowmem+N or pfn:N, got '" + a.s + "'");
          }
          String n = pm.group(2) != null ? pm.group(2) : pm.group(3);
          value(new Tok(n, a.line, a.col + a.s.indexOf(n)));
          long count = kinds.indexOf('n') > i ? value(args.get(kinds.indexOf('n'))) : 1;
          pages.add(new Scenario.PageRef(a.s, count, a.line, a.col));
        }
        case 'a' -> address(a, a.s);
        case 'r' -> {
          Matcher m = REF.matcher(a.s);
          if (!m.matches()) {
            throw a.error("expected NAME or NAME+OFFSET, got '" + a.s + "'");
          }
          address(a, m.group(1));
          if (m.group(2) != null) {
            value(new Tok(m.group(2), a.line, a.col + m.group(1).length() + 1));
          }
        }
        case 'v' -> value(a);
        case 'n' -> {
          if (value(a) < 1 || value(a) > 100_000) {
            throw a.error("a count from 1 to 100000, got '" + a.s + "'");
          }
        }
        case 't' -> task(a);
        default -> throw new IllegalStateException(kinds);
      }
      values.add(a.s);
    }
    if (expect) {
      value(args.get(2));
      values.add(args.get(2).s);
    }
    if (result != null) {
      addresses.add(result);
    }
    steps.add(new Step(c.line, text.substring(c.s.length()).strip(), cpu, result, verb.s, values));
  }

  private static String usage(String kinds) {
    return kinds.isEmpty() ? "no arguments" : kinds.chars().mapToObj(k -> switch (k) {
      case 'p' -> "PAGE";
      case 'a' -> "ADDRESS";
      case 'r' -> "ADDRESS[+OFFSET]";
      case 'v' -> "VALUE";
      case 'n' -> "COUNT";
      default -> "TASK";
    }).reduce((x, y) -> x + " " + y).orElseThrow() + (kinds.equals("r") ? " [expect VALUE]" : "");
  }

  private static void arity(List<Tok> t, int n, String usage) {
    if (t.size() != n) {
      Tok where = t.size() > n ? t.get(n) : t.get(t.size() - 1);
      throw where.error("expected '" + usage + "'");
    }
  }

  private void address(Tok t, String name) {
    if (!addresses.contains(name)) {
      throw t.error("unknown address name '" + name + "' (bind it first: " + name
          + " = kmap_local_page ...)");
    }
  }

  private void task(Tok t) {
    if (!taskNames.contains(t.s)) {
      throw t.error("unknown task '" + t.s + "'");
    }
  }

  private static String newName(Tok t, Set<String> names) {
    if (!NAME.matcher(t.s).matches()) {
      throw t.error("'" + t.s + "' is not a name");
    }
    if (!names.add(t.s)) {
      throw t.error("task '" + t.s + "' is declared twice");
    }
    return t.s;
  }

  private int cpu(Tok t) {
    Matcher m = CPU.matcher(t.s);
    if (!m.matches()) {
      throw t.error("expected cpuN, got '" + t.s + "'");
    }
    return existing(t, number(t, m.group(1)));
  }

  private int existing(Tok t, int cpu) {
    if (cpu >= config.cpus()) {
      throw t.error("there is no CPU" + cpu + ": the machine has " + config.cpus() + " CPUs");
    }
    return cpu;
  }

  static long value(Tok t) {
    try {
      return ScenarioValues.number(t.s);
    } catch (NumberFormatException e) {
      throw t.error("'" + t.s + "' is not a number" + (t.s.matches("(0x)?[0-9a-fA-F]+")
          ? " that fits 64 bits" : ""));
    }
  }

  private static int number(Tok t, String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw t.error("'" + s + "' is not a number");
    }
  }

  private static String value(Tok t, String value) {
    if (value == null || value.isEmpty()) {
      throw t.error("'" + t.s + "' needs a value");
    }
    return value;
  }

  private static boolean flag(Tok t, String value) {
    if (value != null) {
      throw t.error("'" + t.s + "' is a flag and takes no value");
    }
    return true;
  }

  /** A token and where it starts. */
  record Tok(String s, int line, int col) {
    ScenarioException error(String why) {
      return new ScenarioException(line, col, why);
    }
  }
}
