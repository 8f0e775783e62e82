// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/** The execution context of a CPU, as {@code preempt_count()}'s context bits tell it. */
public enum Context {
  /** Process context: {@code in_task()}. */
  TASK,
  /** Serving softirqs: {@code in_serving_softirq()}. */
  SOFTIRQ,
  /** Hard interrupt: {@code in_hardirq()}. */
  HARDIRQ,
  /** Non-maskable interrupt: {@code in_nmi()}. */
  NMI
}
