// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.spi.ArchVariant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the scenario format of docs/SCENARIOS.md into typed {@link Statement}s, the syntax of
 * each call taken from its {@link Verb}. Every name is checked here, in file order: a task must
 * be declared before it is used, an address or io_mapping name bound before it is used.
 */
final class ScenarioParser {
  private static final Pattern TOKEN = Pattern.compile("\\S+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CPU = Pattern.compile("cpu(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PAGE =
      Pattern.compile("(highmem|lowmem)\\+(0x[0-9a-fA-F]+|\\d+)|pfn:(0x[0-9a-fA-F]+|\\d+)");
  private static final Pattern REF =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\+(0x[0-9a-fA-F]+|\\d+))?");
  private static final Pattern COUNT = Pattern.compile("LAST_PKMAP(?:-(\\d+))?");

  private final ArchRegistry registry;
  /** The variant to run on instead of the machine line's, or null. */
  private final String variant;
  private final List<Scenario.TaskDecl> tasks = new ArrayList<>();
  private final Set<String> taskNames = new HashSet<>();
  private final Set<String> irqNames = new HashSet<>();
  private final Set<String> addresses = new HashSet<>();
  private final Set<String> ioMappings = new HashSet<>();
  private final List<Statement> steps = new ArrayList<>();
  private final List<Scenario.PageRef> pages = new ArrayList<>();
  private final List<Scenario.Expected> expected = new ArrayList<>();
  /** The programs of tasks and interrupt handlers, in the order first declared. */
  private final Map<String, ProgramDraft> programs = new LinkedHashMap<>();
  private ArchVariant arch;
  private MachineConfig config;
  private int machineLine;

  ScenarioParser(ArchRegistry registry, String variant) {
    this.registry = registry;
    this.variant = variant;
  }

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
    List<Scenario.Program> bodies = new ArrayList<>();
    for (ProgramDraft d : programs.values()) {
      if (d.irq && d.body.isEmpty()) {
        throw new ScenarioException(d.line, 1, "irq '" + d.name + "' has no body (give it"
            + " statements: " + d.name + ": ...)");
      }
      if (!d.body.isEmpty()) {
        bodies.add(new Scenario.Program(d.name, d.irq, d.cpu, d.line, d.body));
      }
    }
    return new Scenario(arch, config, machineLine, tasks, steps, pages, expected, bodies);
  }

  /** A program being read: a task's, or an interrupt handler's body. */
  private static final class ProgramDraft {
    final String name;
    final boolean irq;
    final int cpu;
    final int line;
    final List<Statement> body = new ArrayList<>();

