// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Cpu#kmap(Page)} did. The kernel's {@code kmap()} does not return until the page has
 * an address: when every pkmap entry (of the page's colour) is in use, {@code map_new_virtual()}
 * puts the task to sleep on {@code pkmap_map_wait} and, once woken, scans again. A simulated CPU
 * cannot block its caller, so the call returns {@link Sleeping} instead; the core keeps the
 * retry: when the task is woken (by a {@code kunmap()} that frees an entry, or by {@link
 * Machine#wakeUpProcess}) and scheduled again, the core scans again on its behalf, and the
 * outcome is observable through {@link Task#kmapWaiting()} (empty once the page is mapped), {@link
 * Machine#pageAddress} (the address the retry gave) and the listener's {@link
 * KmapListener#kmapRetried} and {@link KmapListener#kmapSleeping} events.
 */
public sealed interface KmapResult permits KmapResult.Mapped, KmapResult.Sleeping {

  /**
   * The address {@code kmap()} returned.
   *
   * @throws KmapException {@link DiagnosticCode#BAD_ARGUMENT} for {@link Sleeping}: the task has
   *     no address until it runs again (API misuse: nothing is recorded, nothing changes)
   */
  long vaddr();

  /** Whether the page is mapped now ({@link Mapped}). */
  boolean mapped();

  /**
   * The page is mapped: {@code page_address()} of a lowmem page, or the page's pkmap entry.
   *
   * @param vaddr the address, page aligned (where the variant's layout puts it: a port under test
   *     may place its pkmap area anywhere)
   */
  record Mapped(long vaddr) implements KmapResult {
    /**
     * Checks the address.
     *
     * @throws IllegalArgumentException when {@code vaddr} is negative
     */
    public Mapped {
      if (vaddr < 0) {
        throw new IllegalArgumentException("vaddr must not be negative, got " + vaddr);
      }
    }

    @Override
    public boolean mapped() {
      return true;
    }
  }

  /**
   * Every pkmap entry of the page's colour is in use: the task sleeps on {@code pkmap_map_wait}
   * (TASK_UNINTERRUPTIBLE) and its CPU now runs its idle task. The core retries the kmap() when
   * the task is woken and scheduled again.
   *
   * @param task the task that sleeps
   * @param page the page it waits to map
   */
  record Sleeping(Task task, Page page) implements KmapResult {
    /**
     * Checks the fields.
     *
     * @throws NullPointerException when {@code task} or {@code page} is null
     */
    public Sleeping {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(page, "page");
    }

    @Override
    public long vaddr() {
      throw new KmapException(new Diagnostic(DiagnosticCode.BAD_ARGUMENT, task.cpu(),
          task.name(), Context.TASK, task.name() + " sleeps on pkmap_map_wait in kmap(" + page
              + "): it has no address until it is woken and scheduled again", List.of()));
    }

    @Override
    public boolean mapped() {
      return false;
    }
  }
}
