// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.List;

/**
 * Everything observable about a machine at one moment ({@link Machine#snapshot()}), as an
 * immutable value: the kernel page table, every CPU's TLB entries and VIVT cache lines, the
 * contents of physical and device memory, every task (state, CPU, disable counts, {@code
 * kmap_ctrl}), each CPU's current task, context nesting, interrupt flag and counters, the
 * persistent kmap pool ({@code pkmap_count}, {@code last_pkmap_nr}, {@code page_address}, holders
 * and wait queues), the live io_mappings and the ioremap cursor, and the diagnostics.
 *
 * <p>Two snapshots are {@linkplain #equals equal} exactly when nothing observable differs (tasks
 * are compared by name, so snapshots of two machines built and driven alike are equal too);
 * memory that was never written reads as zero and compares equal to memory written with zeros.
 * {@link #diff} says what differs, one line per difference, for test failures.
 *
 * <p>A snapshot of a machine can be handed back to it: {@link Machine#restore} puts the machine
 * back in exactly that state.
 */
public interface MachineSnapshot {

  /**
   * What differs from {@code other}, one line each in kernel terms ({@code "CPU0 TLB 0xfffba000:
   * pfn 0x40000 -> none"}), or an empty list when the snapshots are equal.
   */
  List<String> diff(MachineSnapshot other);

  /** Whether {@code o} is a snapshot of the same observable state. */
  @Override
  boolean equals(Object o);

  @Override
  int hashCode();
}
