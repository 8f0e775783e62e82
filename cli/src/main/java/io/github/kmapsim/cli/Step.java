// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import java.util.List;

/**
 * One parsed scenario step: a kernel call on a CPU ({@code cpu >= 0}) or a machine-level action
 * ({@code cpu == -1}: migrate, fork, exit, wake).
 *
 * @param line the 1-based source line
 * @param text the step as written, for the log
 * @param cpu the CPU the call runs on, or -1
 * @param result the name the returned address is bound to, or null
 * @param verb the call, such as {@code kmap_local_page}
 * @param args its arguments
 */
record Step(int line, String text, int cpu, String result, String verb, List<String> args) {
  Step {
    args = List.copyOf(args);
  }

  String arg(int i) {
    return args.get(i);
  }
}
