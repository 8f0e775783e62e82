// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import io.github.kmapsim.api.Site;
import java.util.List;

/**
 * The sites of a task's held maps, for the diagnostics that report maps still held (an exit, the
 * end of an interrupt, a return to user space, the kmap stack's overflow): implemented by the
 * checker above, installed in {@link Reporter} by the machine's wiring.
 */
public interface LeakSites {

  /** Where each of the task's live local kmaps was made, bottom of the stack first. */
  List<Site> held(TaskSite task);

  /**
   * The sites that mapped more often than they unmapped, as a sentence to append to a message
   * ({@code "; mapped more often than unmapped: ex.ksim:7 (a) 15 of 15 still held"}), or {@code
   * ""} when none is known.
   */
  String tally();
}
