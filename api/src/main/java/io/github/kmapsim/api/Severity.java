// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/** How serious a {@link Diagnostic} is, in the kernel's terms. */
public enum Severity {
  /**
   * A {@code WARN_ON_ONCE}-class problem (or a simulator check of the same weight): reported, and
   * the machine runs on as the kernel does.
   */
  WARN,
  /**
   * A {@code BUG_ON}-class problem or an oops: the operation stops with a {@link KmapException}
   * and the machine is left as it was before the call.
   */
  BUG,
  /**
   * A request the simulated machine refuses (bad argument, or an operation the scheduler or the
   * context rules forbid): a {@link KmapException}, nothing changed.
   */
  REFUSED
}