    ProgramDraft(String name, boolean irq, int cpu, int line) {
      this.name = name;
      this.irq = irq;
      this.cpu = cpu;
      this.line = line;
    }
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
      case "irq" -> {
        arity(t, 3, "irq NAME cpu=N");
        if (taskNames.contains(t.get(1).s)) {
          throw t.get(1).error("'" + t.get(1).s + "' is a task's name");
        }
        String name = newName(t.get(1), irqNames);
        Tok c = t.get(2);
        if (!c.s.startsWith("cpu=")) {
          throw c.error("expected cpu=N, got '" + c.s + "'");
        }
        programs.put(name, new ProgramDraft(name, true, existing(c, number(c, c.s.substring(4))),
            first.line));
      }
      case "expect" -> expect(t);
      default -> {
        String owner = first.s.endsWith(":") ? first.s.substring(0, first.s.length() - 1) : "";
        if (!CPU.matcher(owner).matches()
            && (taskNames.contains(owner) || irqNames.contains(owner))) {
          program(owner, t, text);
          return;
        }
        Verb onMachine = Verb.named(t.size() > 2 && t.get(1).s.equals("=") ? t.get(2).s
            : first.s);
        if (onMachine != null && onMachine.onMachine()) {
          machineCall(t, text, onMachine);
        } else {
          call(t, text);
        }
      }
    }
  }

  private void machine(List<Tok> t) {
    if (config != null) {
      throw t.get(0).error("a second 'machine' line");
    }
    MachineConfig.Builder b = MachineConfig.preset("x86").toBuilder();
    String archName = variant;
    Integer cpus = null;
    for (Tok k : t.subList(1, t.size())) {
      int eq = k.s.indexOf('=');
      String key = eq < 0 ? k.s : k.s.substring(0, eq);
      String value = eq < 0 ? null : k.s.substring(eq + 1);
      switch (key) {
        case "arch" -> {
          String name = value(k, value);
          try {
            registry.variant(name);
          } catch (KmapException e) {
            throw new ScenarioException(k.line, k.col + 5, e.diagnostic().message());
          }
          archName = variant == null ? name : variant;
        }
        case "cpus" -> {
          cpus = number(k, value(k, value));
          if (cpus < 1) {
            throw new ScenarioException(k.line, k.col + 5, "cpus must be at least 1, got " + cpus);
          }
        }
        case "memory" -> {
          try {
            b.memoryBytes(ScenarioValues.memparse(value(k, value)));
          } catch (IllegalArgumentException e) {
            throw k.error(e.getMessage());
          }
        }
        case "debug-kmap-local" -> b.debugKmapLocal(flag(k, value));
        case "forcemap" -> b.forceMap(flag(k, value));
        case "dcache-aliases" -> b.dcacheAliases(flag(k, value));
        case "preempt-rt" -> b.preemptRt(flag(k, value));
        default -> throw k.error("unknown machine setting '" + key + "'; known: arch=, cpus=,"
            + " memory=, debug-kmap-local, forcemap, dcache-aliases, preempt-rt");
      }
    }
    if (archName == null) {
      throw t.get(0).error("'machine' needs arch=NAME");
    }
    try {
      this.arch = registry.variant(archName);
    } catch (KmapException e) {
      throw t.get(0).error(e.diagnostic().message());
    }
    int limit = this.arch.maxCpus();
    // the default (or, run on another variant, the scenario's) capped at the variant's NR_CPUS
    b.arch(archName).cpus(cpus == null ? Math.min(MachineConfig.DEFAULT_CPUS, limit)
        : variant == null ? cpus : Math.min(cpus, limit));
    config = b.build();
    machineLine = t.get(0).line;
    for (int c = 0; c < config.cpus(); c++) {
      taskNames.add("swapper/" + c); // every CPU's idle task
    }
  }

  /** {@code expect CODE [COUNT]}. */
  private void expect(List<Tok> t) {
    if (t.size() < 2 || t.size() > 3) {
      Tok where = t.size() > 3 ? t.get(3) : t.get(t.size() - 1);
      throw where.error("expected 'expect CODE [COUNT]'");
    }
    Tok c = t.get(1);
    DiagnosticCode code = Arrays.stream(DiagnosticCode.values())
        .filter(d -> d.code().equals(c.s)).findFirst()
        .orElseThrow(() -> c.error("unknown diagnostic code '" + c.s + "' (docs/DIAGNOSTICS.md)"));
    int count = t.size() == 3 ? number(t.get(2), t.get(2).s) : 1;
    if (count < 0) {
      throw t.get(2).error("a count of 0 or more, got '" + t.get(2).s + "'");
    }
    expected.add(new Scenario.Expected(code, count, c.line));
  }

  /**
   * {@code OWNER: call}: a statement of a task's program or of an interrupt handler's body, which
   * the explorer schedules (docs/SCENARIOS.md, concurrent scenarios): on the CPU the task or
   * handler is on when it runs, so {@code schedule} is the explorer's, not the program's.
   */
  private void program(String owner, List<Tok> t, String text) {
    Tok c = t.get(0);
    if (t.size() < 2) {
      throw c.error("a call is missing after '" + c.s + "'");
    }
    ProgramDraft d = programs.get(owner);
    if (d == null) {
      Scenario.TaskDecl task = tasks.stream().filter(x -> x.name().equals(owner)).findFirst()
          .orElseThrow(() -> c.error("'" + owner + "' is an idle task: it runs no program"));
      d = new ProgramDraft(owner, false, task.cpu(), c.line);
      programs.put(owner, d);
    }
    List<Tok> rest = t.subList(1, t.size());
    String body = text.substring(c.s.length()).strip();
    Verb onMachine = Verb.named(rest.size() > 2 && rest.get(1).s.equals("=") ? rest.get(2).s
        : rest.get(0).s);
    Statement s = onMachine != null && onMachine.onMachine() ? machineStatement(rest, body,
        onMachine) : callAt(t, body, d.cpu);
    if (s.verb() == Verb.SCHEDULE) {
      throw rest.get(0).error("a program does not call 'schedule': which task runs when is the"
          + " explorer's choice (kmapsim explore)");
    }
    d.body.add(s);
  }

  /** migrate, fork, exit, wake, {@code NAME = io_mapping_create_wc}, io_mapping_free. */
  private void machineCall(List<Tok> t, String text, Verb verb) {
    steps.add(machineStatement(t, text, verb));
  }

  private Statement machineStatement(List<Tok> t, String text, Verb verb) {
    String result = null;
    List<Tok> rest = t;
    if (t.size() > 2 && t.get(1).s.equals("=")) {
      result = t.get(0).s;
      if (!NAME.matcher(result).matches()) {
        throw t.get(0).error("'" + result + "' is not a name");
      }
      if (verb.binds() != Verb.Binds.IO_MAPPING) {
        throw t.get(2).error("'" + verb.callName() + "' returns nothing to name");
      }
      rest = t.subList(2, t.size());
    } else if (verb.binds() == Verb.Binds.IO_MAPPING) {
      throw t.get(0).error("name the io_mapping: NAME = " + verb.callName() + " BASE SIZE");
    }
    String syntax = verb.syntax();
    arity(rest, syntax.length() + 1, usage(verb));
    List<Arg> args = new ArrayList<>();
    for (int i = 0; i < syntax.length(); i++) {
      Tok a = rest.get(i + 1);
      args.add(switch (syntax.charAt(i)) {
        case 't' -> task(a);
        case 'c' -> new Arg.CpuArg(cpu(a));
        case 'N' -> new Arg.NameArg(newName(a, taskNames));
        case 'v' -> new Arg.Value(value(a));
        case 'i' -> ioMapping(a);
        default -> throw new IllegalStateException(syntax);
      });
    }
    if (result != null) {
      ioMappings.add(result);
    }
    return new Statement(t.get(0).line, text, -1, result, verb, args);
  }

  private static String usage(Verb verb) {
    return switch (verb) {
      case MIGRATE -> "migrate TASK cpuN";
      case FORK -> "fork PARENT CHILD";
      case IO_MAPPING_CREATE_WC -> "NAME = io_mapping_create_wc BASE SIZE";
      case IO_MAPPING_FREE -> "io_mapping_free IOMAP";
      default -> verb.callName() + " TASK";
    };
  }

  private void call(List<Tok> t, String text) {
    Tok c = t.get(0);
    if (!c.s.endsWith(":") || !CPU.matcher(c.s.substring(0, c.s.length() - 1)).matches()) {
      throw c.error("expected 'machine', 'task', 'irq', 'expect', a machine call (migrate, fork,"
          + " exit, wake, io_mapping_create_wc, io_mapping_free), 'cpuN:' or a task's or irq's"
          + " 'NAME:', got '" + c.s + "'");
    }
    int cpu = cpu(new Tok(c.s.substring(0, c.s.length() - 1), c.line, c.col));
    if (t.size() < 2) {
      throw c.error("a call is missing after '" + c.s + "'");
    }
    steps.add(callAt(t, text.substring(c.s.length()).strip(), cpu));
  }

  /** The call after the prefix token {@code t.get(0)} ({@code cpuN:} or a program's owner). */
  private Statement callAt(List<Tok> t, String text, int cpu) {
    int at = 1;
    String result = null;
    if (t.size() > 3 && t.get(2).s.equals("=")) {
      result = t.get(1).s;
      if (!NAME.matcher(result).matches()) {
        throw t.get(1).error("'" + result + "' is not a name");
      }
      at = 3;
    }
    Tok verbTok = t.get(at);
    Verb verb = Verb.named(verbTok.s);
    if (verb == null || verb.onMachine()) {
      throw verbTok.error("unknown call '" + verbTok.s + "'");
    }
    String kinds = verb.syntax();
    if (result != null && !verb.bindsAddress()) {
      throw verbTok.error("'" + verb.callName() + "' returns no address to name");
    }
    if (result == null && verb.bindsAddress()) {
      throw verbTok.error("name the address " + verb.callName() + " returns: NAME = "
          + verb.callName() + " ...");
    }
    List<Tok> args = t.subList(at + 1, t.size());
    int k = kinds.length();
    boolean expect = verb.takesExpect() && args.size() == k + 2 && args.get(k).s.equals("expect");
    if (args.size() != kinds.length() && !expect) {
      Tok where = args.size() > kinds.length() ? args.get(kinds.length()) : verbTok;
      throw where.error("'" + verb.callName() + "' takes " + usage(kinds)
          + (verb.takesExpect() ? " [expect VALUE]" : "") + ", got "
          + args.size() + " argument" + (args.size() == 1 ? "" : "s"));
    }
    List<Arg> values = new ArrayList<>();
    for (int i = 0; i < kinds.length(); i++) {
      Tok a = args.get(i);
      values.add(switch (kinds.charAt(i)) {
        case 'p' -> {
          Arg.PageArg page = page(a);
          int n = kinds.indexOf('n');
          pages.add(new Scenario.PageRef(page, n > i ? count(args.get(n))
              : new Arg.Count(1, false), a.line, a.col));
          yield page;
        }
        case 'f' -> folio(a);
        case 'a' -> {
          address(a, a.s);
          yield new Arg.Ref(a.s, 0);
        }
        case 'r' -> ref(a);
        case 'v' -> new Arg.Value(value(a));
        case 'n' -> count(a);
        case 't' -> task(a);
        case 'i' -> ioMapping(a);
        case 's' -> symbol(a);
        default -> throw new IllegalStateException(kinds);
      });
    }
    if (expect) {
      values.add(new Arg.Value(value(args.get(k + 1))));
    }
    if (result != null) {
      addresses.add(result);
    }
    return new Statement(t.get(0).line, text, cpu, result, verb, values);
  }

  private static String usage(String kinds) {
    return kinds.isEmpty() ? "no arguments" : kinds.chars().mapToObj(k -> switch (k) {
      case 'p' -> "PAGE";
      case 'f' -> "FOLIO";
      case 'a' -> "ADDRESS";
      case 'r' -> "ADDRESS[+OFFSET]";
      case 'v' -> "VALUE";
      case 'n' -> "COUNT";
      case 'i' -> "IOMAP";
      case 's' -> "NAME";
      default -> "TASK";
    }).reduce((x, y) -> x + " " + y).orElseThrow();
  }

  private static void arity(List<Tok> t, int n, String usage) {
    if (t.size() != n) {
      Tok where = t.size() > n ? t.get(n) : t.get(t.size() - 1);
      throw where.error("expected '" + usage + "'");
    }
  }

  /** A page; its number must fit 64 bits, or it is bad input at the number's column. */
  private static Arg.PageArg page(Tok a) {
    Matcher m = PAGE.matcher(a.s);
    if (!m.matches()) {
      throw a.error("expected a page: highmem+N, lowmem+N or pfn:N, got '" + a.s + "'");
    }
    int g = m.group(1) == null ? 3 : 2;
    long n = value(new Tok(m.group(g), a.line, a.col + m.start(g)));
    if (m.group(1) == null) {
      return new Arg.PageArg(Arg.PageArg.Region.PFN, n);
    }
    return new Arg.PageArg(m.group(1).equals("highmem") ? Arg.PageArg.Region.HIGHMEM
        : Arg.PageArg.Region.LOWMEM, n);
  }

  /** {@code PAGE/ORDER}: a folio of 2^ORDER pages, its head aligned to its size. */
  private Arg.FolioArg folio(Tok a) {
    int slash = a.s.indexOf('/');
    if (slash < 0) {
      throw a.error("expected a folio: PAGE/ORDER, such as highmem+8/2, got '" + a.s + "'");
    }
    Tok head = new Tok(a.s.substring(0, slash), a.line, a.col);
    Arg.PageArg page = page(head);
    long order = number(new Tok(a.s.substring(slash + 1), a.line, a.col + slash + 1),
        a.s.substring(slash + 1));
    if (order < 0 || order > 10) {
      throw a.error("a folio order from 0 to 10, got " + order);
    }
    pages.add(new Scenario.PageRef(page, new Arg.Count(1L << order, false), a.line, a.col));
    return new Arg.FolioArg(page, (int) order);
  }

  private Arg.Ref ref(Tok a) {
    Matcher m = REF.matcher(a.s);
    if (!m.matches()) {
      throw a.error("expected NAME or NAME+OFFSET, got '" + a.s + "'");
    }
    address(a, m.group(1));
    return new Arg.Ref(m.group(1), m.group(2) == null ? 0
        : value(new Tok(m.group(2), a.line, a.col + m.start(2))));
  }

  private static Arg.Count count(Tok a) {
    Matcher m = COUNT.matcher(a.s);
    if (m.matches()) {
      long less = m.group(1) == null ? 0 : number(a, m.group(1));
      return new Arg.Count(less, true);
    }
    long n = value(a);
    if (n < 1 || n > 100_000) {
      throw a.error("a count from 1 to 100000 or LAST_PKMAP[-N], got '" + a.s + "'");
    }
    return new Arg.Count(n, false);
  }

  private void address(Tok t, String name) {
    if (!addresses.contains(name)) {
      throw t.error("unknown address name '" + name + "' (bind it first: " + name
          + " = kmap_local_page ...)");
    }
  }

  /** A per-CPU variable's, a lock's or a mutex's name. */
  private static Arg.NameArg symbol(Tok t) {
    if (!NAME.matcher(t.s).matches()) {
      throw t.error("'" + t.s + "' is not a name");
    }
    return new Arg.NameArg(t.s);
  }

  private Arg.NameArg ioMapping(Tok t) {
    if (!ioMappings.contains(t.s)) {
      throw t.error("unknown io_mapping '" + t.s + "' (create it first: " + t.s
          + " = io_mapping_create_wc BASE SIZE)");
    }
    return new Arg.NameArg(t.s);
  }

  private Arg.TaskArg task(Tok t) {
    if (!taskNames.contains(t.s)) {
      throw t.error("unknown task '" + t.s + "'");
    }
    return new Arg.TaskArg(t.s);
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

  /** A 64-bit value; digits that do not fit are bad input at their column. */
  private static long value(Tok t) {
    try {
      return ScenarioValues.number(t.s);
    } catch (NumberFormatException e) {
      throw t.error("'" + t.s + "' is not a number" + (t.s.matches("(0x)?[0-9a-fA-F]+")
          ? " that fits 64 bits" : ""));
    }
  }

  private static int number(Tok t, String s) {
    try {
      return s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
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
  private record Tok(String s, int line, int col) {
    ScenarioException error(String why) {
      return new ScenarioException(line, col, why);
    }
  }
}
